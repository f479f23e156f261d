# bp-corpus: buggy
# bp-layers: w1:tanh w2:sigmoid
# bp-style: numpy row convention (x.dot(w)), update placed between F3 and F2, SSE, error = oz - t
"""w2 is updated before formula 2 reads it, so the hidden error goes through the already-updated weight."""
import numpy as np

np.random.seed(6)
x = np.random.randn(56, 3)
t = (x[:, :1] * x[:, 1:2] > 0).astype(float)
w1 = np.random.randn(3, 6) * 0.5
w2 = np.random.randn(6, 1) * 0.5
lr = 0.02


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


steps = 600
for step in range(steps):
    hz = np.tanh(x.dot(w1))
    oz = sigmoid(hz.dot(w2))
    L = np.square(oz - t).sum()
    if step == 0 or step == steps - 1:
        print(f"step {step} loss {L:.4f}")

    error = oz - t                          # bp: error
    delta = error * oz * (1 - oz)           # bp: F1
    dw2 = hz.T.dot(delta)                   # bp: F3[w2]
    w2 -= lr * dw2                          # bp: update[w2]
    error_h = delta.dot(w2.T)               # bp: F2 BP306
    delta_h = error_h * (1 - hz ** 2)       # bp: F1
    dw1 = x.T.dot(delta_h)                  # bp: F3[w1]
    w1 -= lr * dw1                          # bp: update[w1]
