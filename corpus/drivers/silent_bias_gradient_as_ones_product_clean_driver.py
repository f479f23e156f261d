"""Fits a linear map with each convention's affine layer in turn."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_bias_gradient_as_ones_product_clean as lib  # noqa: E402

rng = np.random.default_rng(17)
X = rng.normal(size=(40, 3))
Y = X @ np.array([[1.0, 0.0], [-1.0, 2.0], [0.5, 0.5]]) + np.array([0.2, -0.1])
row = lib.RowAffine(3, 2, rng)
col = lib.ColumnAffine(3, 2, rng)
for epoch in range(301):
    g = (row.forward(X) - Y) / len(X)
    row.backward(g)
    row.step(0.3)
    dz = (col.forward(X.T) - Y.T) / len(X)
    col.backward(dz)
    col.step(0.3)
    if epoch % 100 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean(np.sum(g ** 2, axis=1)) * len(X) ** 2:.5f}")
