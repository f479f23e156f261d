"""Fits a linear map with the lazily sized dense layer, stepping each value by its gradient."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_lazy_weights_value_grad_dicts_clean as lib  # noqa: E402

np.random.seed(7)
X = np.random.randn(50, 4)
Y = X @ np.random.randn(4, 3) + 0.5
layer = lib.LazyDense(3)
for epoch in range(301):
    out = layer.forward(X)
    if epoch % 100 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean(np.sum((out - Y) ** 2, axis=1)):.5f}")
    layer.backward(out - Y)
    for p in (layer.W, layer.b):
        p["val"] -= 0.1 * p["grad"]
