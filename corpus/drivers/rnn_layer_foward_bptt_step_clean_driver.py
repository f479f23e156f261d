"""Trains the sequence regressor to continue a sine wave one step ahead."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from rnn_layer_foward_bptt_step_clean import SequenceRegressor  # noqa: E402

np.random.seed(3)
wave = np.sin(np.linspace(0, 6 * np.pi, 121))
xs = [np.array([[v]]) for v in wave[:-1]]
ts = [np.array([[v]]) for v in wave[1:]]
model = SequenceRegressor(1, 12, 1)
for epoch in range(60):
    total = 0.0
    for start in range(0, 120, 20):
        total += model.train(xs[start:start + 20], ts[start:start + 20], lr=0.01)
    if epoch % 15 == 0 or epoch == 59:
        print(f"epoch {epoch} loss {total / 120:.5f}")
