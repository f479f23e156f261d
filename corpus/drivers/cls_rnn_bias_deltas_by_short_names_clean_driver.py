"""Trains the Elman RNN through time on short random sequences."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cls_rnn_bias_deltas_by_short_names_clean import Elman  # noqa: E402

rng = np.random.default_rng(14)
seqs = rng.normal(0.0, 1.0, (30, 4, 2, 1))
targets = np.tanh(seqs[:, :, 0, :].sum(axis=1, keepdims=True))
net = Elman(2, 1, 6, rng)
for epoch in range(60):
    total = 0.0
    for s, t in zip(seqs, targets):
        y = net.forward(s)
        total += 0.5 * float(np.sum((y - t) ** 2))
        e = y - t
        net.backprop(e, 0.05)
    if epoch % 20 == 0 or epoch == 59:
        print(f"epoch {epoch} loss {total / len(seqs):.5f}")
