"""Fits a two-layer GELU regressor with the layer library next door."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_gelu_sandwich_clean as layers  # noqa: E402

rng = np.random.default_rng(3)
X = rng.uniform(-2, 2, size=(200, 3))
y = np.cos(X[:, :1]) * X[:, 1:2] - 0.2 * X[:, 2:3]
w1, b1 = rng.normal(0, 0.5, (3, 32)), np.zeros(32)
w2, b2 = rng.normal(0, 0.2, (32, 1)), np.zeros(1)
lr = 0.05

for it in range(801):
    h, c1 = layers.affine_gelu_forward(X, w1, b1)
    pred, c2 = layers.affine_forward(h, w2, b2)
    loss = float(np.mean((pred - y) ** 2))
    if it % 200 == 0:
        print(f"iter {it:4d} loss {loss:.4f}")
    dpred = 2.0 * (pred - y) / len(X)
    dh, dw2, db2 = layers.affine_backward(dpred, c2)
    _, dw1, db1 = layers.affine_gelu_backward(dh, c1)
    w1 -= lr * dw1
    b1 -= lr * db1
    w2 -= lr * dw2
    b2 -= lr * db2
