"""Trains the gated cell to output the running sign of a noisy sequence's sum."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from lstm_gate_lists_bptt_clean import GatedCell  # noqa: E402

rng = np.random.default_rng(4)
cell = GatedCell(1, 10, 1)
for epoch in range(300):
    seq = rng.normal(0.0, 1.0, 12)
    xs = [np.array([[v]]) for v in seq]
    targets = np.tanh(np.cumsum(seq))
    h = np.zeros((10, 1))
    c = np.zeros((10, 1))
    ys = []
    for x in xs:
        y, h, c = cell.forward(x, h, c)
        ys.append(y)
    loss = sum(0.5 * float((y[0, 0] - t) ** 2) for y, t in zip(ys, targets))
    dys = [y - t for y, t in zip(ys, targets)]
    cell.bptt(xs, dys, 0.05)
    if epoch % 50 == 0 or epoch == 299:
        avg = loss
        print(f"epoch {epoch} loss {avg / 12:.4f}")
