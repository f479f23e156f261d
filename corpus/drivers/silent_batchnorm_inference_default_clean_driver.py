"""Trains a linear layer followed by the batch-norm layer to match standardised targets."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_batchnorm_inference_default_clean as lib  # noqa: E402

rng = np.random.default_rng(31)
X = rng.normal(size=(64, 3))
T = 2.0 * (X @ np.array([[1.0, -1.0], [0.5, 0.5], [0.0, 1.0]])) + 1.0
W = rng.normal(0.0, 0.5, (3, 2))
norm = lib.Norm()
norm.setup((64, 2))
for epoch in range(401):
    z = X @ W
    out = norm.forward(z, training=True)
    d = (out - T) / len(X)
    if epoch % 100 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean(np.sum((out - T) ** 2, axis=1)):.5f}")
    dz = norm.backward(d, 0.5)
    W -= 0.5 * X.T @ dz
