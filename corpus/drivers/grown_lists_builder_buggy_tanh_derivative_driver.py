"""Trains grown_lists_builder_buggy_tanh_derivative.Model on a toy task and prints the loss."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from grown_lists_builder_buggy_tanh_derivative import Model  # noqa: E402

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 3))
Y = (X[:, :1] * X[:, 1:2] > 0).astype(float)
np.random.seed(0)
m = Model(X)
m.add_dense(3, 8)
m.add_dense(8, 1)
for epoch in range(2001):
    out = m.forward(X)
    loss = np.mean((out - Y) ** 2)
    m.backward(2 * (out - Y) / len(X))
    m.step(2.0)
    if epoch % 400 == 0:
        print(f"epoch {epoch} loss {loss:.5f}")
