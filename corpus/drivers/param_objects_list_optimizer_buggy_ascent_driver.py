"""Trains a two-layer network of parameter objects with the list-walking optimiser."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from param_objects_list_optimizer_buggy_ascent import GD, Linear, Tanh, mse  # noqa: E402

rng = np.random.default_rng(3)
X = rng.normal(0.0, 1.0, (80, 4))
Y = np.sin(X @ rng.normal(0.0, 1.0, (4, 2)))
layers = [Linear(4, 16, rng), Tanh(), Linear(16, 2, rng)]
opt = GD([p for layer in layers for p in layer.parameters()], lr=0.05, alpha2=1e-4)
for epoch in range(300):
    out = X
    for layer in layers:
        out = layer.forward(out)
    loss, grad = mse(out, Y)
    opt.zero_grad()
    for layer in reversed(layers):
        grad = layer.backward(grad)
    opt.step()
    if epoch % 100 == 0 or epoch == 299:
        print(f"epoch {epoch} loss {loss:.5f}")
