"""Regresses the mean brightness of the top half of small one-channel images with the unfolding convolution."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_conv_im2col_forward_loop_backward_clean as layer  # noqa: E402

rng = np.random.default_rng(5)
images = rng.uniform(0.0, 1.0, (16, 1, 6, 6))
target = images[:, :, :3, :].mean(axis=(1, 2, 3)).reshape(-1, 1)
conv = layer.UnfoldConv(n_out=2, n_in=1, k=3, rng=rng)
read_w = rng.normal(0.0, 0.1, (2 * 4 * 4, 1))
read_b = np.zeros((1, 1))
rate = 0.05
m = images.shape[0]

for epoch in range(41):
    maps = np.tanh(conv.forward(images))
    flat = maps.reshape(m, -1)
    pred = flat @ read_w + read_b
    loss = 0.5 * np.mean((pred - target) ** 2)
    if epoch % 10 == 0:
        print(f"epoch {epoch:2d} loss {loss:.5f}")

    dpred = (pred - target) / m
    dread_w = flat.T @ dpred
    dread_b = dpred.sum(axis=0, keepdims=True)
    dflat = dpred @ read_w.T
    dmaps = dflat.reshape(maps.shape) * (1 - maps ** 2)
    conv.backward(dmaps)
    conv.apply(rate)
    read_w -= rate * dread_w
    read_b -= rate * dread_b
