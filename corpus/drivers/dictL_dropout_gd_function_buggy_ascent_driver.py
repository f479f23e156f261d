"""Trains a tanh-tanh-softmax classifier with inverted dropout on a three-armed spiral, stepping it
with the dropout gradient descent imported from the library file; the forward pass (which keeps
its dropout masks in the cache as "D1", "D2") lives here."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import dictL_dropout_gd_function_buggy_ascent as lib  # noqa: E402


def make_spiral(per_class, classes=3, seed=1):
    rng = np.random.RandomState(seed)
    X, labels = [], []
    for c in range(classes):
        r = np.linspace(0.1, 1.0, per_class)
        t = np.linspace(c * 4.0, (c + 1) * 4.0, per_class) + 0.2 * rng.randn(per_class)
        X.append(np.c_[r * np.sin(t), r * np.cos(t)])
        labels += [c] * per_class
    return np.vstack(X).T, np.eye(classes)[labels].T


def forward_prop(X, weights, L, keep_prob, rng):
    cache = {"A0": X}
    for i in range(1, L + 1):
        Z = np.matmul(weights["W" + str(i)], cache["A" + str(i - 1)]) + weights["b" + str(i)]
        if i == L:
            E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
            cache["A" + str(i)] = E / np.sum(E, axis=0, keepdims=True)
        else:
            D = (rng.rand(*Z.shape) < keep_prob).astype(float)
            cache["D" + str(i)] = D
            cache["A" + str(i)] = np.tanh(Z) * D / keep_prob
    return cache


def main():
    rng = np.random.RandomState(0)
    X, Y = make_spiral(100)
    L, m, keep_prob = 3, X.shape[1], 0.9
    sizes = [X.shape[0], 32, 16, 3]
    weights = {}
    for i in range(1, L + 1):
        weights["W" + str(i)] = rng.randn(sizes[i], sizes[i - 1]) * np.sqrt(1 / sizes[i - 1])
        weights["b" + str(i)] = np.zeros((sizes[i], 1))
    best, count = np.inf, 0
    for it in range(1201):
        if it % 300 == 0:
            A = forward_prop(X, weights, L, 1.0, rng)["A" + str(L)]
            cost = -np.sum(Y * np.log(A)) / m
            print("iteration {} loss {:.5f}".format(it, cost))
            stop, count = lib.early_stopping(cost, best, 0.0, 3, count)
            best = min(best, cost)
            if stop:
                break
        cache = forward_prop(X, weights, L, keep_prob, rng)
        lib.dropout_gradient_descent(Y, weights, cache, 0.3, keep_prob, L)


if __name__ == "__main__":
    main()
