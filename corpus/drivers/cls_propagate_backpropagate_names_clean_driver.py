"""Fits XOR with the propagate/backpropagate layers."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_propagate_backpropagate_names_clean as lib  # noqa: E402

rng = np.random.default_rng(21)
X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])
hidden, act, out = lib.Dense(2, 6, 0.5, rng), lib.Squash(), lib.Dense(6, 1, 0.5, rng)
for epoch in range(3001):
    pred = out.propagate(act._forwards(hidden.propagate(X)))
    if epoch % 1000 == 0:
        print(f"epoch {epoch:4d} loss {0.5 * np.mean((pred - Y) ** 2):.5f}")
    hidden.backpropagate(act._backwards(out.backpropagate((pred - Y) / len(X))))
