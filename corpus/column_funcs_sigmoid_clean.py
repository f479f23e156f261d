# bp-corpus: clean
# bp-style: column convention (W @ a, samples as columns), forward and backward as plain functions returning tuples, tanh hidden layer, sigmoid output with cross-entropy
# bp-layers: W1:tanh W2:sigmoid
"""Classifies points inside a circle with a tanh hidden layer."""
import numpy as np


def forward(W1, b1, W2, b2, X):
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    return A1, A2


def backward(W1, W2, X, Y, A1, A2):
    m = X.shape[1]
    dZ2 = A2 - Y                                   # bp: error F1
    dW2 = dZ2 @ A1.T / m                           # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m   # bp: F3
    dZ1 = W2.T @ dZ2 * (1 - A1 ** 2)               # bp: F2 F1
    dW1 = dZ1 @ X.T / m                            # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m   # bp: F3
    return dW1, db1, dW2, db2


rng = np.random.default_rng(3)
X = rng.uniform(-1, 1, (2, 200))
Y = (np.sum(X ** 2, axis=0, keepdims=True) < 0.5).astype(float)
W1, b1 = rng.normal(0, 0.5, (6, 2)), np.zeros((6, 1))
W2, b2 = rng.normal(0, 0.5, (1, 6)), np.zeros((1, 1))
for it in range(2001):
    A1, A2 = forward(W1, b1, W2, b2, X)
    dW1, db1, dW2, db2 = backward(W1, W2, X, Y, A1, A2)  # bp: F3
    W1 -= 1.0 * dW1                                # bp: update[W1]
    b1 -= 1.0 * db1                                # bp: update
    W2 -= 1.0 * dW2                                # bp: update[W2]
    b2 -= 1.0 * db2                                # bp: update
    if it % 500 == 0:
        loss = -np.mean(Y * np.log(A2 + 1e-9) + (1 - Y) * np.log(1 - A2 + 1e-9))
        print("iteration", it, "loss", round(float(loss), 4))
