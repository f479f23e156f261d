# bp-corpus: buggy
# bp-layers: W1:leaky_relu W2:sigmoid
# bp-style: numpy column convention (np.dot(W, A)), biases, sigmoid + binary cross-entropy output, np.where mask
"""Leaky-ReLU hidden layer backpropagated with the plain ReLU mask (slope alpha lost)."""
import numpy as np

np.random.seed(1)
n_x, n_h, m = 3, 6, 80
X = np.random.randn(n_x, m)
Y = (X[0:1] * X[1:2] > 0).astype(float)
W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(1, n_h) * 0.5
b2 = np.zeros((1, 1))
alpha = 0.1
lr = 0.5


def leaky_relu(z):
    return np.where(z > 0, z, alpha * z)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


iterations = 800
for it in range(iterations):
    Z1 = np.dot(W1, X) + b1
    A1 = leaky_relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
    if it == 0 or it == iterations - 1:
        print(f"iter {it} loss {cost:.4f}")

    dZ2 = A2 - Y                                    # bp: error F1
    dW2 = np.dot(dZ2, A1.T) / m                     # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m    # bp: F3[b2]
    dA1 = np.dot(W2.T, dZ2)                         # bp: F2
    dZ1 = np.where(Z1 > 0, dA1, 0)                  # bp: F1 BP301
    dW1 = np.dot(dZ1, X.T) / m                      # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m    # bp: F3[b1]

    W1 -= lr * dW1                                  # bp: update[W1]
    b1 -= lr * db1                                  # bp: update[b1]
    W2 -= lr * dW2                                  # bp: update[W2]
    b2 -= lr * db2                                  # bp: update[b2]
