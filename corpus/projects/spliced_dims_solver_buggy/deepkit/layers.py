"""Affine, ReLU and softmax-loss layer functions with (out, cache) / (dout, cache) signatures."""
# bp-corpus: buggy
# bp-style: layer library of free functions, forward returns (out, cache), backward unpacks the cache; samples as rows
import numpy as np


def affine_forward(x, w, b):
    out = x.dot(w) + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T)  # bp: F2
    dw = x.T.dot(dout)  # bp: F3
    db = np.sum(dout, axis=0)  # bp: F3
    return dx, dw, db


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    dx = dout * (cache > 0)  # bp: F1
    return dx


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)  # bp: F1
    return affine_backward(da, fc_cache)


def softmax_loss(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
    n = x.shape[0]
    loss = -np.sum(np.log(probs[np.arange(n), y])) / n
    dx = probs.copy()  # bp: error
    dx[np.arange(n), y] -= 1  # bp: error F1
    dx /= n  # bp: error
    return loss, dx
