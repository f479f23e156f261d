"""An L-layer relu/sigmoid binary classifier whose backward steps come from the helper library;
the forward helpers, the model loops and the update are here."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bwdonly_layer_helpers_cache_tuple_clean as helpers  # noqa: E402


def init_params(dims, seed=2):
    rng = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(dims)):
        params["W%d" % l] = rng.randn(dims[l], dims[l - 1]) * np.sqrt(2.0 / dims[l - 1])
        params["b%d" % l] = np.zeros((dims[l], 1))
    return params


def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev) + b
    return Z, (A_prev, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A = np.maximum(0, Z)
    else:
        A = 1 / (1 + np.exp(-Z))
    return A, (linear_cache, Z)


def model_forward(X, params):
    L = len(params) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, params["W%d" % l], params["b%d" % l], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, params["W%d" % L], params["b%d" % L], "sigmoid")
    caches.append(cache)
    return AL, caches


def model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    eps = 1e-12
    dAL = -(Y / (AL + eps) - (1 - Y) / (1 - AL + eps))
    dA, grads["dW%d" % L], grads["db%d" % L] = helpers.linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    for l in range(L - 1, 0, -1):
        dA, grads["dW%d" % l], grads["db%d" % l] = helpers.linear_activation_backward(dA, caches[l - 1], "relu")
    return grads


def cost(AL, Y):
    m = Y.shape[1]
    eps = 1e-12
    return float(-np.sum(Y * np.log(AL + eps) + (1 - Y) * np.log(1 - AL + eps)) / m)


def main():
    rng = np.random.RandomState(0)
    X = rng.randn(5, 500)
    Y = ((X[0] - X[1] * X[2] + 0.3 * X[3] ** 2 - 0.3) > 0).astype(float).reshape(1, -1)
    params = init_params([5, 12, 6, 1])
    lr = 0.2
    for it in range(1501):
        AL, caches = model_forward(X, params)
        if it % 300 == 0:
            print("iter %4d loss %.5f" % (it, cost(AL, Y)))
        grads = model_backward(AL, Y, caches)
        for l in range(1, len(caches) + 1):
            params["W%d" % l] -= lr * grads["dW%d" % l]
            params["b%d" % l] -= lr * grads["db%d" % l]


if __name__ == "__main__":
    main()
