"""Trains the library's GRU with a linear read-out on every step to echo the first input feature of
the step before (zero at the start)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_gru_split_activated_gates_clean as gru  # noqa: E402

rng = np.random.RandomState(4)
N, T, D, H = 24, 6, 3, 10
x = rng.randn(N, T, D) * 0.5
target = np.concatenate([np.zeros((N, 1, 1)), x[:, :-1, :1]], axis=1)  # (N, T, 1)

params = [rng.randn(D, 2 * H) / np.sqrt(D), rng.randn(H, 2 * H) / np.sqrt(H), np.zeros(2 * H),
          rng.randn(D, H) / np.sqrt(D), rng.randn(H, H) / np.sqrt(H), np.zeros(H)]
Wy = rng.randn(H, 1) * 0.3
by = np.zeros(1)
h0 = np.zeros((N, H))
lr = 0.5

for it in range(301):
    h, caches = gru.gru_forward(x, h0, *params)
    pred = h.dot(Wy) + by
    loss = 0.5 * np.mean((pred - target) ** 2)
    if it % 60 == 0:
        print("iteration %d loss %.5f" % (it, loss))
    dpred = (pred - target) / (N * T)
    dWy = h.reshape(-1, H).T.dot(dpred.reshape(-1, 1))
    dby = dpred.sum(axis=(0, 1))
    _, grads = gru.gru_backward(dpred.dot(Wy.T), caches)
    for p, g in zip(params, grads):
        p -= lr * g
    Wy -= lr * dWy
    by -= lr * dby
