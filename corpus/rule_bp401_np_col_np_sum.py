# bp-corpus: buggy
# bp-layers: W1:relu W2:sigmoid
# bp-style: numpy column convention (np.dot(W, A)), biases of shape (n, 1), np.sum without axis, sigmoid + BCE
"""The hidden bias gradient np.sum(dZ1) adds every unit's and sample's delta into one number for a (6, 1) bias."""
import numpy as np

np.random.seed(23)
n_x, n_h, m = 3, 6, 100
X = np.random.randn(n_x, m)
Y = (X[0:1] * X[1:2] - X[2:3] > 0).astype(float)
W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(1, n_h) * 0.5
b2 = np.zeros((1, 1))
learning_rate = 0.5


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


iterations = 700
for i in range(iterations):
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
    if i == 0 or i == iterations - 1:
        print(f"iteration {i} loss {cost:.4f}")

    dZ2 = A2 - Y                                    # bp: error F1
    dW2 = np.dot(dZ2, A1.T) / m                     # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m    # bp: F3[b2]
    dA1 = np.dot(W2.T, dZ2)                         # bp: F2
    dZ1 = dA1 * (Z1 > 0)                            # bp: F1
    dW1 = np.dot(dZ1, X.T) / m                      # bp: F3[W1]
    db1 = np.sum(dZ1) / m                           # bp: F3[b1] BP401

    W1 -= learning_rate * dW1                       # bp: update[W1]
    b1 -= learning_rate * db1                       # bp: update[b1]
    W2 -= learning_rate * dW2                       # bp: update[W2]
    b2 -= learning_rate * db2                       # bp: update[b2]
