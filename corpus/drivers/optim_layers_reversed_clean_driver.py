"""Trains a tanh network of the Dense objects in optim_layers_reversed_clean.py with each of its optimisers."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import optim_layers_reversed_clean as lib  # noqa: E402

rng = np.random.default_rng(6)
X = rng.uniform(-2.0, 2.0, (160, 2))
T = np.sin(X[:, :1]) * np.cos(X[:, 1:])
for make in (lambda layers: lib.SGD(layers, lr=0.1), lambda layers: lib.Adam(layers, lr=0.01)):
    layers = [lib.Dense(2, 16, rng), lib.Dense(16, 1, rng)]
    opt = make(layers)
    for it in range(300):
        h = np.tanh(layers[0].forward(X))
        y = layers[1].forward(h)
        loss = 0.5 * np.mean((y - T) ** 2)
        if it % 100 == 0 or it == 299:
            print(type(opt).__name__, "iteration", it, "loss", round(float(loss), 5))
        dh, dW2, db2 = layers[1].backward((y - T) / len(X))
        _, dW1, db1 = layers[0].backward(dh * (1 - h ** 2))
        opt.step([dW2, dW1], [db2, db1])
