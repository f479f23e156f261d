"""Layer and loss helpers for the training notebook beside this file.

Row convention: X is (n, d), W is (d, h), b is (1, h). Each forward helper returns what its
backward helper needs.
"""
# bp-corpus: buggy
# bp-style: helper module imported by a notebook beside it (from helpers import ...), row convention, @ operator, linear_forward/linear_backward with (X, W) cache, bias kept as a (1, h) row, tanh helpers taking the activation, sigmoid + binary cross-entropy returning (loss, dZ); linear_backward sums the bias gradient over all axes (np.sum(dZ)) instead of the batch axis
import numpy as np


def linear_forward(X, W, b):
    Z = X @ W + b
    return Z, (X, W)


def linear_backward(dZ, cache):
    X, W = cache
    dW = X.T @ dZ  # bp: F3[W]
    db = np.sum(dZ)  # bp: F3[b] BP401
    dX = dZ @ W.T  # bp: F2
    return dX, dW, db


def tanh_forward(Z):
    return np.tanh(Z)


def tanh_backward(dA, A):
    return dA * (1.0 - A ** 2)  # bp: F1


def sigmoid_bce(Z, y):
    """Mean binary cross-entropy of sigmoid(Z) against 0/1 targets y, and its gradient in Z."""
    p = 1.0 / (1.0 + np.exp(-Z))
    eps = 1e-12
    loss = -np.mean(y * np.log(p + eps) + (1.0 - y) * np.log(1.0 - p + eps))
    dZ = (p - y) / y.shape[0]  # bp: error F1
    return loss, dZ
