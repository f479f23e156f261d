# bp-corpus: clean
# bp-driver: drivers/staged_batchnorm_graph_lib_clean_driver.py
# bp-style: a layer library in cs231n's shape with the batch norm's backward pass drawn as a computation graph: the
# forward keeps every intermediate node (mean, centred input, its square, variance, square root, inverse) in its
# cache, and the backward walks the graph back one node per line, summing the two paths that meet at the centred
# input and at the input
import numpy as np


def affine_forward(x, w, b):
    out = x @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout @ w.T  # bp: F2
    dw = x.T @ dout  # bp: F3
    db = dout.sum(axis=0)  # bp: F3
    return dx, dw, db


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    m = x.shape[0]
    mu = 1.0 / m * np.sum(x, axis=0)
    xc = x - mu
    xc2 = xc ** 2
    var = 1.0 / m * np.sum(xc2, axis=0)
    root = np.sqrt(var + eps)
    inv_root = 1.0 / root
    xn = xc * inv_root
    out = gamma * xn + beta
    return out, (xn, gamma, xc, inv_root, root, var, eps)


def batchnorm_backward(dout, cache):
    xn, gamma, xc, inv_root, root, var, eps = cache
    m, d = dout.shape
    dbeta = np.sum(dout, axis=0)  # bp: F3
    dgamma = np.sum(dout * xn, axis=0)  # bp: F3
    dxn = dout * gamma  # bp: F2
    dinv_root = np.sum(dxn * xc, axis=0)  # bp: F1
    dxc_direct = dxn * inv_root  # bp: F1
    droot = -1.0 / (root ** 2) * dinv_root  # bp: F1
    dvar = 0.5 / np.sqrt(var + eps) * droot  # bp: F1
    dxc2 = 1.0 / m * np.ones((m, d)) * dvar  # bp: F1
    dxc_square = 2 * xc * dxc2  # bp: F1
    dxc = dxc_direct + dxc_square  # bp: F1
    dmu = -1 * np.sum(dxc, axis=0)  # bp: F1
    dx_mean = 1.0 / m * np.ones((m, d)) * dmu  # bp: F1
    dx = dxc + dx_mean  # bp: F1
    return dx, dgamma, dbeta


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    dx = dout * (cache > 0)  # bp: F1
    return dx


def softmax_loss(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
    n = x.shape[0]
    loss = -np.mean(np.log(probs[np.arange(n), y]))
    dx = probs.copy()  # bp: error
    dx[np.arange(n), y] -= 1  # bp: error F1
    dx /= n  # bp: error
    return loss, dx
