"""Stacks Affine-Relu-Affine-Sigmoid-Affine-SoftmaxWithLoss from the layer module and trains it."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_affine_relu_sigmoid_softmax_layers_clean as L  # noqa: E402

rng = np.random.RandomState(5)
n, d, k = 300, 5, 4
X = rng.randn(n, d)
labels = (np.argmax(X[:, :k] + 0.3 * rng.randn(n, k), axis=1))
T = np.eye(k)[labels]

layers = [
    L.Affine(rng.randn(d, 32) * np.sqrt(2 / d), np.zeros(32)),
    L.Relu(),
    L.Affine(rng.randn(32, 16) * 0.3, np.zeros(16)),
    L.Sigmoid(),
    L.Affine(rng.randn(16, k) * 0.3, np.zeros(k)),
]
head = L.SoftmaxWithLoss()
lr = 0.5

for it in range(801):
    h = X
    for layer in layers:
        h = layer.forward(h)
    loss = head.forward(h, T)
    if it % 200 == 0:
        print("iter", it, "loss", round(float(loss), 5))
    g = head.backward()
    for layer in reversed(layers):
        g = layer.backward(g)
    for layer in layers:
        if isinstance(layer, L.Affine):
            layer.W -= lr * layer.dW
            layer.b -= lr * layer.db
