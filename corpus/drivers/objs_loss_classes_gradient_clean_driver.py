"""Trains one small two-layer network per loss object; each backward pass starts from loss.gradient(pred, y)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import objs_loss_classes_gradient_clean as losses  # noqa: E402


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class TwoLayerNet:
    """x -> tanh(x @ W1 + b1) -> h @ W2 + b2 -> output activation (identity or sigmoid)."""

    def __init__(self, n_in, n_hidden, n_out, out_act, seed):
        rng = np.random.default_rng(seed)
        self.W1 = rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden))
        self.b1 = np.zeros(n_hidden)
        self.W2 = rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out))
        self.b2 = np.zeros(n_out)
        self.out_act = out_act

    def forward(self, x):
        self.x = x
        self.h = np.tanh(x @ self.W1 + self.b1)
        z = self.h @ self.W2 + self.b2
        self.out = sigmoid(z) if self.out_act == "sigmoid" else z
        return self.out

    def backward_and_step(self, grad_out, lr):
        if self.out_act == "sigmoid":
            grad_out = grad_out * self.out * (1 - self.out)
        dW2 = self.h.T @ grad_out
        db2 = grad_out.sum(axis=0)
        d_h = (grad_out @ self.W2.T) * (1 - self.h ** 2)
        dW1 = self.x.T @ d_h
        db1 = d_h.sum(axis=0)
        self.W2 -= lr * dW2
        self.b2 -= lr * db2
        self.W1 -= lr * dW1
        self.b1 -= lr * db1


def train(name, loss, net, X, y, lr, iters=1201):
    for it in range(iters):
        pred = net.forward(X)
        if it % 300 == 0:
            print(f"{name:20s} iter {it:4d} loss {loss(pred, y):.4f}")
        net.backward_and_step(loss.gradient(pred, y), lr)


rng = np.random.default_rng(5)
X = rng.uniform(-2, 2, size=(240, 2))

# regression of a bumpy surface, identity output
y_reg = (2.0 * np.sin(X[:, :1]) * np.cos(X[:, 1:]) + 1.0)
train("MeanSquaredError", losses.MeanSquaredError(),
      TwoLayerNet(2, 24, 1, "identity", seed=1), X, y_reg, lr=0.05)

# inside / outside a circle, sigmoid output
y_bin = (np.sum(X ** 2, axis=1, keepdims=True) < 1.8).astype(float)
train("BinaryCrossEntropy", losses.BinaryCrossEntropy(),
      TwoLayerNet(2, 24, 1, "sigmoid", seed=2), X, y_bin, lr=1.0)

# three angular sectors, raw scores into softmax cross-entropy
y_cls = (np.floor((np.arctan2(X[:, 1], X[:, 0]) + np.pi) / (2 * np.pi / 3)).astype(int)) % 3
train("SoftmaxCrossEntropy", losses.SoftmaxCrossEntropy(),
      TwoLayerNet(2, 24, 3, "identity", seed=3), X, y_cls, lr=1.0)
