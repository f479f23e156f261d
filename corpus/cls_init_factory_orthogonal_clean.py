# bp-corpus: clean
# bp-layers: self.W:tanh
# bp-driver: drivers/cls_init_factory_orthogonal_clean_driver.py
# bp-style: a layer library with no driver in the file: weights drawn by initialiser objects a factory picks
# by name (`get('orthogonal')` takes the SVD of a random matrix, `get('zeros')` a zeroed array), tanh layers
# that keep their input and output, a backward that stores the gradients, and a separate SGD step
"""Dense layers whose weights come from named initialisers; an optimiser steps their stored gradients."""
import numpy as np


class Initializer:
    def __call__(self, shape):
        return self.draw(shape)

    def draw(self, shape):
        raise NotImplementedError


class Zeros(Initializer):
    def draw(self, shape):
        return np.array(np.zeros(shape), dtype="float64")


class Orthogonal(Initializer):
    def __init__(self, gain=1.0):
        self.gain = gain

    def draw(self, shape):
        flat = (shape[0], int(np.prod(shape[1:])))
        a = np.random.normal(0.0, 1.0, size=flat)
        u, _, vt = np.linalg.svd(a, full_matrices=False)
        q = u if u.shape == flat else vt
        return self.gain * q.reshape(shape)


def get(name):
    if name in ("zeros", "zero"):
        return Zeros()
    if name in ("orthogonal", "orth"):
        return Orthogonal()
    raise ValueError(name)


class Dense:
    def __init__(self, n_in, n_out, init="orthogonal"):
        self.W = get(init)((n_in, n_out))
        self.b = get("zeros")((n_out,))
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)

    def forward(self, x):
        self.x = x
        z = x @ self.W + self.b
        self.out = np.tanh(z)
        return self.out

    def backward(self, grad):
        grad = grad * (1 - self.out ** 2)                           # bp: F1
        self.dW = self.x.T @ grad / len(self.x)                     # bp: F3[self.W]
        self.db = grad.mean(axis=0)                                 # bp: F3[self.b]
        return grad @ self.W.T                                      # bp: F2


class SGD:
    def __init__(self, layers, lr=0.1):
        self.layers = layers
        self.lr = lr

    def step(self):
        for layer in self.layers:
            layer.W -= self.lr * layer.dW                           # bp: update[self.layers[*].W]
            layer.b -= self.lr * layer.db                           # bp: update[self.layers[*].b]
