"""Trains a small conv-then-linear classifier whose layers are the custom autograd Functions."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import autograd_fn_functional_linear_conv_buggy_transposed_f2 as fn  # noqa: E402

torch.manual_seed(0)
N, C, S, K = 64, 1, 6, 3
X = torch.randn(N, C, S, S, dtype=torch.float64)
labels = (X[:, 0, :3].sum(dim=(1, 2)) > X[:, 0, 3:].sum(dim=(1, 2))).long() + (X[:, 0, :, 0].sum(1) > 0).long()

kernel = (torch.randn(4, C, 3, 3, dtype=torch.float64) * 0.3).requires_grad_()
kbias = torch.zeros(4, dtype=torch.float64, requires_grad=True)
weight = (torch.randn(K, 4 * S * S, dtype=torch.float64) * 0.05).requires_grad_()
bias = torch.zeros(K, dtype=torch.float64, requires_grad=True)
params = [kernel, kbias, weight, bias]
lr = 0.1

for step in range(201):
    maps = torch.relu(fn.conv2d(X, kernel, kbias, 1))
    scores = fn.linear(maps.reshape(N, -1), weight, bias)
    loss = torch.nn.functional.cross_entropy(scores, labels)
    if step % 50 == 0:
        print(f"step {step} loss {loss.item():.4f}")
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad.zero_()
