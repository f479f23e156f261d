"""Fits a gated unit's fixed read-out to targets by training the gate's weights only."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_gate_fixed_readout_buggy_no_transpose as units  # noqa: E402

rng = np.random.default_rng(7)
X = rng.normal(0.0, 1.0, (80, 3, 1))
cell = np.full((4, 1), 1.0)
unit = units.GatedReadout(3, 4, 2, rng)
T = np.concatenate([0.3 * X[:, :1], -0.2 * X[:, 1:2]], axis=1)
for epoch in range(60):
    total = 0.0
    for x, t in zip(X, T):
        y, h = unit.forward(x, cell)
        total += 0.5 * float(np.sum((y - t) ** 2))
        unit.backward(unit.V.T @ (y - t), 0.3)
    if epoch % 20 == 0 or epoch == 59:
        print(f"epoch {epoch} loss {total / len(X):.5f}")
