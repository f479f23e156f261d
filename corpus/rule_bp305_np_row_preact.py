# bp-corpus: buggy
# bp-layers: w1:relu w2:sigmoid
# bp-style: numpy row convention (x.dot(w)), the article's naming, copy + mask ReLU, SSE, error = oz - t, -= updates
"""Formula 3 for the output layer uses the hidden pre-activation hy instead of its input hz."""
import numpy as np

np.random.seed(0)
x = np.random.randn(48, 4)
t = (np.abs(x[:, :2]) > 0.7).astype(float)
w1 = np.random.randn(4, 10) * 0.4
w2 = np.random.randn(10, 2) * 0.4
learning_rate = 0.01


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


for step in range(401):
    hy = x.dot(w1)
    hz = np.maximum(hy, 0)
    oy = hz.dot(w2)
    oz = sigmoid(oy)
    L = np.square(oz - t).sum()
    if step % 400 == 0:
        print("step", step, "loss", L)

    error = oz - t                      # bp: error
    delta = oz * (1 - oz) * error       # bp: F1
    dw2 = hy.T.dot(delta)               # bp: F3[w2] BP305
    error_h = delta.dot(w2.T)           # bp: F2
    delta_h = error_h.copy()            # bp: F1
    delta_h[hy <= 0] = 0                # bp: F1
    dw1 = x.T.dot(delta_h)              # bp: F3[w1]
    w1 -= learning_rate * dw1           # bp: update[w1]
    w2 -= learning_rate * dw2           # bp: update[w2]
