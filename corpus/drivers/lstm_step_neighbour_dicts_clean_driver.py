"""Trains the LSTM cell of lstm_step_neighbour_dicts_clean by backpropagation through time.

The task: at every step, output half the current input's first feature plus the second feature
seen two steps earlier (a short memory).  The forward pass runs over the sequence keeping each
step's dict; the backward pass walks the steps in reverse, handing each the gradient at its output, its
dict, its neighbours' dicts and the gradient dict the next step returned (dicts of zeros past either end),
and sums the weight gradients over time; then one plain gradient step.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lstm_step_neighbour_dicts_clean as lstm  # noqa: E402

N_IN, N_HIDDEN, N_OUT, T, BATCH = 2, 16, 1, 8, 32


def make_batch(rng):
    x = rng.uniform(-1, 1, size=(T, N_IN, BATCH))
    y = 0.5 * x[:, :1, :]
    y[2:] += x[:-2, 1:2, :]
    return x, y


def bptt(cell, x, target):
    """The loss (half the squared error, averaged over the batch, summed over time) and its
    gradient with respect to every weight of the cell."""
    zeros = np.zeros((N_HIDDEN, BATCH))
    c, h = zeros, zeros
    fds = []
    for t in range(T):
        fd = cell.forward(x[t], c, h)
        c, h = fd["c"], fd["h"]
        fds.append(fd)
    loss = sum(0.5 * np.sum((fd["y"] - target[t]) ** 2) for t, fd in enumerate(fds)) / BATCH

    before_first = {"c": zeros, "h": zeros}
    after_last = {"f": zeros}
    next_gd = {"dc": zeros, "da": zeros, "di": zeros, "df": zeros, "do": zeros}
    total = {k: np.zeros_like(v) for k, v in cell.weights.items()}
    for t in reversed(range(T)):
        next_fd = fds[t + 1] if t < T - 1 else after_last
        prev_fd = fds[t - 1] if t > 0 else before_first
        dy = (fds[t]["y"] - target[t]) / BATCH
        gd = cell.backward(dy, fds[t], prev_fd, next_fd, next_gd)
        for k in total:
            total[k] += gd["d" + k]
        next_gd = gd
    return loss, total


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    cell = lstm.LSTMCell(N_HIDDEN, N_IN, N_OUT, seed=1)
    lr = 0.1
    for it in range(601):
        x, target = make_batch(rng)
        loss, grads = bptt(cell, x, target)
        if it % 100 == 0:
            print(f"iteration {it:4d} loss {loss:.5f}")
        for k in cell.weights:
            cell.weights[k] -= lr * grads[k]
