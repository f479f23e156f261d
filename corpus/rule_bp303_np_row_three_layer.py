# bp-corpus: buggy
# bp-layers: W1:tanh W2:tanh W3:sigmoid
# bp-style: numpy row convention (a.dot(W)), three layers, square weights, split statements, MSE, error = out - T
"""Three-layer net whose first backward step sends d3 through W2 instead of W3 (shapes square, so it runs)."""
import numpy as np

np.random.seed(2)
N, D, H = 64, 3, 4
X = np.random.randn(N, D)
T = 1.0 / (1.0 + np.exp(-np.concatenate([X, X[:, :1] * X[:, 1:2]], axis=1)))
W1 = np.random.randn(D, H) * 0.5
W2 = np.random.randn(H, H) * 0.5
W3 = np.random.randn(H, H) * 0.5
lr = 0.05


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


epochs = 600
for epoch in range(epochs):
    a1 = np.tanh(X.dot(W1))
    a2 = np.tanh(a1.dot(W2))
    out = sigmoid(a2.dot(W3))
    loss = np.mean((out - T) ** 2)
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {loss:.5f}")

    err = out - T                   # bp: error
    d3 = err * out * (1 - out)      # bp: F1
    e2 = d3.dot(W2.T)               # bp: F2 BP303
    d2 = e2 * (1 - a2 ** 2)         # bp: F1
    e1 = d2.dot(W2.T)               # bp: F2
    d1 = e1 * (1 - a1 ** 2)         # bp: F1
    gW3 = a2.T.dot(d3)              # bp: F3[W3]
    gW2 = a1.T.dot(d2)              # bp: F3[W2]
    gW1 = X.T.dot(d1)               # bp: F3[W1]

    W3 -= lr * gW3                  # bp: update[W3]
    W2 -= lr * gW2                  # bp: update[W2]
    W1 -= lr * gW1                  # bp: update[W1]
