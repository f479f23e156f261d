"""Fits the node-by-node tanh cell to a fixed random map."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_node_graph_cell_zeroed_buffers_in_setup_clean as graph  # noqa: E402

rng = np.random.default_rng(4)
inputs = rng.normal(size=(20, 3))
truth = np.tanh(inputs @ rng.normal(size=(3, 2)))
cell = graph.GraphCell(3, 2, rng)
lr = 0.1
for epoch in range(201):
    total = 0.0
    for x, t in zip(inputs, truth):
        y = cell.forward(x)
        total += 0.5 * np.sum((y - t) ** 2)
        cell.backward(y - t)
        cell.Wx -= lr * cell.dWx
        cell.b -= lr * cell.db
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d} loss {total:.4f}")
