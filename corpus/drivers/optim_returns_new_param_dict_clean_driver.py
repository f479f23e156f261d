"""Fits a linear map with parameters in a dict, rebound to what each optimiser returns."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import optim_returns_new_param_dict_clean as opt  # noqa: E402

rng = np.random.default_rng(19)
X = rng.normal(size=(40, 3))
Y = X @ np.array([[1.0], [-2.0], [0.5]]) + 0.7
for name, optimiser in (("sgd", opt.PlainSGD(0.2)), ("momentum", opt.Momentum(0.05))):
    params = {"W": np.zeros((3, 1)), "b": np.zeros(1)}
    for epoch in range(201):
        d = (X @ params["W"] + params["b"] - Y) / len(X)
        if epoch % 100 == 0:
            print(f"{name} epoch {epoch:3d} loss {0.5 * np.sum(d ** 2) * len(X):.5f}")
        params = optimiser.update(params, {"W": X.T @ d, "b": d.sum(axis=0)})
