"""Trains a sigmoid-output classifier with each optimiser of the module in turn."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import opt_classes_update_parameters_buggy_momentum_ascent as opt  # noqa: E402

rs = np.random.RandomState(8)
X = rs.randn(2, 200)  # column convention: one sample per column
Y = (X[0:1] ** 2 + X[1:2] ** 2 < 1.2).astype(float)


def fresh():
    r = np.random.RandomState(4)
    return {"W1": r.randn(12, 2) * 0.8, "b1": np.zeros((12, 1)),
            "W2": r.randn(1, 12) * 0.3, "b2": np.zeros((1, 1))}


def loss_and_grads(p):
    m = X.shape[1]
    A1 = np.tanh(p["W1"] @ X + p["b1"])
    A2 = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
    cost = float(-np.mean(Y * np.log(A2 + 1e-12) + (1 - Y) * np.log(1 - A2 + 1e-12)))
    dZ2 = (A2 - Y) / m
    dZ1 = (p["W2"].T @ dZ2) * (1 - A1 ** 2)
    return cost, {"W2": dZ2 @ A1.T, "b2": dZ2.sum(1, keepdims=True),
                  "W1": dZ1 @ X.T, "b1": dZ1.sum(1, keepdims=True)}


for name, optimizer in [("SGD", opt.SGD(lr=1.0)), ("Momentum", opt.Momentum(lr=0.2)),
                        ("AdaGrad", opt.AdaGrad(lr=0.2))]:
    params = fresh()
    for it in range(401):
        cost, grads = loss_and_grads(params)
        if it % 200 == 0:
            print(f"{name:9s} iter {it:3d} loss {cost:.4f}")
        optimizer.update(params, grads)

parameters = fresh()
for it in range(401):
    cost, g = loss_and_grads(parameters)
    if it % 200 == 0:
        print(f"update_parameters iter {it:3d} loss {cost:.4f}")
    grads = {"dW1": g["W1"], "db1": g["b1"], "dW2": g["W2"], "db2": g["b2"]}
    parameters = opt.update_parameters(parameters, grads, learning_rate=1.0)
