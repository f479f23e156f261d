# bp-corpus: buggy
# bp-layers: self.params['W']:sigmoid self.params['W']:linear
# bp-style: layer objects keeping `self.params` and `self.grads` dicts, row convention; each backward pass adds its
# gradients into `self.grads[...]` (`+=`), and the optimiser object steps every layer's parameters by them but never
# zeroes them
"""Buggy: the optimiser steps by the layers' gradient slots and never resets them, so each step applies the sum of
every gradient so far.

A noisy parabola fitted by Dense(1, 12) - sigmoid - Dense(12, 1)."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.params = {"W": rng.randn(n_in, n_out) * 0.5, "b": np.zeros(n_out)}
        self.grads = {"W": np.zeros((n_in, n_out)), "b": np.zeros(n_out)}

    def forward(self, x):
        self.x = x
        return x @ self.params["W"] + self.params["b"]

    def backward(self, d):
        self.grads["W"] += self.x.T @ d  # bp: F3 BP403
        self.grads["b"] += d.sum(axis=0)  # bp: F3 BP403
        return d @ self.params["W"].T  # bp: F2


class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, d):
        return d * self.out * (1 - self.out)  # bp: F1


class SGD:
    def __init__(self, layers, lr):
        self.layers = layers
        self.lr = lr

    def step(self):
        for layer in self.layers:
            for k, v in layer.params.items():
                v -= self.lr * layer.grads[k]  # bp: update


rng = np.random.RandomState(5)
x = np.linspace(-1, 1, 64).reshape(-1, 1)
t = x ** 2 + 0.05 * rng.randn(64, 1)
l1, act, l2 = Dense(1, 12, rng), Sigmoid(), Dense(12, 1, rng)
opt = SGD([l1, l2], lr=0.1)
for it in range(2001):
    y = l2.forward(act.forward(l1.forward(x)))
    loss = np.mean((y - t) ** 2)
    d = 2 * (y - t) / len(x)  # bp: error
    l1.backward(act.backward(l2.backward(d)))  # bp: F2
    opt.step()  # bp: update
    if it % 500 == 0:
        print(f"iter {it} loss {loss:.5f}")
