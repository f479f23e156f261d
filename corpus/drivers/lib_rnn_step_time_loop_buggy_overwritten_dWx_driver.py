"""Trains the library's RNN with a linear read-out on every step to predict a running sum."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_rnn_step_time_loop_buggy_overwritten_dWx as rnn  # noqa: E402

rng = np.random.RandomState(3)
N, T, D, H = 32, 6, 2, 12
x = rng.randn(N, T, D) * 0.5
target = np.cumsum(x[:, :, :1] - x[:, :, 1:], axis=1) * 0.5  # (N, T, 1)

Wx = rng.randn(D, H) * 0.3
Wh = rng.randn(H, H) * 0.1
b = np.zeros(H)
Wy = rng.randn(H, 1) * 0.3
by = np.zeros(1)
h0 = np.zeros((N, H))
lr = 0.05


def loss_of(h):
    pred = h.dot(Wy) + by
    return 0.5 * np.mean((pred - target) ** 2), pred


for it in range(401):
    h, caches = rnn.rnn_forward(x, h0, Wx, Wh, b)
    loss, pred = loss_of(h)
    if it % 100 == 0:
        print("iteration %d loss %.5f" % (it, loss))
    dpred = (pred - target) / (N * T)
    dWy = h.reshape(-1, H).T.dot(dpred.reshape(-1, 1))
    dby = dpred.sum(axis=(0, 1))
    dh = dpred.dot(Wy.T)
    _, _, dWx, dWh, db = rnn.rnn_backward(dh, caches)
    Wx -= lr * 10 * dWx
    Wh -= lr * 10 * dWh
    b -= lr * 10 * db
    Wy -= lr * 10 * dWy
    by -= lr * 10 * dby
