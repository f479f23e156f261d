# bp-corpus: buggy
# bp-layers: W1:elu W2:linear
# bp-style: numpy, row convention, script, an activation of the file's own (ELU written with np.where) and its derivative as a helper, linear output with squared error, full-batch gradient descent
"""A one-hidden-layer regressor whose hidden layer applies ELU, written out by hand."""
import numpy as np


def elu(z, alpha=1.0):
    return np.where(z > 0, z, alpha * (np.exp(z) - 1.0))


def elu_slope(z, alpha=1.0):
    return np.where(z > 0, 1.0, alpha * np.exp(z))


rng = np.random.default_rng(7)
X = rng.normal(size=(128, 5))
Y = np.sin(X[:, :1]) + 0.5 * X[:, 1:2]
W1 = rng.normal(scale=0.3, size=(5, 24))
b1 = np.zeros((1, 24))
W2 = rng.normal(scale=0.3, size=(24, 1))
b2 = np.zeros((1, 1))
step_size = 0.05

for epoch in range(300):
    pre = X @ W1 + b1
    hidden = elu(pre)
    pred = hidden @ W2 + b2
    resid = (pred - Y) / len(X)  # bp: error
    gW2 = hidden.T @ resid  # bp: F3
    gb2 = resid.sum(axis=0, keepdims=True)  # bp: F3
    g_hidden = resid @ W2.T  # bp: F2
    g_pre = g_hidden * elu_slope(pre)  # bp: F1
    gW1 = X.T @ g_pre  # bp: F3
    gb1 = g_pre.sum(axis=0, keepdims=True)  # bp: F3
    W2 -= step_size * gW2  # bp: update
    b2 -= step_size * gb2  # bp: update
    W1 += step_size * gW1  # bp: update BP201
    b1 -= step_size * gb1  # bp: update
    if epoch % 100 == 0:
        print("epoch", epoch, "loss", float(np.mean((pred - Y) ** 2)))
