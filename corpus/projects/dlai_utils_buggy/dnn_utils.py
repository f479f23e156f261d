"""Activation helpers for column-convention networks.

Each activation returns (A, cache) with the pre-activation Z as its cache; each *_backward
takes dA (the gradient with respect to the activation's output) and that cache, and returns dZ.
"""
# bp-corpus: buggy
# bp-style: activation helper module beside the script, sigmoid(Z)/relu(Z) returning (A, cache=Z), sigmoid_backward(dA, cache) recomputing the sigmoid from Z, relu_backward(dA, cache) as dA times the boolean mask Z > 0; sigmoid_backward applies tanh's derivative (1 - s**2) to the sigmoid output
import numpy as np


def sigmoid(Z):
    A = 1.0 / (1.0 + np.exp(-Z))
    cache = Z
    return A, cache


def relu(Z):
    A = np.maximum(Z, 0.0)
    cache = Z
    return A, cache


def relu_backward(dA, cache):
    Z = cache
    dZ = dA * (Z > 0)  # bp: F1
    return dZ


def sigmoid_backward(dA, cache):
    Z = cache
    s = 1.0 / (1.0 + np.exp(-Z))
    dZ = dA * (1.0 - s ** 2)  # bp: F1 BP301
    return dZ
