# bp-corpus: buggy
# bp-style: layer_kept_grad_accum_clean.py with no zero_grad(): the slots the backward pass adds into are never
# reset; otherwise the same: a Dense layer class, row convention (x @ W + b), gradient slots starting as zeros in
# __init__ (self.dW = np.zeros_like(self.W)), backward adding into them (self.dW += self.x.T @ d, self.db +=
# d.sum(axis=0)), a step(lr) method; two layers with tanh between them written in the training loop, mean squared error
"""Buggy: nothing ever resets the gradient slots, so each step applies the sum of every gradient computed so far.

A smooth function of two inputs fitted by Dense - tanh - Dense. The layers add each backward pass's gradient into
slots they keep."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_out))
        self.b = np.zeros(n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, d):
        self.dW += self.x.T @ d  # bp: F3 BP403
        self.db += d.sum(axis=0)  # bp: F3 BP403
        return d @ self.W.T  # bp: F2

    def step(self, lr):
        self.W -= lr * self.dW  # bp: update
        self.b -= lr * self.db  # bp: update


rng = np.random.default_rng(11)
X = rng.uniform(-1.5, 1.5, (200, 2))
Y = (np.sin(2 * X[:, 0]) * np.cos(X[:, 1]))[:, None]

l1 = Dense(2, 24, rng)
l2 = Dense(24, 1, rng)
lr = 0.1
for it in range(801):
    h = np.tanh(l1.forward(X))
    y_pred = l2.forward(h)
    loss = np.mean((y_pred - Y) ** 2)
    if it % 200 == 0:
        print(f"iter {it} loss {loss:.5f}")
    d_out = 2 * (y_pred - Y) / len(X)  # bp: error
    d_h = l2.backward(d_out)  # bp: F2
    d_z = d_h * (1 - h ** 2)  # bp: F1
    l1.backward(d_z)  # bp: F2
    l2.step(lr)  # bp: update
    l1.step(lr)  # bp: update
