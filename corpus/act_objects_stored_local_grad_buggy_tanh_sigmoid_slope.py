"""Buggy: the tanh object keeps the sigmoid's derivative `out * (1 - out)` as its local derivative, so its
backward scales the gradient by the wrong slope (at out = 0 it passes nothing instead of everything).

Activation objects that work out their local derivative during the forward pass and keep it on
themselves (`self.grad`), so that their backward only multiplies it in; plus a dense layer to train
with them.

The ReLU builds its derivative from its own output: a copy of the output whose positive entries are set
to 1 (the negative ones are already 0).  The sigmoid and the tanh keep `out * (1 - out)` and
`1 - out * out`."""
# bp-corpus: buggy
# bp-style: the library of act_objects_stored_local_grad_clean.py with Tanh storing self.local = out * (1.0 - out); otherwise the same: layer classes with no driver in the file: activation classes whose forward(self, x) stores the local derivative on self (ReLU: self.grad = out.copy(); self.grad[self.grad > 0] = 1 after out[out < 0] = 0; Sigmoid: self.grad = out * (1 - out); Tanh: self.local = 1 - out * out) and whose backward(self, upstream) returns the product; a Dense layer on rows (x @ W + b) with forward keeping self.x, backward(grad) storing self.dW, self.db and returning grad @ self.W.T, step(lr)
# bp-driver: drivers/act_objects_stored_local_grad_buggy_tanh_sigmoid_slope_driver.py
import numpy as np


class Relu:
    def forward(self, x):
        out = x.copy()
        out[out < 0] = 0
        self.grad = out.copy()
        self.grad[self.grad > 0] = 1
        return out

    def backward(self, upstream):
        return self.grad * upstream  # bp: F1


class Sigmoid:
    def forward(self, x):
        out = 1.0 / (1.0 + np.exp(-x))
        self.grad = out * (1.0 - out)
        return out

    def backward(self, upstream):
        return self.grad * upstream  # bp: F1


class Tanh:
    def forward(self, x):
        out = np.tanh(x)
        self.local = out * (1.0 - out)
        return out

    def backward(self, upstream):
        return upstream * self.local  # bp: F1 BP301


class Dense:
    """A fully connected layer on rows: forward(x) = x @ W + b."""

    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_out))
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        self.dW = self.x.T @ grad  # bp: F3
        self.db = grad.sum(axis=0)  # bp: F3
        return grad @ self.W.T  # bp: F2

    def step(self, lr):
        self.W -= lr * self.dW  # bp: update
        self.b -= lr * self.db  # bp: update
