"""Trains a tanh - sigmoid network of layer_function_object_lr_first_clean's layers on a ring (binary cross-entropy,
whose derivative by the sigmoid's output is handed to the output layer's backwards_pass)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import layer_function_object_lr_first_clean as lib  # noqa: E402

rng = np.random.default_rng(7)
X = rng.uniform(-2, 2, size=(2, 300))
Y = (np.sum(X ** 2, axis=0, keepdims=True) < 1.5).astype(float)
hidden, output = lib.Layer(2, 16, lib.TANH, rng), lib.Layer(16, 1, lib.SIGMOID, rng)
for it in range(1501):
    p = np.clip(output.forward_pass(hidden.forward_pass(X)), 1e-9, 1 - 1e-9)
    if it % 300 == 0:
        print(f"iter {it:4d} loss {float(-np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p))):.4f}")
    d_p = (p - Y) / (p * (1 - p))
    hidden.backwards_pass(1.0, output.backwards_pass(1.0, d_p))
