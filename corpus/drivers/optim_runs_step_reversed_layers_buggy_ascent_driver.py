"""Trains a sigmoid MLP on XOR-like data with the optimiser of optim_runs_step_reversed_layers_buggy_ascent, which runs
each step itself over the model's layer list."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import optim_runs_step_reversed_layers_buggy_ascent as optim  # noqa: E402


class Dense:
    has_weights = has_bias = True

    def __init__(self, n_in, n_out, rng):
        self.weights = rng.normal(0, 1.0, (n_in, n_out))
        self.bias = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.weights + self.bias

    def backward(self, grad):
        self.d_weights = self.x.T @ grad
        self.d_bias = grad.sum(axis=0)
        return grad @ self.weights.T


class Sigmoid:
    has_weights = has_bias = False

    def forward(self, x):
        self.out = 1.0 / (1.0 + np.exp(-x))
        return self.out

    def backward(self, grad):
        return grad * self.out * (1.0 - self.out)


class Model:
    def __init__(self, layers):
        self.layers = layers

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x


class SquaredError:
    def value(self, out, target):
        return 0.5 * np.mean(np.sum((out - target) ** 2, axis=1))

    def gradient(self, out, target):
        return out - target


rng = np.random.default_rng(2)
X = rng.uniform(-1, 1, (200, 2))
Y = ((X[:, :1] > 0) ^ (X[:, 1:] > 0)).astype(float)
model = Model([Dense(2, 8, rng), Sigmoid(), Dense(8, 1, rng), Sigmoid()])
opt = optim.BatchGradientDescent(SquaredError(), rate=2.0)
for epoch in range(1500):
    loss = opt.step(model, X, Y)
    if epoch % 300 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")
print(f"final loss {loss:.4f}")
