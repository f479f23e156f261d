"""Trains the library of user_filled_network_buggy_stale_weight.py: two moons of points, one hidden layer."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from user_filled_network_buggy_stale_weight import CrossEntropyLoss, FullyConnected, Network, ReLU, Sgd, SoftMax  # noqa: E402


class Batches:
    def __init__(self, x, y, size):
        self.x, self.y, self.size, self.at = x, y, size, 0

    def next(self):
        rows = slice(self.at, self.at + self.size)
        self.at = (self.at + self.size) % len(self.x)
        return self.x[rows], self.y[rows]


np.random.seed(2)
x = np.random.randn(200, 2)
labels = (x[:, 0] * x[:, 1] > 0).astype(int)
net = Network(Sgd(1e-2))
net.append_layer(FullyConnected(2, 16))
net.append_layer(ReLU())
net.append_layer(FullyConnected(16, 2))
net.append_layer(SoftMax())
net.loss_layer = CrossEntropyLoss()
net.data_layer = Batches(x, np.eye(2)[labels], 20)
for rounds in range(6):
    net.train(100)
    print(f"rounds {rounds} loss {np.mean(net.loss[-10:]):.4f}")
