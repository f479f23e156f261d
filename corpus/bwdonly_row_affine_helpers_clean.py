"""Backward halves of a row-major layer library (samples are rows, w shaped (in, out)); the
matching forward functions are written by whoever trains with it, so only the caches they
return are known here."""
# bp-corpus: clean
# bp-style: backward helpers only (no *_forward in the file), row convention (x @ w + b, x shaped (N, D), w shaped (D, M)), affine_backward(dout, cache) unpacking x, w, b = cache with .dot and inputs flattened to rows, relu_backward as np.where on the cached input, sigmoid_backward on the cached output, softmax_loss returning the loss and dx with the -= 1 on the true class, no 1/N inside affine_backward
# bp-driver: drivers/bwdonly_row_affine_helpers_clean_driver.py
import numpy as np


def affine_backward(dout, cache):
    """dout: (N, M); cache: (x, w, b) with x of shape (N, d_1, ..., d_k) and w (D, M)."""
    x, w, b = cache
    x_rows = x.reshape(x.shape[0], -1)
    dx = dout.dot(w.T).reshape(x.shape)  # bp: F2
    dw = x_rows.T.dot(dout)  # bp: F3
    db = np.sum(dout, axis=0)  # bp: F3
    return dx, dw, db


def relu_backward(dout, cache):
    """cache: the input x of the relu."""
    x = cache
    dx = np.where(x > 0, dout, 0.0)  # bp: F1
    return dx


def sigmoid_backward(dout, cache):
    """cache: the output s = 1 / (1 + exp(-x)) of the sigmoid."""
    s = cache
    dx = dout * s * (1.0 - s)  # bp: F1
    return dx


def softmax_loss(x, y):
    """x: (N, C) class scores, y: (N,) integer labels. Returns the mean loss and dloss/dx."""
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    probs = np.exp(log_probs)
    n = x.shape[0]
    loss = -np.sum(log_probs[np.arange(n), y]) / n
    dx = probs.copy()  # bp: error
    dx[np.arange(n), y] -= 1  # bp: error F1
    dx /= n  # bp: error
    return loss, dx
