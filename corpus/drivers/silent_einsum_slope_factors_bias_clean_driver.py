"""Trains with the code of silent_einsum_slope_factors_bias_clean.py: regresses y = sin(x) with a hidden ReLU layer whose products are einsums."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_einsum_slope_factors_bias_clean as lib  # noqa: E402

rng = np.random.default_rng(2)
xs = rng.uniform(-3.0, 3.0, (48, 1, 1))
ys = np.sin(xs)
net = lib.EinsumRegressor(16, 0.05, rng)
for epoch in range(301):
    pred = net.forward(xs)
    net.backward(ys)
    if epoch % 100 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean((pred - ys) ** 2):.4f}")
