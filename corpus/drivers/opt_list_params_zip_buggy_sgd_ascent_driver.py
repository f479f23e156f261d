"""Trains a one-hidden-layer tanh regressor with each optimiser of the module in turn."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import opt_list_params_zip_buggy_sgd_ascent as optmod  # noqa: E402

rng = np.random.RandomState(3)
X = rng.randn(64, 3)
T = np.sin(X.sum(axis=1, keepdims=True))


def run(opt, steps=300):
    W1, b1 = rng.randn(3, 8) * 0.5, np.zeros(8)
    W2, b2 = rng.randn(8, 1) * 0.5, np.zeros(1)
    params = [W1, b1, W2, b2]
    for step in range(steps + 1):
        h = np.tanh(X.dot(W1) + b1)
        y = h.dot(W2) + b2
        e = (y - T) / len(X)
        dh = e.dot(W2.T) * (1 - h ** 2)
        grads = [X.T.dot(dh), dh.sum(axis=0), h.T.dot(e), e.sum(axis=0)]
        if step % 100 == 0:
            print("%s step %d loss %.5f" % (type(opt).__name__, step, 0.5 * np.mean((y - T) ** 2)))
        opt.update(params, grads)


for cls in (optmod.PlainSGD, optmod.HeavyBall, optmod.RMSProp):
    run(cls())
