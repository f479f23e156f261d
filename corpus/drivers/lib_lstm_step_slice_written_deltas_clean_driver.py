"""Trains the library's LSTM with a per-step affine read-out and softmax loss to name the symbol it
saw two steps earlier (a short memory task over one-hot symbols)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_lstm_step_slice_written_deltas_clean as lib  # noqa: E402

rng = np.random.RandomState(11)
N, T, V, H = 8, 8, 6, 16
symbols = rng.randint(V, size=(N, T))
x = np.eye(V)[symbols]  # (N, T, V)
target = np.zeros((N, T), dtype=int)
target[:, 2:] = symbols[:, :-2]

Wx = rng.randn(V, 4 * H) / np.sqrt(V)
Wh = rng.randn(H, 4 * H) / np.sqrt(H)
b = np.zeros(4 * H)
b[H:2 * H] = 1.0  # forget gate starts open
Wy = rng.randn(H, V) / np.sqrt(H)
by = np.zeros(V)
h0 = np.zeros((N, H))
params = [Wx, Wh, b, Wy, by]
lr = 0.3

for it in range(301):
    h, caches = lib.lstm_forward(x, h0, Wx, Wh, b)
    scores, acache = lib.temporal_affine_forward(h, Wy, by)
    loss, dscores = lib.temporal_softmax_loss(scores, target)
    if it % 60 == 0:
        print("iteration %d loss %.5f" % (it, loss))
    dh, dWy, dby = lib.temporal_affine_backward(dscores, acache)
    _, _, dWx, dWh, db = lib.lstm_backward(dh, caches)
    for p, g in zip(params, (dWx, dWh, db, dWy, dby)):
        p -= lr * np.clip(g, -5, 5)
