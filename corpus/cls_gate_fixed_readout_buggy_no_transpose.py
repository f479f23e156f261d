# bp-corpus: buggy
# bp-driver: drivers/cls_gate_fixed_readout_buggy_no_transpose_driver.py
# bp-style: class, column vectors; a gated unit whose forward also computes a fixed read-out
# y = V h + c (not trained here) and returns (y, h); its backward starts from dh, the gradient of the
# second thing forward returns; the bug: the error sent back to the input goes through U, not U.T
import numpy as np


class GatedReadout:
    def __init__(self, n_in, n_hid, n_out, rng):
        self.U = rng.normal(0.0, 0.3, (n_hid, n_in))
        self.b = np.zeros((n_hid, 1))
        self.V = rng.normal(0.0, 0.5, (n_out, n_hid))
        self.c = np.zeros((n_out, 1))

    def forward(self, x, cell):
        g = 1.0 / (1.0 + np.exp(-(self.U @ x + self.b)))
        h = g * np.tanh(cell)
        y = self.V @ h + self.c
        self.saved = (x, cell, g)
        return y, h

    def backward(self, dh, lr):
        x, cell, g = self.saved
        d_g = dh * np.tanh(cell) * g * (1 - g)               # bp: F1
        dU = d_g @ x.T                                       # bp: F3[self.U]
        db = d_g.sum(axis=1, keepdims=True)                  # bp: F3[self.b]
        dx = self.U @ d_g                                    # bp: F2 BP304
        self.U -= lr * dU                                    # bp: update[self.U]
        self.b -= lr * db                                    # bp: update[self.b]
        return dx
