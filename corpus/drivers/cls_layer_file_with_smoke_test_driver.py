"""Fits a linear map with the smoke-tested dense layer."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_layer_file_with_smoke_test_clean as lib  # noqa: E402

np.random.seed(2)
X = np.random.randn(40, 4)
Y = X @ np.random.randn(4, 2) - 0.3
layer = lib.Dense(4, 2)
for epoch in range(301):
    out = layer.forward(X)
    if epoch % 100 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean(np.sum((out - Y) ** 2, axis=1)):.5f}")
    layer.backward((out - Y) / len(X))
    layer.step(0.2)
