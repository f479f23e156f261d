"""Trains a tanh-sigmoid two-layer classifier on two noisy interleaved rings, with the backward
pass imported from the library file (which has no forward pass of its own)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bwdonly_two_layer_dict_cache_clean as bwd  # noqa: E402


def make_rings(m, seed=3):
    rng = np.random.RandomState(seed)
    radius = np.where(rng.rand(m) < 0.5, 1.0, 2.0)
    angle = rng.rand(m) * 2 * np.pi
    X = np.vstack([radius * np.cos(angle), radius * np.sin(angle)]) + 0.25 * rng.randn(2, m)
    Y = (radius > 1.5).astype(float).reshape(1, m)
    return X, Y


def init_parameters(n_x, n_h, n_y, seed=5):
    rng = np.random.RandomState(seed)
    return {"W1": rng.randn(n_h, n_x) * 0.5,
            "b1": np.zeros((n_h, 1)),
            "W2": rng.randn(n_y, n_h) * 0.5,
            "b2": np.zeros((n_y, 1))}


def forward_propagation(X, parameters):
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    A2 = 1.0 / (1.0 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    m = Y.shape[1]
    eps = 1e-12
    return float(-np.sum(Y * np.log(A2 + eps) + (1 - Y) * np.log(1 - A2 + eps)) / m)


def main():
    X, Y = make_rings(400)
    parameters = init_parameters(X.shape[0], 8, 1)
    lr = 1.0
    for i in range(2001):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        if i % 500 == 0:
            print("iteration %d loss %.5f" % (i, cost))
        grads = bwd.backward_propagation(parameters, cache, X, Y)
        parameters["W1"] -= lr * grads["dW1"]
        parameters["b1"] -= lr * grads["db1"]
        parameters["W2"] -= lr * grads["dW2"]
        parameters["b2"] -= lr * grads["db2"]


if __name__ == "__main__":
    main()
