"""Trains conv -> tanh -> flatten -> dense on noisy 1-D signals, building each layer's parameters first."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_deferred_build_conv_loops_buggy_dx_no_transpose as nn  # noqa: E402


class SGD:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def update(self, param, grad):
        return param - self.learning_rate * grad


rng = np.random.default_rng(8)
N, L = 64, 16
x = rng.normal(0, 0.3, size=(N, L))
y = rng.integers(0, 2, size=(N, 1)).astype(float)
x[y[:, 0] == 1, 6:10] += 1.0

conv = nn.Conv1D(3, 4)
conv.initialize(SGD(0.05), rng)
dense = nn.Dense(1, 0.05)
dense.build(3 * (L - 4 + 1), rng)
layers = [conv, nn.Tanh(), nn.Flatten(), dense]

for epoch in range(61):
    out = x
    for layer in layers:
        out = layer.forward(out)
    if epoch % 20 == 0:
        print("epoch %d loss %.5f" % (epoch, 0.5 * np.mean((out - y) ** 2)))
    grad = (out - y) / N
    for layer in reversed(layers):
        grad = layer.backward(grad)
