# bp-corpus: clean
# bp-driver: drivers/silent_bias_gradient_as_ones_product_clean_driver.py
# bp-style: the bias gradient written as a product with a vector of ones - `np.ones(n) @ g` (row convention, a sum over the batch) in one layer class and `dz @ np.ones((m, 1))` (column convention) in another - a sum of the delta, formula 3 for the bias, not a weight's gradient missing a transpose; each layer steps its own parameters; a layer library trained by its driver
"""Affine layers (row and column convention) that sum their bias gradients with a vector of ones."""
import numpy as np


class RowAffine:
    def __init__(self, n_in, n_out, rng):
        self.K = rng.normal(0.0, 0.3, (n_in, n_out))
        self.c = np.zeros(n_out)

    def forward(self, inp):
        self.inp = inp
        return inp @ self.K + self.c

    def backward(self, g):
        g_down = g @ self.K.T  # bp: F2
        self.gK = self.inp.T @ g  # bp: F3[self.K]
        self.gc = np.ones(g.shape[0]) @ g  # bp: F3[self.c]
        return g_down

    def step(self, lr):
        self.K -= lr * self.gK  # bp: update[self.K]
        self.c -= lr * self.gc  # bp: update[self.c]


class ColumnAffine:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 0.3, (n_out, n_in))
        self.b = np.zeros((n_out, 1))

    def forward(self, a):
        self.a = a
        return self.W @ a + self.b

    def backward(self, dz):
        m = dz.shape[1]
        self.dW = dz @ self.a.T  # bp: F3[self.W]
        self.db = dz @ np.ones((m, 1))  # bp: F3[self.b]
        return self.W.T @ dz  # bp: F2

    def step(self, lr):
        self.W -= lr * self.dW  # bp: update[self.W]
        self.b -= lr * self.db  # bp: update[self.b]
