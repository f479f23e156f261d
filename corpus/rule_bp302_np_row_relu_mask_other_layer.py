# bp-corpus: buggy
# bp-layers: W1:relu W2:relu W3:sigmoid
# bp-style: numpy row convention (a.dot(W)), three layers, square hidden layers, copy + mask ReLU, MSE, error = out - T
"""Three-layer net whose first ReLU mask tests the second layer's pre-activation y2 instead of y1."""
import numpy as np

np.random.seed(11)
N, D, H, O = 50, 4, 6, 2
X = np.random.randn(N, D)
T = np.stack([X[:, 0] > X[:, 1], X[:, 2] * X[:, 3] > 0], axis=1).astype(float)
W1 = np.random.randn(D, H) * 0.5
W2 = np.random.randn(H, H) * 0.5
W3 = np.random.randn(H, O) * 0.5
lr = 0.02


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


n_epochs = 500
for epoch in range(n_epochs):
    y1 = X.dot(W1)
    z1 = np.maximum(y1, 0)
    y2 = z1.dot(W2)
    z2 = np.maximum(y2, 0)
    y3 = z2.dot(W3)
    out = sigmoid(y3)
    mse = np.mean((out - T) ** 2)
    if epoch == 0 or epoch == n_epochs - 1:
        print("epoch", epoch, "loss", round(float(mse), 5))

    err = out - T                   # bp: error
    d3 = err * out * (1 - out)      # bp: F1
    e2 = d3.dot(W3.T)               # bp: F2
    d2 = e2.copy()                  # bp: F1
    d2[y2 <= 0] = 0                 # bp: F1
    e1 = d2.dot(W2.T)               # bp: F2
    d1 = e1.copy()                  # bp: F1
    d1[y2 <= 0] = 0                 # bp: F1 BP302
    gW3 = z2.T.dot(d3)              # bp: F3[W3]
    gW2 = z1.T.dot(d2)              # bp: F3[W2]
    gW1 = X.T.dot(d1)               # bp: F3[W1]

    W3 -= lr * gW3                  # bp: update[W3]
    W2 -= lr * gW2                  # bp: update[W2]
    W1 -= lr * gW1                  # bp: update[W1]
