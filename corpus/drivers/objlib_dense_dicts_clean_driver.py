"""Trains two dense tanh layers built on the layer-object library next door (a regression)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import objlib_dense_dicts_clean as dense  # noqa: E402


class DenseState:
    """One dense layer's dicts, read and written by the library's stages."""

    def __init__(self, n_in, n_out, lrate, rng, linear=False):
        self.p = {'W': rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_out)), 'b': np.zeros((1, n_out))}
        self.g, self.fc, self.bc = {}, {}, {}
        self.lrate = lrate
        self.linear = linear

    def activate(self, z, deriv=False):
        if self.linear:
            return np.ones_like(z) if deriv else z
        t = np.tanh(z)
        return 1 - t ** 2 if deriv else t


rng = np.random.default_rng(5)
X = rng.uniform(-1, 1, (160, 2))
y = (np.sin(2 * X[:, :1]) * X[:, 1:]).reshape(-1, 1)
layers = [DenseState(2, 24, 0.05, rng), DenseState(24, 1, 0.05, rng, linear=True)]
for epoch in range(601):
    out = X
    for layer in layers:
        out = dense.dense_forward(layer, out)
    if epoch % 150 == 0:
        print(f"epoch {epoch:4d} loss {float(np.mean((out - y) ** 2)):.5f}")
    grad = 2 * (out - y) / len(X)
    for layer in reversed(layers):
        grad = dense.dense_backward(layer, grad)
        dense.dense_gradients(layer)
        dense.dense_update(layer)
