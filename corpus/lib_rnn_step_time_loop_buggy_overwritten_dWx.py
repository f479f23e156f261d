"""Buggy: rnn_backward overwrites dWx at each time step instead of summing it. A vanilla-RNN layer library: one time step forward/backward with a cache, and the loops over
time that call them; backprop through time sums each step's weight gradients."""
# bp-corpus: buggy
# bp-style: layer library with no driver in the file, row convention (x_t @ Wx + h_prev @ Wh + b), tanh recurrence, rnn_step_forward/rnn_step_backward with a tuple cache, rnn_forward/rnn_backward looping over time (reversed for backward) with zero-initialised accumulators dWx/dWh/db and += per step, the carried dprev_h added to each step's upstream gradient
# bp-driver: drivers/lib_rnn_step_time_loop_buggy_overwritten_dWx_driver.py
import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dz = dnext_h * (1 - next_h ** 2)  # bp: F1
    dx = dz.dot(Wx.T)  # bp: F2
    dprev_h = dz.dot(Wh.T)  # bp: F2
    dWx = x.T.dot(dz)  # bp: F3
    dWh = prev_h.T.dot(dz)  # bp: F3
    db = dz.sum(axis=0)  # bp: F3
    return dx, dprev_h, dWx, dWh, db


def rnn_forward(x, h0, Wx, Wh, b):
    """x: (N, T, D) -> h: (N, T, H)."""
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    prev_h = h0
    caches = []
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
        dWx = dWx_t  # bp: BP402
        dWh += dWh_t  # bp: F3
        db += db_t  # bp: F3
    return dx, dprev_h, dWx, dWh, db
