"""Trains a tanh hidden layer and an identity output layer of layer_activation_object_clean.py by gradient descent."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import layer_activation_object_clean as lib  # noqa: E402

rng = np.random.default_rng(9)
X = rng.uniform(-2.0, 2.0, (150, 2))
T = np.sin(X[:, :1]) + 0.5 * X[:, 1:]
hidden = lib.Layer(2, 12, lib.Tanh(), rng)
out = lib.Layer(12, 1, lib.Identity(), rng)
for it in range(300):
    h = hidden(X)
    y = out(h)
    loss = 0.5 * np.mean((y - T) ** 2)
    if it % 100 == 0 or it == 299:
        print("iteration", it, "loss", round(float(loss), 5))
    dW2, db2, g = out.backward((y - T) / len(X), h)
    dW1, db1, _ = hidden.backward(g, X)
    out.W -= 0.3 * dW2
    out.b -= 0.3 * db2
    hidden.W -= 0.3 * dW1
    hidden.b -= 0.3 * db1
