# bp-corpus: clean
# bp-driver: drivers/silent_node_graph_cell_zeroed_buffers_in_setup_clean_driver.py
# bp-style: a cell written as a graph of named intermediate nodes (z1 = Wx @ x, z2 = z1 + b, out = tanh(z2)); backward first calls a helper method that zero-starts one buffer per node and per weight (`self.dz1 = np.zeros(...)`, `self.dWx = np.zeros(...)`), then sums each node's gradient into its buffer (`self.db += self.dz2`, `self.dWx += np.outer(self.dz2, self.x)`, `self.dx += self.Wx.T @ self.dz2`) - those buffers are gradients being summed, not parameters, so no ascent finding; a layer library: its driver steps the weights
"""A one-layer tanh cell written node by node, with one gradient buffer per node."""
import numpy as np


class GraphCell:
    def __init__(self, n_in, n_out, rng):
        self.Wx = rng.normal(0.0, 0.4, (n_out, n_in))
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        self.z1 = self.Wx @ x
        self.z2 = self.z1 + self.b
        self.out = np.tanh(self.z2)
        return self.out

    def reset_buffers(self):
        self.dz2 = np.zeros(self.z2.shape)
        self.db = np.zeros(self.b.shape)
        self.dWx = np.zeros(self.Wx.shape)
        self.dx = np.zeros(self.x.shape)

    def backward(self, delta):
        self.reset_buffers()
        self.dz2 += delta * (1 - self.out ** 2)  # bp: F1
        self.db += self.dz2  # bp: F3[self.b]
        self.dWx += np.outer(self.dz2, self.x)  # bp: F3[self.Wx]
        self.dx += self.Wx.T @ self.dz2  # bp: F2
        return self.dx
