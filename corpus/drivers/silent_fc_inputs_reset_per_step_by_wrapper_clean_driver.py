"""Fits a per-step linear read-out of a sequence through the step-replaying wrapper."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_fc_inputs_reset_per_step_by_wrapper_clean as lib  # noqa: E402

rng = np.random.default_rng(12)
seq = rng.normal(size=(10, 3))
want = seq @ np.array([[0.5], [-1.0], [2.0]])
wrapper = lib.EachStep(3, 1, rng)
dense = wrapper.layer
for epoch in range(201):
    out = wrapper.forward(seq)
    errs = (out - want) / len(seq)
    gW = wrapper.backward(errs)
    dense.W -= 0.5 * gW
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d} loss {0.5 * np.mean((out - want) ** 2):.6f}")
