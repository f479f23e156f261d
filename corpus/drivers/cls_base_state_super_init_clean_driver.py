"""Fits a small regression with the Module-based Linear and ReLU layers."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_base_state_super_init_clean as nn  # noqa: E402

np.random.seed(3)
X = np.random.uniform(-1.0, 1.0, (60, 4))
Y = np.abs(X[:, :1]) - X[:, 1:2] ** 2
layers = [nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1)]
lr = 0.1
for epoch in range(801):
    out = X
    for layer in layers:
        out = layer.forward(out)
    if epoch % 200 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean((out - Y) ** 2):.5f}")
    g = (out - Y) / len(X)
    for layer in reversed(layers):
        g = layer.backward(g)
    for layer in layers:
        for key, grad in layer.grads.items():
            layer.store[key] -= lr * grad
