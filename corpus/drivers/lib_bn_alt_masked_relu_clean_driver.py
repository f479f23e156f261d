"""Trains affine -> batchnorm -> ReLU -> affine on a two-moons-like set, with the shorter batch-norm backward."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_bn_alt_masked_relu_clean as L  # noqa: E402

rng = np.random.default_rng(4)
n = 200
angle = rng.uniform(0, np.pi, n)
label = rng.integers(0, 2, n)
X = np.stack([np.cos(angle) + label, np.sin(angle) * (1 - 2 * label) + 0.3 * label], axis=1)
X += 0.1 * rng.standard_normal(X.shape)
Y = np.eye(2)[label]

w1, b1 = 0.5 * rng.standard_normal((2, 16)), np.zeros(16)
gamma, beta = np.ones(16), np.zeros(16)
w2, b2 = 0.5 * rng.standard_normal((16, 2)), np.zeros(2)
lr = 0.1
for epoch in range(301):
    h, c1 = L.affine_forward(X, w1, b1)
    hn, cbn = L.batchnorm_forward(h, gamma, beta)
    a, cr = L.relu_forward(hn)
    scores, c2 = L.affine_forward(a, w2, b2)
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    loss = -np.mean(np.sum(Y * np.log(p + 1e-12), axis=1))
    if epoch % 100 == 0:
        print("epoch %d loss %.5f" % (epoch, loss))
    dscores = (p - Y) / n
    da, dw2, db2 = L.affine_backward(dscores, c2)
    dhn = L.relu_backward(da, cr)
    dh, dgamma, dbeta = L.batchnorm_backward_alt(dhn, cbn)
    _, dw1, db1 = L.affine_backward(dh, c1)
    w1 -= lr * dw1
    b1 -= lr * db1
    gamma -= lr * dgamma
    beta -= lr * dbeta
    w2 -= lr * dw2
    b2 -= lr * db2
