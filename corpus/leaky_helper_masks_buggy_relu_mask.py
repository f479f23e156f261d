# bp-corpus: buggy
# bp-layers: w1:leaky_relu w2:linear
# bp-style: (the backward calls the mask with slope 0: a ReLU's derivative on a leaky layer) layer helpers with a slope argument: the leaky ReLU is np.maximum(z * slope, z) and its derivative a
# mask of ones whose negative side is set to the slope (`d[z < 0] = slope`), both called with the same slope
"""A two-layer regression network whose leaky-ReLU helpers take the slope as an argument."""
import numpy as np

rng = np.random.default_rng(8)
x = rng.normal(size=(128, 3))
y = np.sin(x[:, :1]) + 0.5 * x[:, 1:2] * x[:, 2:3]
w1 = rng.normal(0.0, 0.5, (3, 24))
w2 = rng.normal(0.0, 0.3, (24, 1))
lr = 0.05
slope = 0.1


def leaky(z, s):
    return np.maximum(z * s, z)


def leaky_slope(z, s):
    d = np.ones_like(z)
    d[z < 0] = s
    return d


for step in range(601):
    z1 = x @ w1
    h = leaky(z1, slope)
    pred = h @ w2
    err = (pred - y) / len(x)                               # bp: error
    loss = 0.5 * np.sum((pred - y) ** 2) / len(x)
    g2 = h.T @ err                                          # bp: F3[w2]
    d1 = (err @ w2.T) * leaky_slope(z1, 0)                  # bp: F1 F2 BP301
    g1 = x.T @ d1                                           # bp: F3[w1]
    w2 -= lr * g2                                           # bp: update[w2]
    w1 -= lr * g1                                           # bp: update[w1]
    if step % 200 == 0:
        print(f"step {step} loss {loss:.4f}")
