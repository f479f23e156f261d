"""Fits two tanh layers to a smooth target on the plane and prints the loss as it falls."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cls_init_factory_orthogonal_clean import SGD, Dense  # noqa: E402

np.random.seed(7)
X = np.random.uniform(-1.0, 1.0, (128, 2))
Y = np.tanh(X[:, :1] * X[:, 1:] * 2.0)
hidden, out = Dense(2, 16), Dense(16, 1)
opt = SGD([hidden, out], lr=0.5)
for epoch in range(400):
    pred = out.forward(hidden.forward(X))
    loss = 0.5 * float(np.mean((pred - Y) ** 2))
    hidden.backward(out.backward(pred - Y))
    opt.step()
    if epoch % 100 == 0 or epoch == 399:
        print(f"epoch {epoch} loss {loss:.5f}")
