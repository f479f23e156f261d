"""Fits the class's network to a smooth two-output function by mean squared error."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_two_layer_net_self_grads_clean as lib  # noqa: E402

rng = np.random.default_rng(11)
X = rng.uniform(-1, 1, size=(200, 3))
Y = np.stack([np.sin(2 * X[:, 0]) + X[:, 1], X[:, 1] * X[:, 2]], axis=1)
net = lib.TwoLayerNet(3, 16, 2, rng)

for epoch in range(301):
    out = net.forward(X)
    loss = 0.5 * np.mean(np.sum((out - Y) ** 2, axis=1))
    if epoch % 100 == 0:
        print("epoch %d loss %.5f" % (epoch, loss))
    net.backward((out - Y) / len(X))
    net.step(0.5)
