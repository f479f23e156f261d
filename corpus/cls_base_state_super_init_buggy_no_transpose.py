# bp-corpus: buggy
# bp-driver: drivers/cls_base_state_super_init_clean_driver.py
# bp-style: the layers of cls_base_state_super_init_clean.py with Linear sending the error back through W untransposed (`dy @ W`, whose shapes agree only when W is square: with the driver's 4x16 weight it would not even run); otherwise the same: layer classes whose shared state - a `store` dict for what forward keeps and a `grads` dict for what backward finds - is made by the base class's constructor and reached through `super().__init__()`; Linear keeps its weight in `self.store['W']`, ReLU its mask in `self.store['on']`; row convention; a layer library trained by its driver
"""Layers whose state dicts come from their base class's constructor."""
import numpy as np


class Module:
    def __init__(self):
        self.store = {}
        self.grads = {}


class Linear(Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.store['W'] = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
        self.store['b'] = np.zeros(n_out)

    def forward(self, x):
        self.store['x'] = x
        return x @ self.store['W'] + self.store['b']

    def backward(self, dy):
        self.grads['W'] = self.store['x'].T @ dy  # bp: F3[self.store['W']]
        self.grads['b'] = dy.sum(axis=0)  # bp: F3[self.store['b']]
        return dy @ self.store['W']  # bp: F2 BP304


class ReLU(Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        self.store['on'] = x > 0
        return x * self.store['on']

    def backward(self, dy):
        return dy * self.store['on']  # bp: F1
