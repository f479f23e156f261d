"""Fits y = sin(x1) + x2 / 2 with Input-Dense-Activation(tanh)-Dense-Activation(linear) nodes and a squared loss."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import graph_push_chosen_activation_clean as g  # noqa: E402

rng = np.random.default_rng(7)
x = rng.uniform(-2.0, 2.0, (128, 2))
y = np.sin(x[:, :1]) + 0.5 * x[:, 1:]
inp = g.Input()
h = g.Dense(inp, 2, 16, rng)
a = g.Activation(h, "tanh")
o = g.Dense(a, 16, 1, rng)
out = g.Activation(o, "linear")
loss = g.SquaredLoss(out)
history = g.train([h, a, o, out], inp, loss, x, y, g.SGD(0.01), 400)
for epoch in (0, 100, 200, 399):
    print(f"epoch {epoch} loss {history[epoch]:.5f}")
