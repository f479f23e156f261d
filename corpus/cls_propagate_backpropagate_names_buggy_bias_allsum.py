# bp-corpus: buggy
# bp-driver: drivers/cls_propagate_backpropagate_names_clean_driver.py
# bp-style: the propagate/backpropagate layer library again, with the bias gradient summed over every axis (`delta.sum()`, one number) instead of over the batch - each output unit's bias then moves by the whole layer's error; the driver of the clean version trains it
"""Dense and sigmoid layers whose passes are called propagate/backpropagate and _forwards/_backwards."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, lr, rng):
        self.W = rng.normal(0.0, 0.5, (n_in, n_out))
        self.b = np.zeros(n_out)
        self.lr = lr

    def propagate(self, a):
        self.a = a
        return a @ self.W + self.b

    def backpropagate(self, delta):
        upstream = delta @ self.W.T  # bp: F2
        gW = self.a.T @ delta  # bp: F3[self.W]
        gb = delta.sum()  # bp: F3[self.b] BP401
        self.W -= self.lr * gW  # bp: update[self.W]
        self.b -= self.lr * gb  # bp: update[self.b]
        return upstream


class Squash:
    def _forwards(self, z):
        self.s = 1.0 / (1.0 + np.exp(-z))
        return self.s

    def _backwards(self, g):
        return g * self.s * (1.0 - self.s)  # bp: F1
