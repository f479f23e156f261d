"""Fits an output gate's hidden value to targets, handing the forward values back to backward."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_gate_values_handed_back_buggy_tanh_deriv as gates  # noqa: E402

rng = np.random.default_rng(6)
X = rng.normal(0.0, 1.0, (80, 3, 1))
cell = np.full((2, 1), 1.2)
T = 0.8 * 1.0 / (1.0 + np.exp(-np.concatenate([X[:, :1], X[:, 1:2] - X[:, 2:3]], axis=1)))
gate = gates.OutputGate(3, 2, rng)
for epoch in range(60):
    total = 0.0
    for x, t in zip(X, T):
        hid, g = gate.forward(x, cell)
        total += 0.5 * float(np.sum((hid - t) ** 2))
        _, dU, dbias = gate.backward(x, cell, g, hid - t)
        gate.step(dU, dbias, 0.5)
    if epoch % 20 == 0 or epoch == 59:
        print(f"epoch {epoch} loss {total / len(X):.5f}")
