"""Buggy: the joint gate delta takes the tanh derivative (1 - G ** 2) although both gates are
sigmoids. Otherwise a GRU layer library: one sigmoid over a joint pre-activation gives both gates,
split by columns into the reset gate (first H) and the update gate (last H); the candidate has
weights of its own. Backward writes the two gate gradients back into one array shaped like the
activated gates, takes the sigmoid derivative once for both, and sends that delta through the
joint weights."""
# bp-corpus: buggy
# bp-style: layer library with no driver in the file, row convention (x.dot(W) + prev_h.dot(U) + b), GRU step whose gates are one sigmoid(...) split after activation (G[:, :H] reset, G[:, H:] update), candidate tanh over (r * prev_h).dot(Uc), interpolation (1 - u) * prev_h + u * c, dG = np.zeros_like(G) written slice by slice with the gate gradients then dA = dG * G * (1 - G), dx/dprev_h built up with +=, tuple cache, gru_forward/gru_backward over time with += accumulators in a list of gradients
# bp-driver: drivers/lib_gru_split_activated_gates_buggy_tanh_deriv_on_G_driver.py
import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def gru_step_forward(x, prev_h, Wg, Ug, bg, Wc, Uc, bc):
    H = prev_h.shape[1]
    G = sigmoid(x.dot(Wg) + prev_h.dot(Ug) + bg)
    r = G[:, :H]
    u = G[:, H:]
    c = np.tanh(x.dot(Wc) + (r * prev_h).dot(Uc) + bc)
    next_h = (1 - u) * prev_h + u * c
    cache = (x, prev_h, Wg, Ug, Wc, Uc, G, c)
    return next_h, cache


def gru_step_backward(dnext_h, cache):
    x, prev_h, Wg, Ug, Wc, Uc, G, c = cache
    H = prev_h.shape[1]
    r, u = G[:, :H], G[:, H:]
    du = dnext_h * (c - prev_h)  # bp: F1
    dc = dnext_h * u  # bp: F1
    dprev_h = dnext_h * (1 - u)  # bp: F1

    # the candidate's own layer
    dAc = dc * (1 - c ** 2)  # bp: F1
    dx = dAc.dot(Wc.T)  # bp: F2
    drh = dAc.dot(Uc.T)  # bp: F2
    dWc = x.T.dot(dAc)  # bp: F3
    dUc = (r * prev_h).T.dot(dAc)  # bp: F3
    dbc = dAc.sum(axis=0)  # bp: F3
    dr = drh * prev_h  # bp: F1
    dprev_h += drh * r  # bp: F1

    # both gates at once: their gradients laid out like G, then one sigmoid derivative
    dG = np.zeros_like(G)
    dG[:, H:] = du
    dG[:, :H] = dr
    dA = dG * (1 - G ** 2)  # bp: F1 BP301
    dx += dA.dot(Wg.T)  # bp: F2
    dprev_h += dA.dot(Ug.T)  # bp: F2
    dWg = x.T.dot(dA)  # bp: F3
    dUg = prev_h.T.dot(dA)  # bp: F3
    dbg = dA.sum(axis=0)  # bp: F3
    return dx, dprev_h, (dWg, dUg, dbg, dWc, dUc, dbc)


def gru_forward(x, h0, Wg, Ug, bg, Wc, Uc, bc):
    """x: (N, T, D) -> h: (N, T, H)."""
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    prev_h = h0
    caches = []
    for t in range(T):
        prev_h, cache = gru_step_forward(x[:, t, :], prev_h, Wg, Ug, bg, Wc, Uc, bc)
        h[:, t, :] = prev_h
        caches.append(cache)
    return h, caches


def gru_backward(dh, caches):
    """The gradients of (Wg, Ug, bg, Wc, Uc, bc), summed over time, and of h0."""
    N, T, H = dh.shape
    x0, _, Wg, Ug, Wc, Uc, _, _ = caches[0]
    grads = [np.zeros_like(Wg), np.zeros_like(Ug), np.zeros(2 * H),
             np.zeros_like(Wc), np.zeros_like(Uc), np.zeros(H)]
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        _, dprev_h, step_grads = gru_step_backward(dh[:, t, :] + dprev_h, caches[t])  # bp: F2
        for g, s in zip(grads, step_grads):
            g += s  # bp: F3
    return dprev_h, grads
