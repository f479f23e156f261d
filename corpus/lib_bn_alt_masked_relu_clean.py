# bp-corpus: clean
# bp-style: a cs231n-style layer library with no driver in the file: ReLU written as a masked write into zeros (`out[x > 0] = x[x > 0]`) and its backward as a mask of ones multiplied by the upstream gradient (`dx[cache > 0] = 1; dx *= dout`); batch norm with a second backward (`batchnorm_backward_alt`) that unpacks the same cache as `batchnorm_backward`, and whose gamma gradient is a product on one line summed over the batch on the next
# bp-driver: drivers/lib_bn_alt_masked_relu_clean_driver.py
"""Affine, ReLU and batch-norm layers as forward/backward function pairs."""
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
    out = np.zeros(x.shape)
    out[x > 0] = x[x > 0]
    return out, x


def relu_backward(dout, cache):
    dx = np.zeros(cache.shape)
    dx[cache > 0] = 1
    dx *= dout  # bp: F1
    return dx


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    std = np.sqrt(var + eps)
    x_hat = (x - mu) / std
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, std)


def batchnorm_backward(dout, cache):
    x_hat, gamma, std = cache
    n = dout.shape[0]
    dgamma = np.sum(dout * x_hat, axis=0)  # bp: F3
    dbeta = np.sum(dout, axis=0)  # bp: F3
    dx_hat = dout * gamma  # bp: F2
    dx = (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0)) / (n * std)  # bp: F1
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, std = cache
    n = dout.shape[0]
    per_sample = dout * x_hat
    dgamma = per_sample.sum(axis=0)  # bp: F3
    dbeta = dout.sum(axis=0)  # bp: F3
    dx = gamma / (n * std) * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
