"""Trains product and bias layers sample by sample, stepping once per mini-batch."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cls_accumulated_gradient_buffers_clean import AddBias, MatMul, Shift, step_bias, step_matmul, step_shift  # noqa: E402

rng = np.random.default_rng(10)
X = rng.normal(0.0, 1.0, (64, 4))
Y = np.tanh(X @ rng.normal(0.0, 1.0, (4, 2)))
m1, b1, m2, b2 = MatMul(4, 8, rng), AddBias(8), MatMul(8, 2, rng), AddBias(2)
shift = Shift(2)
for epoch in range(40):
    total = 0.0
    for start in range(0, 64, 16):
        for x, y in zip(X[start:start + 16], Y[start:start + 16]):
            h = np.tanh(b1.forward(m1.forward(x)))
            out = shift.forward(b2.forward(m2.forward(h)))
            total += 0.5 * float(np.sum((out - y) ** 2))
            dh = m2.backward(b2.backward(shift.backward(out - y)))
            m1.backward(b1.backward(dh * (1 - h ** 2)))
        for layer in (m1, m2):
            step_matmul(layer, 0.1, 16)
        for layer in (b1, b2):
            step_bias(layer, 0.1, 16)
        step_shift(shift, 0.1, 16)
    if epoch % 10 == 0 or epoch == 39:
        print(f"epoch {epoch} loss {total / 64:.5f}")
