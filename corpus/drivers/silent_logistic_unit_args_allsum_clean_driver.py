"""Trains the one-unit logistic library on two separable blobs with plain gradient descent."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_logistic_unit_args_allsum_clean as lr  # noqa: E402

rng = np.random.default_rng(11)
pos = rng.normal([1.5, 1.0], 0.6, size=(80, 2))
neg = rng.normal([-1.0, -1.5], 0.6, size=(80, 2))
X = np.vstack([pos, neg]).T
Y = np.concatenate([np.ones(80), np.zeros(80)]).reshape(1, -1)
w, b = np.zeros((2, 1)), 0.0
for i in range(301):
    dw, db, cost = lr.gradients(X, Y, w, b)
    w = w - 0.5 * dw
    b = b - 0.5 * db
    if i % 100 == 0:
        print("iteration %d loss %.5f" % (i, cost))
print("accuracy %.3f" % np.mean(lr.predict(X, w, b) == Y))
