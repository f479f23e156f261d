"""Regresses a 2-D vector field with Dense-Tanh-Dense-Tanh-Dense from the self-updating layer module."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cls_dense_selfupdate_sequential_clean as nn  # noqa: E402

rng = np.random.default_rng(17)
X = rng.uniform(-1.5, 1.5, size=(256, 2))
Y = np.stack([np.sin(2 * X[:, 0]) * X[:, 1], np.cos(X[:, 0] + X[:, 1])], axis=1)

model = nn.Sequential(
    nn.Dense(2, 32, lr=0.05, rng=rng),
    nn.Tanh(),
    nn.Dense(32, 32, lr=0.05, rng=rng),
    nn.Tanh(),
    nn.Dense(32, 2, lr=0.05, rng=rng),
)
criterion = nn.MSELoss()

for epoch in range(61):
    if epoch % 15 == 0:
        print(f"epoch {epoch:2d} loss {criterion(model.forward(X), Y):.5f}")
    for idx in np.array_split(rng.permutation(len(X)), 8):
        pred = model.forward(X[idx])
        model.backward(criterion.grad(pred, Y[idx]))
