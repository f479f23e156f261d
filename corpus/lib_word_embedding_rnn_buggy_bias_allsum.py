"""Buggy: the read-out's bias gradient sums the upstream gradient over every axis, not over the (N*T) rows. A captioning-style layer library: a word embedding looked up by index, a vanilla RNN over time and a
temporal affine read-out, each a forward/backward pair with a cache; the embedding's backward scatters
the upstream gradient into the rows it looked up, and backprop through time sums each step's weight
gradients into running totals."""
# bp-corpus: buggy
# bp-style: layer library with no driver in the file, row convention, word_embedding_forward/backward with np.add.at(dW, x, dout) into np.zeros_like(W), rnn_step_forward/backward with a tuple cache, rnn_backward summing step gradients with dWx = dWx + dWx_t (plain assignment, not +=), temporal_affine_forward/backward reshaping (N, T, H) to (N*T, H)
# bp-driver: drivers/lib_word_embedding_rnn_buggy_bias_allsum_driver.py
import numpy as np


def word_embedding_forward(x, W):
    out = W[x]
    return out, (x, W)


def word_embedding_backward(dout, cache):
    x, W = cache
    dW = np.zeros_like(W)
    np.add.at(dW, x, dout)  # bp: F3
    return dW


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    draw = dnext_h * (1 - next_h ** 2)  # bp: F1
    dx = draw @ Wx.T  # bp: F2
    dprev_h = draw @ Wh.T  # bp: F2
    dWx = x.T @ draw  # bp: F3
    dWh = prev_h.T @ draw  # bp: F3
    db = draw.sum(axis=0)  # bp: F3
    return dx, dprev_h, dWx, dWh, db


def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    caches = []
    prev_h = h0
    for t in range(T):
        prev_h, cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
        h[:, t, :] = prev_h
        caches.append(cache)
    return h, caches


def rnn_backward(dh, caches):
    N, T, H = dh.shape
    x0, _, Wx, Wh, _ = caches[0]
    dx = np.zeros((N, T, x0.shape[1]))
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    db = np.zeros(H)
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t, :] + dprev_h, caches[t])  # bp: F2 F3
        dx[:, t, :] = dx_t
        dWx = dWx + dWx_t  # bp: F3
        dWh = dWh + dWh_t  # bp: F3
        db = db + db_t  # bp: F3
    return dx, dprev_h, dWx, dWh, db


def temporal_affine_forward(h, w, b):
    N, T, H = h.shape
    out = h.reshape(N * T, H) @ w + b
    return out.reshape(N, T, -1), (h, w)


def temporal_affine_backward(dout, cache):
    h, w = cache
    N, T, H = h.shape
    flat = dout.reshape(N * T, -1)
    dh = (flat @ w.T).reshape(N, T, H)  # bp: F2
    dw = h.reshape(N * T, H).T @ flat  # bp: F3
    db = flat.sum()  # bp: F3 BP401
    return dh, dw, db
