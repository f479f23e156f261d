# bp-corpus: buggy
# bp-layers: w1:relu w2:sigmoid
# bp-style: numpy, row convention, ReLU hidden (copy + mask), sigmoid output with SSE, a train_step function; error written target-minus-output but the updates use -=, so every step climbs the loss
"""ReLU/sigmoid net whose error is t - y while the update subtracts: gradient ascent on every parameter."""
import numpy as np


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def train_step(x, t, w1, b1, w2, b2, lr):
    hy = x @ w1 + b1
    hz = np.maximum(hy, 0.0)
    oy = hz @ w2 + b2
    oz = sigmoid(oy)
    sse = float(np.sum((t - oz) ** 2))

    error = t - oz  # bp: error
    delta = error * oz * (1.0 - oz)  # bp: F1
    dw2 = hz.T @ delta  # bp: F3[w2]
    db2 = delta.sum(axis=0)  # bp: F3[b2]
    error_h = delta @ w2.T  # bp: F2
    delta_h = error_h.copy()  # bp: F1
    delta_h[hy <= 0] = 0.0  # bp: F1
    dw1 = x.T @ delta_h  # bp: F3[w1]
    db1 = delta_h.sum(axis=0)  # bp: F3[b1]

    w1 -= lr * dw1  # bp: update[w1] BP201
    b1 -= lr * db1  # bp: update[b1] BP201
    w2 -= lr * dw2  # bp: update[w2] BP201
    b2 -= lr * db2  # bp: update[b2] BP201
    return sse


np.random.seed(4)
x = np.random.randn(100, 6)
t = (x[:, :3].sum(axis=1, keepdims=True) > x[:, 3:].sum(axis=1, keepdims=True)).astype(float)
w1 = np.random.randn(6, 10) * 0.4
b1 = np.zeros(10)
w2 = np.random.randn(10, 1) * 0.4
b2 = np.zeros(1)

for i in range(400):
    sse = train_step(x, t, w1, b1, w2, b2, lr=0.01)
    if i % 100 == 0 or i == 399:
        print("step", i, "loss", sse)
