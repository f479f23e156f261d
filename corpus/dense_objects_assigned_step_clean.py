# bp-corpus: clean
# bp-style: layer objects in a list (`Dense` with its weight `self.W` in the column convention, `W @ x + b`, a sigmoid kept per layer), the forward pass a loop over the list, the backward pass a loop over the reversed list that stores `self.dW`/`self.db` and hands `self.W.T @ delta` down, and a method `step(self, lr)` that writes each new value as an assignment (`self.W = self.W - lr * self.dW`)
# bp-layers: Dense[1].W:sigmoid Dense[2].W:sigmoid
"""Two Gaussian blobs told apart by a 2-5-1 network of layer objects."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.standard_normal((n_out, n_in)) * 0.5
        self.b = np.zeros((n_out, 1))

    def forward(self, x):
        self.x = x
        self.a = 1.0 / (1.0 + np.exp(-(self.W @ x + self.b)))
        return self.a

    def backward(self, grad_a):
        delta = grad_a * self.a * (1.0 - self.a)  # bp: F1
        self.dW = delta @ self.x.T  # bp: F3
        self.db = delta.sum(axis=1, keepdims=True)  # bp: F3
        return self.W.T @ delta  # bp: F2

    def step(self, lr):
        self.W = self.W - lr * self.dW  # bp: update
        self.b = self.b - lr * self.db  # bp: update


rng = np.random.default_rng(2)
X = np.hstack([rng.normal(-1.0, 0.6, (2, 40)), rng.normal(1.0, 0.6, (2, 40))])
Y = np.hstack([np.zeros((1, 40)), np.ones((1, 40))])
layers = [Dense(2, 5, rng), Dense(5, 1, rng)]
for epoch in range(1501):
    out = X
    for layer in layers:
        out = layer.forward(out)
    grad = (out - Y) / X.shape[1]  # bp: error
    for layer in reversed(layers):
        grad = layer.backward(grad)  # bp: F2
    for layer in layers:
        layer.step(2.0)  # bp: update
    if epoch % 500 == 0:
        print("epoch %d loss %.5f" % (epoch, float(np.mean((out - Y) ** 2))))
