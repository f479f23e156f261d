"""Trains the per-step-output RNN to echo a delayed sum of its inputs, handing it dL/dy per step."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import rnn_dict_outputs_buggy_ascent as lib  # noqa: E402

np.random.seed(1)
rng = np.random.default_rng(1)
net = lib.ElmanRNN(2, 8, 1)
seqs = [[rng.normal(size=2) for _ in range(6)] for _ in range(20)]
targets = [[np.array([[0.5 * x[0] - 0.3 * x[1]]]) for x in s] for s in seqs]

for epoch in range(151):
    total = 0.0
    for s, ys in zip(seqs, targets):
        outs = net.forward(s)
        total += sum(float(0.5 * ((outs[t] - ys[t]) ** 2).sum()) for t in outs)
        net.backward({t: outs[t] - ys[t] for t in outs}, lr=0.05)
    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {total / len(seqs):.4f}")
