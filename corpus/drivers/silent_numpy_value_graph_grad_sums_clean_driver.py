"""Fits y = 2x - 1 one sample at a time with a linear unit built from graph nodes."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_numpy_value_graph_grad_sums_clean as graph  # noqa: E402

rng = np.random.default_rng(3)
xs = rng.uniform(-1.0, 1.0, 32)
ys = 2.0 * xs - 1.0
slope = graph.Node(rng.normal())
shift = graph.Node(0.0)
lr = 0.05

for epoch in range(40):
    total = 0.0
    for xi, yi in zip(xs, ys):
        slope.grad = np.zeros_like(slope.value)
        shift.grad = np.zeros_like(shift.value)
        x = graph.Node(xi)
        prod = graph.mul(slope, x)
        out = graph.add(prod, shift)
        out.grad = out.value - yi  # d(0.5 * (out - y)^2) / d out
        total += 0.5 * float(out.grad) ** 2
        for node in (out, prod):
            node.push_back()
        slope.value -= lr * slope.grad
        shift.value -= lr * shift.grad
    if epoch % 10 == 0:
        print(f"epoch {epoch:2d} loss {total / len(xs):.5f}")
