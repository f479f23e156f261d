# bp-corpus: clean
# bp-driver: drivers/cls_compute_gradients_apply_clean_driver.py
# bp-style: framework-style layer whose backward pass is called `compute_gradients(self, g)` (it keeps the weight gradients on self and returns the input's) and whose step is `apply(lr)`; row convention, np.dot; a layer library trained by its driver
"""A dense layer whose backward pass is named compute_gradients."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out):
        self.P = np.random.randn(n_in, n_out) * 0.05
        self.q = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return np.dot(x, self.P) + self.q

    def compute_gradients(self, g):
        self.gP = np.dot(self.x.T, g)  # bp: F3[self.P]
        self.gq = np.sum(g, axis=0)  # bp: F3[self.q]
        return np.dot(g, self.P.T)  # bp: F2

    def apply(self, lr):
        self.P -= lr * self.gP  # bp: update[self.P]
        self.q -= lr * self.gq  # bp: update[self.q]
