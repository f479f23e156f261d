# bp-corpus: buggy
# bp-layers: w1:sigmoid w2:linear
# bp-style: (the first layer is stepped up its gradient) row convention; the weights are stepped in place through a whole-array slice (`w1[:] = w1 - lr * g1`,
# `b1[...] -= lr * gb1`), as code does that keeps references to its arrays elsewhere
"""A one-hidden-layer sigmoid network whose parameters are overwritten in place each step."""
import numpy as np

rng = np.random.default_rng(21)
x = rng.normal(size=(120, 4))
y = (x[:, :1] * x[:, 1:2] > 0).astype(float) * 0.8 + 0.1
w1 = rng.normal(0.0, 0.5, (4, 12))
b1 = np.zeros((1, 12))
w2 = rng.normal(0.0, 0.5, (12, 1))
b2 = np.zeros((1, 1))
history = [w1, w2]  # other code holds these arrays: they must keep their identity
lr = 0.5


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


for step in range(901):
    h = sigmoid(x @ w1 + b1)
    out = h @ w2 + b2
    loss = 0.5 * np.mean((out - y) ** 2)
    e = (out - y) / len(x)                                       # bp: error
    g2 = h.T @ e                                                 # bp: F3[w2]
    gb2 = e.sum(axis=0, keepdims=True)                           # bp: F3[b2]
    d1 = (e @ w2.T) * h * (1 - h)                                # bp: F1 F2
    g1 = x.T @ d1                                                # bp: F3[w1]
    gb1 = d1.sum(axis=0, keepdims=True)                          # bp: F3[b1]
    w2[:] = w2 - lr * g2                                         # bp: update[w2]
    b2[...] -= lr * gb2                                          # bp: update[b2]
    w1[:, :] = w1 + lr * g1                                      # bp: update[w1] BP201
    b1[...] -= lr * gb1                                          # bp: update[b1]
    if step % 300 == 0:
        print(f"step {step} loss {loss:.5f}")
