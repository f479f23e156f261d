# bp-corpus: clean
# bp-layers: Wa:leaky_relu Wb:linear
# bp-style: numpy, row convention, each sample kept as its own (1, d) row in a 3-D batch, weight gradients as per-sample outer products written by broadcasting (np.reshape(a, (n, k, 1)) * delta), formula 2 written elementwise and summed, a leaky ReLU derivative from np.where, averaged steps
"""A small regressor trained on a 3-D batch of single-row samples, every product broadcast by hand."""
import numpy as np


def leaky(v):
    return np.maximum(0.1 * v, v)


rng = np.random.default_rng(11)
n = 16
X = rng.random((n, 1, 3))
Y = np.concatenate([X[:, :, :1] + X[:, :, 1:2], X[:, :, 2:] - X[:, :, :1]], axis=2)
Wa = rng.normal(scale=0.5, size=(3, 8))
Ba = np.zeros((1, 8))
Wb = rng.normal(scale=0.5, size=(8, 2))
Bb = np.zeros((1, 2))
lr = 0.1
for it in range(600):
    H = leaky(X @ Wa + Ba)
    P = H @ Wb + Bb
    dBb = 2 * (P - Y)  # bp: error
    dWb = np.reshape(H, (n, 8, 1)) * dBb  # bp: F3
    dH = np.reshape(np.sum(Wb * dBb, axis=2), (n, 1, 8))  # bp: F2
    dBa = dH * np.where(H > 0, 1, 0.1)  # bp: F1
    dWa = np.reshape(X, (n, 3, 1)) * dBa  # bp: F3
    Wa = Wa - lr * np.sum(dWa, axis=0) / n  # bp: update
    Ba = Ba - lr * np.sum(dBa, axis=0) / n  # bp: F3 update
    Wb = Wb - lr * np.sum(dWb, axis=0) / n  # bp: update
    Bb = Bb - lr * np.sum(dBb, axis=0) / n  # bp: F3 update
    if it % 200 == 0:
        print("iteration", it, "loss", float(np.mean((P - Y) ** 2)))
print("final loss", float(np.mean((leaky(X @ Wa + Ba) @ Wb + Bb - Y) ** 2)))
