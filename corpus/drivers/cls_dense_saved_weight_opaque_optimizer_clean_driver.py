"""Trains dense/tanh layers from the library with a plain gradient-descent optimiser object."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_dense_saved_weight_opaque_optimizer_clean as nn  # noqa: E402


class GradientDescent:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def update(self, w, grad):
        return w - self.learning_rate * grad


rng = np.random.default_rng(2)
X = rng.uniform(-1, 1, size=(256, 2))
y = np.stack([X[:, 0] * X[:, 1], np.sin(2 * X[:, 0])], axis=1)
opt = GradientDescent(0.3)
layers = [nn.Dense(2, 16, opt, rng), nn.Tanh(), nn.Dense(16, 2, opt, rng)]
loss_fn = nn.SquareLoss()

for epoch in range(401):
    out = X
    for layer in layers:
        out = layer.forward_pass(out)
    if epoch % 100 == 0:
        print("epoch %d loss %.5f" % (epoch, loss_fn.loss(y, out)))
    grad = loss_fn.gradient(y, out)
    for layer in reversed(layers):
        grad = layer.backward_pass(grad)
