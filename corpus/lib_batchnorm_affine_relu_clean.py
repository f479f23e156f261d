"""Layer helpers with batch normalisation: affine -> batchnorm -> relu, gamma and beta trained."""
# bp-corpus: clean
# bp-style: layer library with no driver in the file, row convention, (out, cache) tuples, batchnorm_forward(x, gamma, beta, bn_param) with running statistics, the compact batchnorm backward, dgamma/dbeta as sums over the batch, affine_bn_relu sandwich, softmax cross-entropy
# bp-driver: drivers/lib_batchnorm_affine_relu_clean_driver.py
import numpy as np


def affine_forward(x, w, b):
    out = x.dot(w) + b
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    dx = dout.dot(w.T)  # bp: F2
    dw = x.T.dot(dout)  # bp: F3[w]
    db = dout.sum(axis=0)  # bp: F3[b]
    return dx, dw, db


def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    if bn_param.get("mode", "train") == "train":
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        bn_param["running_mean"] = momentum * bn_param.get("running_mean", mu) + (1 - momentum) * mu
        bn_param["running_var"] = momentum * bn_param.get("running_var", var) + (1 - momentum) * var
    else:
        mu, var = bn_param["running_mean"], bn_param["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, inv_std)


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)  # bp: F3[beta]
    dgamma = (dout * x_hat).sum(axis=0)  # bp: F3[gamma]
    dx_hat = dout * gamma  # bp: F2
    dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))  # bp: F1
    return dx, dgamma, dbeta


def relu_forward(x):
    return np.maximum(0.0, x), x


def relu_backward(dout, x):
    dx = dout.copy()  # bp: F1
    dx[x <= 0] = 0  # bp: F1
    return dx


def affine_bn_relu_forward(x, w, b, gamma, beta, bn_param):
    a, fc_cache = affine_forward(x, w, b)
    an, bn_cache = batchnorm_forward(a, gamma, beta, bn_param)
    out, relu_cache = relu_forward(an)
    return out, (fc_cache, bn_cache, relu_cache)


def affine_bn_relu_backward(dout, cache):
    fc_cache, bn_cache, relu_cache = cache
    dan = relu_backward(dout, relu_cache)  # bp: F1
    da, dgamma, dbeta = batchnorm_backward(dan, bn_cache)  # bp: F3
    dx, dw, db = affine_backward(da, fc_cache)  # bp: F2 F3
    return dx, dw, db, dgamma, dbeta


def softmax_loss(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    n = scores.shape[0]
    loss = -np.log(probs[np.arange(n), y]).mean()
    dscores = probs.copy()  # bp: error
    dscores[np.arange(n), y] -= 1  # bp: error F1
    dscores /= n  # bp: error
    return loss, dscores
