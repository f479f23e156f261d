"""Trains the same small tanh regressor once with each update rule of the optimiser module."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import opt_functional_rules_clean as optim  # noqa: E402

rng = np.random.default_rng(3)
X = rng.normal(size=(120, 4))
y = np.sin(X @ np.array([[0.8], [-0.5], [0.3], [0.1]])) + 0.05 * rng.normal(size=(120, 1))


def loss_and_grads(p):
    h = np.tanh(X @ p["W1"] + p["b1"])
    out = h @ p["W2"] + p["b2"]
    err = out - y
    loss = float(np.mean(err ** 2))
    d_out = 2 * err / len(X)
    g = {"W2": h.T @ d_out, "b2": d_out.sum(0)}
    d_h = (d_out @ p["W2"].T) * (1 - h ** 2)
    g["W1"] = X.T @ d_h
    g["b1"] = d_h.sum(0)
    return loss, g


settings = [
    ("sgd", optim.sgd, {"learning_rate": 0.1}),
    ("sgd_momentum", optim.sgd_momentum, {"learning_rate": 0.05, "momentum": 0.9}),
    ("rmsprop", optim.rmsprop, {"learning_rate": 0.005}),
    ("adam", optim.adam, {"learning_rate": 0.01}),
]
for name, rule, hyper in settings:
    init = np.random.default_rng(11)
    params = {"W1": init.normal(0, 0.5, (4, 16)), "b1": np.zeros(16),
              "W2": init.normal(0, 0.3, (16, 1)), "b2": np.zeros(1)}
    configs = {k: dict(hyper) for k in params}
    for step in range(301):
        loss, grads = loss_and_grads(params)
        if step % 150 == 0:
            print(f"{name:13s} step {step:3d} loss {loss:.5f}")
        for k in params:
            params[k], configs[k] = rule(params[k], grads[k], configs[k])
