"""Fits the class's network to a smooth function by mean squared error; every layer 8 wide, so that
the planted defect runs (and trains badly) instead of failing on a shape."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_two_layer_net_self_grads_buggy_wrong_input as lib  # noqa: E402

rng = np.random.default_rng(11)
X = rng.uniform(-1, 1, size=(200, 8))
Y = np.sin(2 * X) * np.roll(X, 1, axis=1)
net = lib.TwoLayerNet(8, 8, 8, rng)

for epoch in range(301):
    out = net.forward(X)
    loss = 0.5 * np.mean(np.sum((out - Y) ** 2, axis=1))
    if epoch % 100 == 0:
        print("epoch %d loss %.5f" % (epoch, loss))
    net.backward((out - Y) / len(X))
    net.step(0.5)
