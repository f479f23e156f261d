"""Fits a smooth two-input function with the framework's Dense and Tanh layers."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_framework_build_property_super_clean as fw  # noqa: E402


class Sgd:
    def __init__(self, rate):
        self.rate = rate

    def calculate_update(self, weight_tensor, gradient_tensor):
        return weight_tensor - self.rate * gradient_tensor


np.random.seed(5)
X = np.random.uniform(-1.0, 1.0, (64, 2))
Y = np.sin(X[:, :1]) * np.cos(X[:, 1:])
layers = [fw.Dense(8), fw.Tanh(), fw.Dense(1)]
layers[0].build(2)
layers[2].build(8)
for layer in layers:
    if layer.trainable:
        layer.optimizer = Sgd(0.1)
for epoch in range(601):
    out = X
    for layer in layers:
        out = layer.forward(out)
    err = (out - Y) / len(X)
    if epoch % 200 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean((out - Y) ** 2):.5f}")
    for layer in reversed(layers):
        err = layer.backward(err)
