"""Fits a two-ring classification with the Dense layers of layer_set_param_activation_table_clean.py: a small
network class hands each layer its weights through set_param and a plain SGD object steps them."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import layer_set_param_activation_table_clean as lib  # noqa: E402


class PlainSGD:
    def __init__(self, rate):
        self.rate = rate

    def step(self, layers):
        for layer in layers:
            layer.W -= self.rate * layer.dW
            layer.b -= self.rate * layer.db


class Network:
    def __init__(self, n_in, layers, rng):
        self.layers = layers
        width = n_in
        for layer in layers:
            layer.set_param(rng.normal(0.0, 1.0 / np.sqrt(width), (width, layer.units)), np.zeros(layer.units))
            width = layer.units

    def forward(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)


def rings(n, rng):
    radius = np.where(rng.rand(n) < 0.5, 0.5, 1.2)
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + 0.08 * rng.randn(n, 2)
    return X, (radius > 1.0).astype(float)[:, None]


rng = np.random.RandomState(12)
X, T = rings(240, rng)
net = Network(2, [lib.Dense(10, 'tanh'), lib.Dense(6, lib.TanhLayer()), lib.Dense(1, 'sigmoid')], rng)
try:
    lib.Dense(3, 'softplus')
except ValueError as exc:
    print("lookup refused:", exc)
print("parameters:", sum(layer.n_param for layer in net.layers))
opt = PlainSGD(0.5)
for epoch in range(1501):
    Y = net.forward(X)
    if epoch % 300 == 0:
        print(f"epoch {epoch} loss {np.mean((Y - T) ** 2):.5f}")
    net.backward(2.0 * (Y - T) / len(X))
    opt.step(net.layers)
