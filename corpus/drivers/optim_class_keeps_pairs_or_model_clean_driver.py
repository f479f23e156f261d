"""Fits a linear map twice: once through Momentum's (parameter, gradient) pairs, once through LayerSGD."""
import os
import sys
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import optim_class_keeps_pairs_or_model_clean as opt  # noqa: E402

rng = np.random.default_rng(14)
X = rng.normal(size=(50, 3))
Y = X @ np.array([[0.5], [-1.5], [1.0]]) + 0.3

W, b = np.zeros((3, 1)), np.zeros(1)
gW, gb = np.zeros_like(W), np.zeros_like(b)
momentum = opt.Momentum([(W, gW), (b, gb)])
for epoch in range(201):
    d = (X @ W + b - Y) / len(X)
    gW[...] = X.T @ d
    gb[...] = d.sum(axis=0)
    momentum.update()
    if epoch % 100 == 0:
        print(f"momentum epoch {epoch:3d} loss {0.5 * np.mean((X @ W + b - Y) ** 2):.5f}")

layer = SimpleNamespace(W=np.zeros((3, 1)), b=np.zeros(1), dW=None, db=None)
sgd = opt.LayerSGD(SimpleNamespace(layers=[layer]), lr=0.2)
for epoch in range(201):
    d = (X @ layer.W + layer.b - Y) / len(X)
    layer.dW, layer.db = X.T @ d, d.sum(axis=0)
    sgd.step()
    if epoch % 100 == 0:
        print(f"sgd epoch {epoch:3d} loss {0.5 * np.mean((X @ layer.W + layer.b - Y) ** 2):.5f}")
