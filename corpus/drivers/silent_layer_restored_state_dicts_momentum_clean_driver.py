"""Fits a linear map with the dict-keeping dense layer and momentum."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_layer_restored_state_dicts_momentum_clean as lib  # noqa: E402

rng = np.random.default_rng(6)
X = rng.normal(size=(3, 40))
Y = np.array([[1.0, -1.0, 0.5], [0.2, 0.3, -0.7]]) @ X + 0.1
layer = lib.Dense(3, 2, rng)
for epoch in range(301):
    out = layer.forward_propagate(X)
    dZ = out - Y
    layer.back_propagate(dZ)
    layer.momentum()
    layer.apply(0.3)
    if epoch % 100 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean(np.sum(dZ ** 2, axis=0)):.5f}")
