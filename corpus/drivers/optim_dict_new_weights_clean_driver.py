"""Trains a two-layer network whose weights live in a dict with each optimiser of
optim_dict_new_weights_clean; every step rebinds the dict to the one the optimiser returns."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import optim_dict_new_weights_clean as optim  # noqa: E402


def init(seed):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0, 0.5, (3, 16)), "b1": np.zeros(16),
            "W2": rng.normal(0, 0.25, (16, 1)), "b2": np.zeros(1)}


def loss_and_grads(w, X, Y):
    a = np.tanh(X @ w["W1"] + w["b1"])
    out = a @ w["W2"] + w["b2"]
    loss = 0.5 * np.mean((out - Y) ** 2)
    e = (out - Y) / len(X)
    dz = (e @ w["W2"].T) * (1 - a ** 2)
    grads = {"W2": a.T @ e, "b2": e.sum(axis=0), "W1": X.T @ dz, "b1": dz.sum(axis=0)}
    return loss, grads


rng = np.random.default_rng(7)
X = rng.normal(size=(128, 3))
Y = np.sin(X[:, :1]) * X[:, 1:2] + 0.3 * X[:, 2:]

for name, opt in (("sgd", optim.SGD(0.3, decay=1e-3)), ("momentum", optim.Momentum(0.05, 0.9)),
                  ("rmsprop", optim.RMSProp(0.005)), ("adagrad", optim.Adagrad(0.05))):
    w = init(3)
    for iteration in range(1, 401):
        loss, grads = loss_and_grads(w, X, Y)
        if iteration % 100 == 1 or iteration == 400:
            print(f"{name:8s} iteration {iteration:3d} loss {loss:.5f}")
        w = opt.update(w, grads, iteration)
