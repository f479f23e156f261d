# bp-corpus: buggy
# bp-layers: W1:relu W2:sigmoid
# bp-style: numpy column convention (np.dot(W, A)), backward_and_step() helper updating layer by layer in place, biases, SSE, error = Y - A2, += updates
"""A layer-by-layer backward-and-step helper updates W2 in place before sending the error back through it."""
import numpy as np

np.random.seed(12)
n_x, n_h, n_y, m = 3, 8, 2, 72
X = np.random.randn(n_x, m)
Y = np.concatenate([X[:1] + X[1:2] > 0, X[2:] < 0.3], axis=0).astype(float)
W1 = np.random.randn(n_h, n_x) * 0.4
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(n_y, n_h) * 0.4
b2 = np.zeros((n_y, 1))
lr = 0.3


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def backward_and_step(X, Y, Z1, A1, A2, W1, b1, W2, b2, lr):
    m = X.shape[1]
    E2 = (Y - A2) / m                                   # bp: error
    D2 = E2 * A2 * (1 - A2)                             # bp: F1
    dW2 = np.dot(D2, A1.T)                              # bp: F3[W2]
    db2 = np.sum(D2, axis=1, keepdims=True)             # bp: F3[b2]
    W2 += lr * dW2                                      # bp: update[W2]
    b2 += lr * db2                                      # bp: update[b2]
    E1 = np.dot(W2.T, D2)                               # bp: F2 BP306
    D1 = E1 * (Z1 > 0)                                  # bp: F1
    dW1 = np.dot(D1, X.T)                               # bp: F3[W1]
    db1 = np.sum(D1, axis=1, keepdims=True)             # bp: F3[b1]
    W1 += lr * dW1                                      # bp: update[W1]
    b1 += lr * db1                                      # bp: update[b1]


epochs = 600
for epoch in range(epochs):
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(Z1, 0)
    A2 = sigmoid(np.dot(W2, A1) + b2)
    loss = 0.5 * np.sum((Y - A2) ** 2) / m
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {loss:.5f}")
    backward_and_step(X, Y, Z1, A1, A2, W1, b1, W2, b2, lr)         # bp: F2
