"""Unrolls the GRU cell over a short sequence (one cell object per step, all sharing the same packed
weight arrays), reads the last hidden state out linearly and learns the sign-weighted sum of the
sequence's first input feature; each cell then steps the shared weights with its own gradient."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_gru_packed_gate_weights_clean as lib  # noqa: E402

rng = np.random.RandomState(7)
N, T, D, H = 32, 5, 3, 10
xs = rng.randn(T, N, D) * 0.5
signs = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
target = np.einsum("t,tn->n", signs, xs[:, :, 0])[:, None] * 0.5  # (N, 1)

Wx = rng.randn(D, 3 * H) / np.sqrt(D)
Wh = rng.randn(H, 3 * H) / np.sqrt(H)
b = np.zeros(3 * H)
Wy = rng.randn(H, 1) * 0.3
by = np.zeros(1)
cells = [lib.GRUCell(Wx, Wh, b) for _ in range(T)]
lr = 0.6

for it in range(401):
    h = np.zeros((N, H))
    for t in range(T):
        h = cells[t].forward(xs[t], h)
    pred = h @ Wy + by
    loss = 0.5 * np.mean((pred - target) ** 2)
    if it % 80 == 0:
        print("iteration %d loss %.5f" % (it, loss))

    dpred = (pred - target) / N
    dWy = h.T @ dpred
    dby = dpred.sum(axis=0)
    dh = dpred @ Wy.T
    for t in reversed(range(T)):
        _, dh = cells[t].backward(dh)
    for cell in cells:
        cell.sgd_step(lr)  # the cells share Wx, Wh, b: the steps add up to one step on the summed gradient
    Wy -= lr * dWy
    by -= lr * dby
