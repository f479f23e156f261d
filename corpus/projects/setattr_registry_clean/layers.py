"""Layers of the framework: a dense layer whose gradients its constructor zeroes, and a tanh layer."""
# bp-corpus: clean
# bp-style: layer classes deriving from the framework's Layer (from module import Layer), row convention, @ operator, Dense zeroing grad_W/grad_B in its constructor, filling them in backward and stepping itself in update(lr); Tanh keeping its output
import numpy as np

from module import Layer


class Dense(Layer):
    def __init__(self, n_in, n_out, rng):
        self.W = rng.randn(n_in, n_out) * np.sqrt(1.0 / n_in)
        self.B = np.zeros(n_out)
        self.grad_W = np.zeros((n_in, n_out))
        self.grad_B = np.zeros(n_out)
        self.x = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.B

    def backward(self, grad):
        self.grad_W = self.x.T @ grad  # bp: F3[self.W]
        self.grad_B = grad.sum(axis=0)  # bp: F3[self.B]
        return grad @ self.W.T  # bp: F2

    def update(self, lr):
        self.W -= lr * self.grad_W  # bp: update
        self.B -= lr * self.grad_B  # bp: update


class Tanh(Layer):
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad):
        return grad * (1 - self.out ** 2)  # bp: F1
