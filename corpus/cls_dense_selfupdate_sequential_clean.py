"""Layers that learn as the gradient passes through them, and a container that chains them.

Dense.backward returns the gradient for the layer below, computed with the weights the
forward pass used, and only then takes its own gradient-descent step.
"""
# bp-corpus: clean
# bp-style: layer classes with no driver in the file, row convention, @ operator, Dense layer whose backward(self, grad) updates its own self.W/self.b with self.lr after computing the input gradient with the old weights, Tanh layer caching its output, MSE loss object, Sequential container looping for layer in reversed(self.layers)
# bp-driver: drivers/cls_dense_selfupdate_sequential_clean_driver.py
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, lr=0.05, rng=None):
        rng = np.random.default_rng(0) if rng is None else rng
        self.W = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))
        self.b = np.zeros(n_out)
        self.lr = lr
        self.inputs = None

    def forward(self, inputs):
        self.inputs = inputs
        return inputs @ self.W + self.b

    def backward(self, grad):
        dW = self.inputs.T @ grad  # bp: F3[self.W]
        db = grad.sum(axis=0)  # bp: F3[self.b]
        grad_input = grad @ self.W.T  # bp: F2
        self.W -= self.lr * dW  # bp: update[self.W]
        self.b -= self.lr * db  # bp: update[self.b]
        return grad_input


class Tanh:
    def forward(self, inputs):
        self.out = np.tanh(inputs)
        return self.out

    def backward(self, grad):
        return grad * (1.0 - self.out ** 2)  # bp: F1


class MSELoss:
    def __call__(self, pred, target):
        return float(np.mean(np.sum((pred - target) ** 2, axis=1)))

    def grad(self, pred, target):
        return 2.0 * (pred - target) / pred.shape[0]  # bp: error


class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)  # bp: F2
        return grad
