"""Builds a two-layer graph of nodes and trains it by mini-batch gradient descent."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from graph_nodes_inbound_clean import Affine, Feed, Logistic, SquaredError, ordered, run, sgd  # noqa: E402

rng = np.random.default_rng(7)
X_all = rng.normal(0.0, 1.0, (96, 5))
y_all = np.tanh(X_all @ rng.normal(0.0, 1.0, 5))
x, y, w1, b1, w2, b2 = Feed(), Feed(), Feed(), Feed(), Feed(), Feed()
w1.value, b1.value = rng.normal(0.0, 0.5, (5, 8)), np.zeros(8)
w2.value, b2.value = rng.normal(0.0, 0.5, (8, 1)), np.zeros(1)
cost = SquaredError(y, Affine(Logistic(Affine(x, w1, b1)), w2, b2))
graph = ordered([x, y, w1, b1, w2, b2])
for epoch in range(60):
    total = 0.0
    for start in range(0, 96, 16):
        x.value, y.value = X_all[start:start + 16], y_all[start:start + 16]
        run(graph)
        sgd([w1, b1, w2, b2], 0.1)
        total += cost.value
    if epoch % 20 == 0 or epoch == 59:
        print(f"epoch {epoch} loss {total / 6:.5f}")
