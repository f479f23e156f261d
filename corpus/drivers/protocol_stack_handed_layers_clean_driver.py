"""Regresses sin(x1) + x2 / 2 with Dense-Tanh-Dense from the handed-layers module, one full batch a step."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import protocol_stack_handed_layers_clean as nn  # noqa: E402

rng = np.random.default_rng(4)
x = rng.uniform(-2.0, 2.0, (128, 2))
y = np.sin(x[:, :1]) + 0.5 * x[:, 1:]
model = nn.Stack([nn.Dense(2, 16, rng), nn.Tanh(), nn.Dense(16, 1, rng)])
loss_fn = nn.MeanSquared()
for epoch in range(400):
    loss = nn.train_step(model, loss_fn, x, y, 0.05)
    if epoch % 100 == 0 or epoch == 399:
        print(f"epoch {epoch} loss {loss:.5f}")
