import numpy as np


def affine_fwd(x, w, b):
    out = np.zeros((x.shape[0], b.shape[0]))
    for r in range(x.shape[0]):
        out[r] = np.dot(x[r].reshape(1, -1), w) + b
    return out, (x, w, b)


def affine_bwd(dout, cache):
    x, w, b = cache
    X = x.reshape(x.shape[0], -1)
    dx = np.dot(dout, w.T).reshape(x.shape)
    dw = np.dot(X.T, dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def bn_fwd(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    xh = (x - mu) / np.sqrt(var + eps)
    return gamma * xh + beta, (xh, gamma, var, eps)


def bn_bwd(dout, cache):
    xh, gamma, var, eps = cache
    n = dout.shape[0]
    dgamma = np.sum(dout * xh, axis=0)
    dbeta = np.sum(dout, axis=0)
    dxh = dout * gamma
    dx = (n * dxh - dxh.sum(axis=0) - xh * (dxh * xh).sum(axis=0)) / (n * np.sqrt(var + eps))
    return dx, dgamma, dbeta


def xent(scores, y):
    z = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    n = scores.shape[0]
    loss = -np.log(p[np.arange(n), y]).mean()
    d = p.copy()
    d[np.arange(n), y] -= 1
    return loss, d / n


