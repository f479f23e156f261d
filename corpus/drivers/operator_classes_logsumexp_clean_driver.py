"""Trains linear -> tanh -> linear -> softmax cross-entropy made of operator_classes_logsumexp_clean.py's operators."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import operator_classes_logsumexp_clean as lib  # noqa: E402

rng = np.random.default_rng(13)
n, d, c = 240, 2, 3
centres = rng.normal(0.0, 2.0, (c, d))
labels = rng.integers(0, c, n)
X = centres[labels] + rng.normal(0.0, 1.0, (n, d))
W1, b1 = rng.normal(0.0, 0.5, (d, 16)), np.zeros(16)
W2, b2 = rng.normal(0.0, 0.5, (16, c)), np.zeros(c)
lin, act, head = lib.Linear(), lib.Tanh(), lib.SoftmaxCrossEntropy()
for it in range(200):
    a1 = lin.forward(X, W1, b1)
    h = act.forward(a1)
    s = lin.forward(h, W2, b2)
    loss = head.forward(s, labels)
    if it % 50 == 0 or it == 199:
        print("iteration", it, "loss", round(float(loss), 4))
    ds = head.backward(s, labels)
    dh, dW2, db2 = lin.backward(ds, h, W2)
    da1 = act.backward(dh, a1)
    _, dW1, db1 = lin.backward(da1, X, W1)
    W1 -= 0.5 * dW1
    b1 -= 0.5 * db1
    W2 -= 0.5 * dW2
    b2 -= 0.5 * db2
