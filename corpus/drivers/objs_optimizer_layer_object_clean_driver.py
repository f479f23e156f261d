"""Trains a Dense-Tanh-Dense-Sigmoid classifier three times: with SGD, with MomentumSGD, and with step()."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import objs_optimizer_layer_object_clean as optim  # noqa: E402


class Dense:
    """Row convention: inputs (batch, n_in) @ weights (n_in, n_out) + bias (n_out,)."""

    def __init__(self, n_in, n_out, rng):
        self.weights = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))
        self.bias = np.zeros(n_out)
        self.dW = None
        self.db = None

    # step() reads the short names; they are the same arrays
    @property
    def W(self):
        return self.weights

    @W.setter
    def W(self, value):
        self.weights = value

    @property
    def b(self):
        return self.bias

    @b.setter
    def b(self, value):
        self.bias = value

    def forward(self, x):
        self.x = x
        return x @ self.weights + self.bias

    def backward(self, grad_out):
        self.dW = self.x.T @ grad_out
        self.db = grad_out.sum(axis=0)
        return grad_out @ self.weights.T


class Network:
    def __init__(self, seed):
        rng = np.random.default_rng(seed)
        self.layers = [Dense(2, 16, rng), Dense(16, 1, rng)]

    def forward(self, x):
        self.h = np.tanh(self.layers[0].forward(x))
        self.p = 1.0 / (1.0 + np.exp(-self.layers[1].forward(self.h)))
        return self.p

    def backward(self, y):
        d_out = (self.p - y) / len(y)  # sigmoid + binary cross-entropy
        d_h = self.layers[1].backward(d_out) * (1.0 - self.h ** 2)
        self.layers[0].backward(d_h)


def bce(p, y):
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


data = np.random.default_rng(3)
X = data.uniform(-2, 2, size=(300, 2))
Y = (X[:, :1] * X[:, 1:] > 0).astype(float)  # XOR of the signs

for name, opt in [("SGD", optim.SGD(lr=0.5)), ("MomentumSGD", optim.MomentumSGD(lr=0.1, beta=0.9)),
                  ("step", None)]:
    net = Network(seed=11)
    for it in range(801):
        p = net.forward(X)
        if it % 200 == 0:
            print(f"{name:11s} iter {it:3d} loss {bce(p, Y):.4f}")
        net.backward(Y)
        if opt is None:
            optim.step(net, lr=0.5)
        else:
            for layer in net.layers:
                opt.update_weights(layer, layer.dW)
                opt.update_bias(layer, layer.db)
