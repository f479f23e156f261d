"""Layer functions: each *_forward returns (out, cache), each *_backward takes (dout, cache).

Row convention throughout: a batch is an (N, D) array, an affine layer's weight is (D, M).
"""
# bp-corpus: clean
# bp-style: package layer library, row convention, ndarray .dot spelling, affine/relu forward-backward pairs with cache tuples, relu mask as a boolean product, affine_relu sandwich, softmax_loss returning (loss, dscores) from integer labels
import numpy as np


def affine_forward(x, w, b):
    rows = x.reshape(x.shape[0], -1)
    out = rows.dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    rows = x.reshape(x.shape[0], -1)
    dw = rows.T.dot(dout)  # bp: F3[w]
    db = np.sum(dout, axis=0)  # bp: F3[b]
    dx = dout.dot(w.T).reshape(x.shape)  # bp: F2
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(x, 0.0)
    return out, x


def relu_backward(dout, cache):
    x = cache
    dx = dout * (x > 0)  # bp: F1
    return dx


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)  # bp: F1
    return affine_backward(da, fc_cache)


def softmax_loss(scores, y):
    """Mean softmax cross-entropy of (N, C) scores against (N,) integer labels, and its gradient."""
    n = scores.shape[0]
    centred = scores - scores.max(axis=1, keepdims=True)
    expd = np.exp(centred)
    probs = expd / expd.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(n), y]).mean()
    dscores = probs.copy()  # bp: error
    dscores[np.arange(n), y] -= 1.0  # bp: error F1
    dscores /= n  # bp: error
    return loss, dscores
