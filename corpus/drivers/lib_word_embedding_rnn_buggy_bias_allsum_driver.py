"""Trains the library's embedding + RNN + read-out to predict, at each step, whether the words so far
hold more even than odd word ids."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_word_embedding_rnn_buggy_bias_allsum as lib  # noqa: E402

rng = np.random.RandomState(7)
N, T, V, D, H = 24, 5, 10, 6, 16
words = rng.randint(0, V, size=(N, T))
target = (np.cumsum(np.where(words % 2 == 0, 1.0, -1.0), axis=1) * 0.3)[:, :, None]

W_embed = rng.randn(V, D) * 0.3
Wx = rng.randn(D, H) * 0.3
Wh = rng.randn(H, H) * 0.1
b = np.zeros(H)
Wy = rng.randn(H, 1) * 0.3
by = np.zeros(1)
h0 = np.zeros((N, H))
lr = 0.3

for it in range(401):
    x, emb_cache = lib.word_embedding_forward(words, W_embed)
    h, caches = lib.rnn_forward(x, h0, Wx, Wh, b)
    pred, out_cache = lib.temporal_affine_forward(h, Wy, by)
    loss = 0.5 * np.mean((pred - target) ** 2)
    if it % 100 == 0:
        print("iteration %d loss %.5f" % (it, loss))
    dpred = (pred - target) / (N * T)
    dh, dWy, dby = lib.temporal_affine_backward(dpred, out_cache)
    dx, _, dWx, dWh, db = lib.rnn_backward(dh, caches)
    dW_embed = lib.word_embedding_backward(dx, emb_cache)
    W_embed -= lr * dW_embed
    Wx -= lr * dWx
    Wh -= lr * dWh
    b -= lr * db
    Wy -= lr * dWy
    by -= lr * dby
