"""A two-layer network as one class: forward keeps what backward needs on self, backward stores
each parameter's gradient on self and returns the input gradient, step applies them."""
# bp-corpus: clean
# bp-style: network class with no training run in the file, row convention (x @ W1 + b1), tanh hidden layer, linear output, forward(x) caching self.x/self.h, backward(dout) setting self.dW1/self.db1/self.dW2/self.db2 and returning dx, step(lr) updating every parameter from self's gradients, the constructor taking sizes and an rng
# bp-driver: drivers/cls_two_layer_net_self_grads_clean_driver.py
import numpy as np


class TwoLayerNet:
    def __init__(self, n_in, n_hidden, n_out, rng):
        self.W1 = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
        self.b1 = np.zeros(n_hidden)
        self.W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
        self.b2 = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        self.h = np.tanh(x @ self.W1 + self.b1)
        return self.h @ self.W2 + self.b2

    def backward(self, dout):
        self.dW2 = self.h.T @ dout  # bp: F3
        self.db2 = dout.sum(axis=0)  # bp: F3
        dh = dout @ self.W2.T  # bp: F2
        dz = dh * (1 - self.h ** 2)  # bp: F1
        self.dW1 = self.x.T @ dz  # bp: F3
        self.db1 = dz.sum(axis=0)  # bp: F3
        return dz @ self.W1.T  # bp: F2

    def step(self, lr):
        self.W1 -= lr * self.dW1  # bp: update
        self.b1 -= lr * self.db1  # bp: update
        self.W2 -= lr * self.dW2  # bp: update
        self.b2 -= lr * self.db2  # bp: update
