# bp-corpus: buggy
# bp-layers: W1:relu W2:sigmoid
# bp-style: numpy, column convention (X is (features, m)), a script with names W1, b1, W2, b2; inverted dropout on the hidden layer as the course writes it, over four statements: `A1 = A1 * D1` then `A1 = A1 / keep_prob` forward, `dA1 = dA1 * D1` then `dA1 = dA1 / keep_prob` backward (the mask and its scale belong to formula 1 between the layers); the output weights step along their gradient instead of against it
"""Buggy: a two-layer classifier trained with inverted dropout on its hidden layer, written out step by step; the output layer's weights climb."""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


np.random.seed(1)
X = np.random.randn(4, 200)
Y = (X[0:1] + X[1:2] * X[2:3] > 0).astype(float)
W1 = np.random.randn(16, 4) * 0.5
b1 = np.zeros((16, 1))
W2 = np.random.randn(1, 16) * 0.5
b2 = np.zeros((1, 1))
keep_prob = 0.9
lr = 0.5
m = X.shape[1]
for i in range(1501):
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob
    A1 = A1 * D1
    A1 = A1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cost = -np.mean(Y * np.log(A2 + 1e-12) + (1 - Y) * np.log(1 - A2 + 1e-12))
    dZ2 = A2 - Y  # bp: error F1
    dW2 = np.dot(dZ2, A1.T) / m  # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m  # bp: F3[b2]
    dA1 = np.dot(W2.T, dZ2)  # bp: F2
    dA1 = dA1 * D1  # bp: F1
    dA1 = dA1 / keep_prob  # bp: F1
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))  # bp: F1
    dW1 = np.dot(dZ1, X.T) / m  # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m  # bp: F3[b1]
    W1 = W1 - lr * dW1  # bp: update
    b1 = b1 - lr * db1  # bp: update
    W2 = W2 + lr * dW2  # bp: update BP201
    b2 = b2 - lr * db2  # bp: update
    if i % 500 == 0:
        print("iteration", i, "loss", round(float(cost), 4))
