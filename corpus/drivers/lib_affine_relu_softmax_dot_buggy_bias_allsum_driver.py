"""Trains a two-layer ReLU/softmax classifier with the layer library next door."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_affine_relu_softmax_dot_buggy_bias_allsum as layers  # noqa: E402


def spirals(n_per_class, n_classes, rng):
    xs, ys = [], []
    for c in range(n_classes):
        r = np.linspace(0.05, 1.0, n_per_class)
        angle = np.linspace(c * 4.0, (c + 1) * 4.0, n_per_class) + rng.normal(0, 0.2, n_per_class)
        xs.append(np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1))
        ys.append(np.full(n_per_class, c))
    return np.concatenate(xs), np.concatenate(ys)


rng = np.random.default_rng(7)
X, y = spirals(60, 3, rng)
w1 = rng.normal(0, 0.5, (2, 40))
b1 = np.zeros(40)
w2 = rng.normal(0, 0.1, (40, 3))
b2 = np.zeros(3)
lr = 1.0

for it in range(601):
    h, c1 = layers.affine_relu_forward(X, w1, b1)
    scores, c2 = layers.affine_forward(h, w2, b2)
    loss, dscores = layers.softmax_loss(scores, y)
    if it % 100 == 0:
        print(f"iter {it:4d} loss {loss:.4f}")
    dh, dw2, db2 = layers.affine_backward(dscores, c2)
    _, dw1, db1 = layers.affine_relu_backward(dh, c1)
    w1 -= lr * dw1
    b1 -= lr * db1
    w2 -= lr * dw2
    b2 -= lr * db2
