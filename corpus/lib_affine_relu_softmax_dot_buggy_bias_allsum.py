"""Buggy: affine_backward sums the bias gradient over all axes. A layer library: affine, ReLU and softmax-loss pieces returning (out, cache) and gradient tuples."""
# bp-corpus: buggy
# bp-style: layer library with no driver in the file, row convention, .dot spelling, affine/relu forward-backward pairs with cache tuples, affine_relu sandwich, softmax_loss returning (loss, dx)
# bp-driver: drivers/lib_affine_relu_softmax_dot_buggy_bias_allsum_driver.py
import numpy as np


def affine_forward(x, w, b):
    """x: (N, D) batch, w: (D, M), b: (M,). Returns the scores and what backward needs."""
    flat = x.reshape(x.shape[0], -1)
    out = flat.dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    flat = x.reshape(x.shape[0], -1)
    dx = dout.dot(w.T).reshape(x.shape)  # bp: F2
    dw = flat.T.dot(dout)  # bp: F3[w]
    db = dout.sum()  # bp: F3[b] BP401
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dx = dout.copy()  # bp: F1
    dx[x <= 0] = 0  # bp: F1
    return dx


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)  # bp: F1
    dx, dw, db = affine_backward(da, fc_cache)  # bp: F2 F3
    return dx, dw, db


def softmax_loss(x, y):
    """x: (N, C) class scores, y: (N,) integer labels. Mean cross-entropy and its gradient."""
    shifted = x - x.max(axis=1, keepdims=True)
    log_z = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_probs = shifted - log_z
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -log_probs[np.arange(N), y].mean()
    dx = probs.copy()  # bp: error
    dx[np.arange(N), y] -= 1  # bp: error F1
    dx /= N  # bp: error
    return loss, dx
