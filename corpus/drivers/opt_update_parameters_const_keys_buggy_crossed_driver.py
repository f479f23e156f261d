"""Full-batch training of a tanh/sigmoid two-layer classifier whose update step is the library's."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import opt_update_parameters_const_keys_buggy_crossed as opt  # noqa: E402

rng = np.random.RandomState(4)
m = 400
X = rng.randn(2, m)
Y = (X[0] ** 2 + X[1] ** 2 > 1.0).astype(float).reshape(1, m)

params = {"W1": rng.randn(6, 2) * 0.5, "b1": np.zeros((6, 1)), "W2": rng.randn(1, 6) * 0.5, "b2": np.zeros((1, 1))}


def forward(p):
    A1 = np.tanh(p["W1"] @ X + p["b1"])
    A2 = 1.0 / (1.0 + np.exp(-(p["W2"] @ A1 + p["b2"])))
    return A1, A2


def cost(A2):
    return float(-np.mean(Y * np.log(A2 + 1e-12) + (1 - Y) * np.log(1 - A2 + 1e-12)))


for i in range(1501):
    A1, A2 = forward(params)
    if i % 500 == 0:
        print("iteration %d loss %.4f" % (i, cost(A2)))
    dZ2 = A2 - Y
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1 ** 2)
    grads = {"dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m,
             "dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m}
    params = opt.update_parameters(params, grads, learning_rate=0.5)
