"""Trains the library's cell over short sequences (backprop through time, the read-out's error at the last step
only) to output the running mean of its inputs' first feature."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_rnn_cell_states_clean as lib  # noqa: E402

rng = np.random.RandomState(4)
N, T, D, H = 32, 4, 3, 12
xs = rng.randn(T, N, D)
target = xs[:, :, :1].mean(axis=0)
cell = lib.RNNCell(D, H, seed=1)
W_out = rng.randn(H, 1) * 0.3
b_out = np.zeros(1)
lr = 0.5

for it in range(301):
    hs = [np.zeros((N, H))]
    for t in range(T):
        hs.append(cell(xs[t], hs[-1]))
    pred = hs[-1] @ W_out + b_out
    loss = 0.5 * np.mean((pred - target) ** 2)
    if it % 100 == 0:
        print("iteration", it, "loss", round(float(loss), 6))
    dpred = (pred - target) / N
    dW_out = hs[-1].T @ dpred
    db_out = dpred.sum(axis=0)
    delta = dpred @ W_out.T * N  # the cell averages over the batch itself
    cell.zero_grad()
    for t in reversed(range(T)):
        _, delta = cell.backward(delta, hs[t + 1], xs[t], hs[t])
    for param, grad in ((cell.W_ih, cell.dW_ih), (cell.W_hh, cell.dW_hh), (cell.b_ih, cell.db_ih),
                        (cell.b_hh, cell.db_hh)):
        param -= lr * grad
    W_out -= lr * dW_out
    b_out -= lr * db_out
print("final loss", round(float(loss), 6))
