"""Fits a linear map with the compute_gradients/apply dense layer."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_compute_gradients_apply_clean as lib  # noqa: E402

np.random.seed(8)
X = np.random.randn(30, 3)
Y = X @ np.random.randn(3, 2)
layer = lib.Dense(3, 2)
for epoch in range(301):
    out = layer.forward(X)
    if epoch % 100 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean(np.sum((out - Y) ** 2, axis=1)):.5f}")
    layer.compute_gradients((out - Y) / len(X))
    layer.apply(0.3)
