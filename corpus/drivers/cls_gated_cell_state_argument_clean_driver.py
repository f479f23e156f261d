"""Fits a gated cell's output to targets, one sample at a time, with a fixed context as the state."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_gated_cell_state_argument_clean as cells  # noqa: E402

rng = np.random.default_rng(4)
X = rng.normal(0.0, 1.0, (80, 3, 1))
context = np.full((2, 1), 1.5)
T = 0.6 * np.tanh(np.concatenate([X[:, :1], -X[:, 1:2]], axis=1))
cell = cells.GatedCell(3, 2, rng)
for epoch in range(60):
    total = 0.0
    for x, t in zip(X, T):
        h, _ = cell.forward(x, context)
        total += 0.5 * float(np.sum((h - t) ** 2))
        cell.backward(h - t, 0.2)
    if epoch % 20 == 0 or epoch == 59:
        print(f"epoch {epoch} loss {total / len(X):.5f}")
