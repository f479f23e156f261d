"""Trains a two-layer network of the layer objects in dense_objects_weight_dicts_clean.py on a quadrant task."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import dense_objects_weight_dicts_clean as lib  # noqa: E402

rng = np.random.default_rng(8)
n, d = 200, 2
x = rng.standard_normal((n, d, 1))
y = (x[:, 0, :] * x[:, 1, :] > 0).astype(float).reshape(n, 1, 1)
dense = lib.DenseLayer(d, 16, rng)
act = lib.ReLU()
dense2 = lib.DenseLayer(16, 1, rng)
out_act = lib.Sigmoid()
cost = lib.CrossEntropyCost()
lr = 0.5
for epoch in range(300):
    h = dense.forward(x)
    h_nl = act.forward(h)
    y_hat = out_act.forward(dense2.forward(h_nl))
    loss = cost.forward(label=y, out=y_hat)
    if epoch % 100 == 0 or epoch == 299:
        print("epoch", epoch, "loss", round(float(loss), 4))
    dl = cost.backward(label=y, out=y_hat)
    grads2 = dense2.backward(inputs=h_nl, delta=dl)
    dh = act.backward(h, grads2['x'])
    grads1 = dense.backward(inputs=x, delta=dh)
    dense.weights['W'] += -lr * np.mean(grads1['W'], axis=0)
    dense.weights['b'] += -lr * np.mean(grads1['b'], axis=0)
    dense2.weights['W'] -= lr * np.mean(grads2['W'], axis=0)
    dense2.weights['b'] += -lr * np.mean(grads2['b'], axis=0)
