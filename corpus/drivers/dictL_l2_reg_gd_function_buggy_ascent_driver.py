"""Trains a tanh-tanh-softmax classifier on three Gaussian blobs with the L2-regularised gradient
descent imported from the library file; the forward pass and the one-hot labels live here."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import dictL_l2_reg_gd_function_buggy_ascent as lib  # noqa: E402


def make_blobs(m, classes=3, seed=2):
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, classes, m)
    centres = np.array([[0.0, 2.0], [-1.8, -1.0], [1.8, -1.0]])
    X = (centres[labels] + 0.8 * rng.randn(m, 2)).T
    Y = np.eye(classes)[labels].T
    return X, Y


def init_weights(layers, nx, seed=0):
    rng = np.random.RandomState(seed)
    weights = {}
    prev = nx
    for i, n in enumerate(layers, start=1):
        weights["W{}".format(i)] = rng.randn(n, prev) * np.sqrt(1 / prev)
        weights["b{}".format(i)] = np.zeros((n, 1))
        prev = n
    return weights


def forward_prop(X, weights, L):
    cache = {"A0": X}
    for i in range(1, L + 1):
        Z = np.matmul(weights["W{}".format(i)], cache["A{}".format(i - 1)]) + weights["b{}".format(i)]
        if i == L:
            E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
            cache["A{}".format(i)] = E / np.sum(E, axis=0, keepdims=True)
        else:
            cache["A{}".format(i)] = np.tanh(Z)
    return cache


def main():
    X, Y = make_blobs(300)
    L, m, lambtha = 3, X.shape[1], 0.01
    weights = init_weights([12, 8, 3], X.shape[0])
    for it in range(1201):
        cache = forward_prop(X, weights, L)
        cost = -np.sum(Y * np.log(cache["A{}".format(L)])) / m
        if it % 300 == 0:
            print("iteration {} loss {:.5f}".format(it, lib.l2_reg_cost(cost, lambtha, weights, L, m)))
        lib.l2_reg_gradient_descent(Y, weights, cache, 0.1, lambtha, L)


if __name__ == "__main__":
    main()
