"""Buggy: the dense layer's weight gradient lacks the transpose of its input (``self.x @ grad``).

Loss objects whose methods are named freely, plus one dense layer to train with them.

Every loss takes the network's output first and the targets second, in both of its methods; the
first method gives the mean loss, the second its derivative with respect to the output, which is
where a backward pass starts.  ``CCE`` expects softmax probabilities and one-hot rows, and its
derivative is taken with respect to the softmax's input (the two derivatives cancel there);
``BCE`` expects sigmoid outputs and 0/1 targets, its derivative likewise with respect to the
sigmoid's input; ``MSE`` is for a linear output.
"""
# bp-corpus: buggy
# bp-style: the library of loss_objs_free_names_clean.py with Dense.backward's weight gradient written self.x @ grad (the input not transposed); otherwise the same: loss classes with no driver in the file, whose two methods have free names and take the same two arguments (output, target): CCE.cost / CCE.delta, MSE.__call__ / MSE.d, BCE.loss / BCE.derivative; the derivative of a softmax or sigmoid output paired with its cross-entropy is (output - target) / n; a small Dense layer class (column of rows: x @ W + b) with forward keeping self.x, backward(grad) storing self.dW, self.db and returning grad @ self.W.T, step(lr)
# bp-driver: drivers/loss_objs_free_names_buggy_missing_transpose_driver.py
import numpy as np


class CCE:
    """Categorical cross-entropy of softmax probabilities against one-hot rows."""

    def __init__(self, eps=1e-12):
        self.eps = eps

    def cost(self, y_pred, y_act) -> float:
        per_row = -np.sum(y_act * np.log(y_pred + self.eps), axis=1)
        return float(np.mean(per_row))

    def delta(self, y_pred, y_act):
        return (y_pred - y_act) / y_pred.shape[0]  # bp: error


class MSE:
    """Mean squared error of a linear output."""

    def __call__(self, h, target):
        return float(np.mean((h - target) ** 2))

    def d(self, h, target):
        return 2 * (h - target) / h.size  # bp: error


class BCE:
    """Binary cross-entropy of sigmoid outputs against 0/1 targets."""

    def loss(self, out, expected):
        out = np.clip(out, 1e-12, 1 - 1e-12)
        return float(-np.mean(expected * np.log(out) + (1 - expected) * np.log(1 - out)))

    def derivative(self, out, expected):
        return (out - expected) / out.shape[0]  # bp: error


class Dense:
    """A fully connected layer on rows: forward(x) = x @ W + b."""

    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_out))
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        self.dW = self.x @ grad  # bp: F3 BP304
        self.db = grad.sum(axis=0)  # bp: F3
        return grad @ self.W.T  # bp: F2

    def step(self, lr):
        self.W -= lr * self.dW  # bp: update
        self.b -= lr * self.db  # bp: update
