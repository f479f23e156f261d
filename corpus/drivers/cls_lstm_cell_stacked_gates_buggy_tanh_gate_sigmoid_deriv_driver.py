"""Unrolls the LSTM cell over a short sequence (one cell object per step, all sharing the same
weight arrays), reads every hidden state out linearly, and learns to echo a delayed input."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_lstm_cell_stacked_gates_buggy_tanh_gate_sigmoid_deriv as lib  # noqa: E402

rng = np.random.RandomState(5)
N, T, D, H = 24, 6, 8, 8  # D == H, so the buggy twins still run
xs = rng.randn(T, N, D) * 0.5
# each step's target: the first input feature of the previous step (zero at the start)
target = np.concatenate([np.zeros((1, N, 1)), xs[:-1, :, :1]], axis=0)

Wx = rng.randn(D, 4 * H) / np.sqrt(D)
Wh = rng.randn(H, 4 * H) / np.sqrt(H)
b = np.zeros(4 * H)
b[H:2 * H] = 1.0  # forget gate starts open
Wy = rng.randn(H, 1) * 0.3
by = np.zeros(1)
cells = [lib.LSTMCell(Wx, Wh, b) for _ in range(T)]
lr = 1.0

for it in range(301):
    h = np.zeros((N, H))
    c = np.zeros((N, H))
    hs = []
    for t in range(T):
        h, c = cells[t].forward(xs[t], h, c)
        hs.append(h)
    hs = np.stack(hs)
    pred = hs @ Wy + by
    loss = 0.5 * np.mean((pred - target) ** 2)
    if it % 60 == 0:
        print("iteration %d loss %.5f" % (it, loss))

    dpred = (pred - target) / (N * T)
    dWy = hs.reshape(-1, H).T @ dpred.reshape(-1, 1)
    dby = dpred.sum(axis=(0, 1))
    dhs = dpred @ Wy.T
    grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
    dh = np.zeros((N, H))
    dc = np.zeros((N, H))
    for t in reversed(range(T)):
        _, dh, dc = cells[t].backward(dhs[t] + dh, dc)
        for g, cg in zip(grads, cells[t].grads):
            g += cg
    for p, g in zip((Wx, Wh, b), grads):
        p -= lr * g
    Wy -= lr * dWy
    by -= lr * dby
