# bp-corpus: clean
# bp-layers: w:linear w:gelu
# bp-driver: drivers/lib_gelu_sandwich_clean_driver.py
# bp-style: numpy, row convention, cs231n-style layer library with no driver, an activation of the file's own (GELU, tanh approximation) as a forward/backward pair with a cache, an affine-GELU sandwich
"""Layer functions: affine, GELU (tanh approximation) and the sandwich of the two."""
import numpy as np

_K = np.sqrt(2.0 / np.pi)


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)  # bp: F2
    dw = x.reshape(x.shape[0], -1).T @ dout  # bp: F3
    db = dout.sum(axis=0)  # bp: F3
    return dx, dw, db


def gelu_forward(x):
    inner = np.tanh(_K * (x + 0.044715 * x ** 3))
    out = 0.5 * x * (1.0 + inner)
    return out, (x, inner)


def gelu_backward(dout, cache):
    x, inner = cache
    d_inner = (1.0 - inner ** 2) * _K * (1.0 + 3 * 0.044715 * x ** 2)
    dx = dout * (0.5 * (1.0 + inner) + 0.5 * x * d_inner)  # bp: F1
    return dx


def affine_gelu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, act_cache = gelu_forward(a)
    return out, (fc_cache, act_cache)


def affine_gelu_backward(dout, cache):
    fc_cache, act_cache = cache
    da = gelu_backward(dout, act_cache)  # bp: F1
    return affine_backward(da, fc_cache)
