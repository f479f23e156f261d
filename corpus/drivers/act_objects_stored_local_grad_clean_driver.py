"""Trains a Dense - activation - Dense network for each activation object of act_objects_stored_local_grad_clean,
on a regression of a smooth surface (mean squared error, linear output)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import act_objects_stored_local_grad_clean as lib  # noqa: E402

rng = np.random.default_rng(5)
X = rng.uniform(-2, 2, size=(200, 2))
Y = np.sin(X[:, :1]) + 0.5 * X[:, 1:] ** 2 - 1.0

for name, act, lr in (("relu", lib.Relu(), 0.05), ("sigmoid", lib.Sigmoid(), 0.2), ("tanh", lib.Tanh(), 0.05)):
    hidden, output = lib.Dense(2, 32, rng), lib.Dense(32, 1, rng)
    for it in range(1001):
        h = act.forward(hidden.forward(X))
        out = output.forward(h)
        if it % 250 == 0:
            print(f"{name:8s} iter {it:4d} loss {np.mean((out - Y) ** 2):.4f}")
        grad_h = output.backward(2 * (out - Y) / len(X))
        hidden.backward(act.backward(grad_h))
        output.step(lr)
        hidden.step(lr)
