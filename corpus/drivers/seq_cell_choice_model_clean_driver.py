"""Trains the sequence classifier with each cell on sequences whose class is set by their features and inputs."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import seq_cell_choice_model_clean as lib  # noqa: E402

rng = np.random.default_rng(3)
n, t_len, n_feat, n_in, hidden, n_cls = 120, 5, 4, 3, 12, 3
labels = rng.integers(0, n_cls, n)
feats = rng.normal(0.0, 1.0, (n_cls, n_feat))[labels] + rng.normal(0.0, 0.5, (n, n_feat))
seqs = rng.normal(0.0, 1.0, (n_cls, 1, n_in))[labels] + rng.normal(0.0, 0.5, (n, t_len, n_in))

for cell in ("tanh", "relu"):
    model = lib.SequenceClassifier(n_feat, n_in, hidden, n_cls, cell=cell)
    for it in range(200):
        loss, grads = model.loss(feats, seqs, labels)
        for k in model.params:
            model.params[k] -= 0.5 * grads[k]
        if it % 100 == 0 or it == 199:
            print(cell, "iteration", it, "loss", round(float(loss), 4))
