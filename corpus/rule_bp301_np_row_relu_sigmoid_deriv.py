# bp-corpus: buggy
# bp-layers: w1:relu w2:sigmoid
# bp-style: numpy row convention (x.dot(w)), split statements, top-level loop, SSE loss, error = t - oz
"""ReLU hidden layer backpropagated with the sigmoid's derivative z*(1-z)."""
import numpy as np

np.random.seed(0)
N, D, H, O = 64, 4, 8, 2
x = np.random.randn(N, D)
t = np.stack([x[:, 0] * x[:, 1] > 0, x[:, 2] + x[:, 3] > 0], axis=1).astype(float)
w1 = np.random.randn(D, H) * 0.5
w2 = np.random.randn(H, O) * 0.5
learning_rate = 0.01


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


steps = 600
for step in range(steps):
    hy = x.dot(w1)
    hz = np.maximum(hy, 0)
    oy = hz.dot(w2)
    oz = sigmoid(oy)
    L = np.square(t - oz).sum()
    if step == 0 or step == steps - 1:
        print(f"step {step} loss {L:.4f}")

    error = t - oz                      # bp: error
    delta = oz * (1 - oz) * error       # bp: F1
    dw2 = hz.T.dot(delta)               # bp: F3[w2]
    error_h = delta.dot(w2.T)           # bp: F2
    delta_h = error_h * hz * (1 - hz)   # bp: F1 BP301
    dw1 = x.T.dot(delta_h)              # bp: F3[w1]
    w1 += learning_rate * dw1           # bp: update[w1]
    w2 += learning_rate * dw2           # bp: update[w2]
