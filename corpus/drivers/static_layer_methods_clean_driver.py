"""Trains two tanh layers of static_layer_methods_clean.py to regress a smooth function."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import static_layer_methods_clean as lib  # noqa: E402

rng = np.random.default_rng(4)
X = rng.uniform(-2.0, 2.0, (200, 2))
T = (np.sin(X[:, :1]) * np.cos(X[:, 1:])) * 0.8
W1 = lib.TanhLayer.init(2, 16, rng)
W2 = lib.TanhLayer.init(16, 1, rng)
for it in range(400):
    H, c1 = lib.TanhLayer.forward(X, W1)
    Y, c2 = lib.TanhLayer.forward(H, W2)
    loss = 0.5 * np.mean((Y - T) ** 2)
    if it % 100 == 0 or it == 399:
        print("iteration", it, "loss", round(float(loss), 5))
    dH, dW2 = lib.TanhLayer.backward((Y - T) / len(X), c2)
    _, dW1 = lib.TanhLayer.backward(dH, c1)
    W2 -= 0.5 * dW2
    W1 -= 0.5 * dW1
