"""An LSTM layer library: one time step forward/backward over a single pre-activation whose four
column blocks are the gates, the loops over time that call them, and a per-step affine read-out
with a softmax loss. Backward writes each gate's delta into its own column block of one array."""
# bp-corpus: clean
# bp-style: layer library with no driver in the file, row convention (x.dot(Wx) + prev_h.dot(Wh) + b), LSTM step with gates sliced from one pre-activation A (input, forget, output, candidate), numerically stable masked sigmoid and a de_sigmoid(pre-activation) helper, dA = np.zeros_like(A) written slice by slice (dA[:, :H] = di * de_sigmoid(A[:, :H])), tanh derivative recomputed from the pre-activation, tuple caches, lstm_forward/lstm_backward over time with += accumulators, temporal affine + softmax loss with probs.copy() / -= 1
# bp-driver: drivers/lib_lstm_step_slice_written_deltas_clean_driver.py
import numpy as np


def sigmoid(x):
    """exp of a non-positive number only, so it never overflows."""
    pos = x >= 0
    neg = ~pos
    e = np.zeros_like(x)
    e[pos] = np.exp(-x[pos])
    e[neg] = np.exp(x[neg])
    top = np.ones_like(x)
    top[neg] = e[neg]
    return top / (1 + e)


def de_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    A = x.dot(Wx) + prev_h.dot(Wh) + b
    i = sigmoid(A[:, :H])
    f = sigmoid(A[:, H:2 * H])
    o = sigmoid(A[:, 2 * H:3 * H])
    g = np.tanh(A[:, 3 * H:])
    next_c = f * prev_c + i * g
    tc = np.tanh(next_c)
    next_h = o * tc
    cache = (x, prev_h, prev_c, Wx, Wh, A, i, g, f, o, tc)
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, A, i, g, f, o, tc = cache
    H = dnext_h.shape[1]
    dc = dnext_c + dnext_h * o * (1 - tc ** 2)  # bp: F1
    dprev_c = dc * f  # bp: F1
    di = dc * g  # bp: F1
    df = dc * prev_c  # bp: F1
    do = dnext_h * tc  # bp: F1
    dg = dc * i  # bp: F1
    dA = np.zeros_like(A)
    dA[:, :H] = di * de_sigmoid(A[:, :H])  # bp: F1
    dA[:, H:2 * H] = df * de_sigmoid(A[:, H:2 * H])  # bp: F1
    dA[:, 2 * H:3 * H] = do * de_sigmoid(A[:, 2 * H:3 * H])  # bp: F1
    dA[:, 3 * H:] = dg * (1 - np.tanh(A[:, 3 * H:]) ** 2)  # bp: F1
    dx = dA.dot(Wx.T)  # bp: F2
    dWx = x.T.dot(dA)  # bp: F3
    dprev_h = dA.dot(Wh.T)  # bp: F2
    dWh = prev_h.T.dot(dA)  # bp: F3
    db = dA.sum(axis=0)  # bp: F3
    return dx, dprev_h, dprev_c, dWx, dWh, db


def lstm_forward(x, h0, Wx, Wh, b):
    """x: (N, T, D) -> h: (N, T, H); the cell state starts at zero."""
    N, T, _ = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    prev_h, prev_c = h0, np.zeros((N, H))
    caches = []
    for t in range(T):
        prev_h, prev_c, cache = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        h[:, t, :] = prev_h
        caches.append(cache)
    return h, caches


def lstm_backward(dh, caches):
    N, T, H = dh.shape
    x0, _, _, Wx, Wh, _, _, _, _, _, _ = caches[0]
    dx = np.zeros((N, T, x0.shape[1]))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(4 * H)
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        step = lstm_step_backward(dh[:, t, :] + dprev_h, dprev_c, caches[t])  # bp: F2
        dx[:, t, :], dprev_h, dprev_c, dWx_t, dWh_t, db_t = step
        dWx += dWx_t  # bp: F3
        dWh += dWh_t  # bp: F3
        db += db_t  # bp: F3
    return dx, dprev_h, dWx, dWh, db


def temporal_affine_forward(h, w, b):
    N, T, H = h.shape
    out = h.reshape(N * T, H).dot(w) + b
    return out.reshape(N, T, -1), (h, w)


def temporal_affine_backward(dout, cache):
    h, w = cache
    N, T, H = h.shape
    d2 = dout.reshape(N * T, -1)
    dh = d2.dot(w.T).reshape(N, T, H)  # bp: F2
    dw = h.reshape(N * T, H).T.dot(d2)  # bp: F3
    db = d2.sum(axis=0)  # bp: F3
    return dh, dw, db


def temporal_softmax_loss(scores, y):
    N, T, V = scores.shape
    flat = scores.reshape(N * T, V)
    flat = flat - flat.max(axis=1, keepdims=True)
    probs = np.exp(flat)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(N * T), y.reshape(-1)]).mean()
    dflat = probs.copy()  # bp: error
    dflat[np.arange(N * T), y.reshape(-1)] -= 1  # bp: error F1
    dflat /= N * T  # bp: error
    return loss, dflat.reshape(N, T, V)
