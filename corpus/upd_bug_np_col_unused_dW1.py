# bp-corpus: buggy
# bp-layers: W1:relu W2:sigmoid
# bp-style: numpy, column convention (W @ X, samples as columns), ReLU hidden, sigmoid + binary cross-entropy output; the first-layer weight gradient is computed but the W1 update was never written
"""Column-major ReLU/sigmoid classifier whose hidden weights stay frozen at their random init."""
import numpy as np

np.random.seed(8)

n_x, n_h, m = 3, 10, 240
X = np.random.randn(n_x, m)
Y = ((X[0] ** 2 + X[1] ** 2) < 1.2).astype(float).reshape(1, m)  # inside a disc

W1 = np.random.randn(n_h, n_x) * np.sqrt(2.0 / n_x)
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(1, n_h) * 0.1
b2 = np.zeros((1, 1))
alpha = 0.3


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


for epoch in range(1000):
    Z1 = W1 @ X + b1  # bp: BP101
    A1 = np.maximum(Z1, 0)
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)
    bce = -np.mean(Y * np.log(A2 + 1e-9) + (1 - Y) * np.log(1 - A2 + 1e-9))
    if epoch % 250 == 0 or epoch == 999:
        print(f"[{epoch:4d}] loss {bce:.4f}")

    dZ2 = A2 - Y  # bp: error F1
    dW2 = dZ2 @ A1.T / m  # bp: F3[W2]
    db2 = dZ2.sum(axis=1, keepdims=True) / m  # bp: F3[b2]
    dA1 = W2.T @ dZ2  # bp: F2
    dZ1 = dA1 * (Z1 > 0)  # bp: F1
    dW1 = dZ1 @ X.T / m  # bp: F3[W1] BP102
    db1 = dZ1.sum(axis=1, keepdims=True) / m  # bp: F3[b1]

    W2 -= alpha * dW2  # bp: update[W2]
    b2 -= alpha * db2  # bp: update[b2]
    b1 -= alpha * db1  # bp: update[b1]
