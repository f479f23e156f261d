"""Trains a two-layer ReLU regressor with the optimiser module's Sgd and an L2 penalty."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import optimizer_calculate_update_penalty_clean as lib  # noqa: E402

rng = np.random.default_rng(1)
X = rng.normal(0.0, 1.0, (200, 3))
Y = (X[:, :1] - 0.5 * X[:, 1:2]) ** 2
sgd = lib.Sgd(0.01)
sgd.add_regularizer(lib.L2(1e-4))
first, act, second = lib.FullyConnected(3, 24, 2), lib.ReLU(), lib.FullyConnected(24, 1, 3)
for epoch in range(300):
    out = second.forward(act.forward(first.forward(X)))
    error = (out - Y) / len(Y)
    first.backward(act.backward(second.backward(error)))
    for layer in (first, second):
        layer.weights = sgd.calculate_update(layer.weights, layer.gradient_weights)
    if epoch % 50 == 0 or epoch == 299:
        print(f"epoch {epoch} loss {float(np.mean((out - Y) ** 2)):.5f}")
