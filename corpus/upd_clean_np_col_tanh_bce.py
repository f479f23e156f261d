# bp-corpus: clean
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy, column convention (np.dot(W1, X) + b1, samples as columns), tanh hidden, sigmoid + binary cross-entropy output, helper functions, merged F2*F1 statement
"""Planar 'flower' classification with one tanh hidden layer, column-major like the deeplearning.ai notebooks."""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def load_flower(m=300, seed=3):
    """Petal-shaped two-class data, returned as (2, m) inputs and (1, m) labels."""
    rs = np.random.RandomState(seed)
    theta = rs.uniform(0, 2 * np.pi, m)
    radius = 4 * np.sin(4 * theta) + rs.randn(m) * 0.2
    X = np.vstack([radius * np.sin(theta), radius * np.cos(theta)])
    Y = (np.sin(4 * theta) > 0).astype(float).reshape(1, m)
    return X, Y


def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(2)
    W1 = np.random.randn(n_h, n_x) * 0.5
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.5
    b2 = np.zeros((n_y, 1))
    return W1, b1, W2, b2


def forward_propagation(X, W1, b1, W2, b2):
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    return A1, A2


def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
    return float(-np.sum(logprobs) / m)


def backward_propagation(X, Y, A1, A2, W2):
    m = X.shape[1]
    dZ2 = A2 - Y  # bp: error F1
    dW2 = np.dot(dZ2, A1.T) / m  # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m  # bp: F3[b2]
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))  # bp: F2 F1
    dW1 = np.dot(dZ1, X.T) / m  # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m  # bp: F3[b1]
    return dW1, db1, dW2, db2


X, Y = load_flower()
W1, b1, W2, b2 = initialize_parameters(X.shape[0], 8, 1)
learning_rate = 0.5

for i in range(2000):
    A1, A2 = forward_propagation(X, W1, b1, W2, b2)
    cost = compute_cost(A2, Y)
    if i % 500 == 0 or i == 1999:
        print(f"Cost after iteration {i}: loss {cost:.6f}")
    dW1, db1, dW2, db2 = backward_propagation(X, Y, A1, A2, W2)  # bp: F3
    W1 -= learning_rate * dW1  # bp: update[W1]
    b1 -= learning_rate * db1  # bp: update[b1]
    W2 -= learning_rate * dW2  # bp: update[W2]
    b2 -= learning_rate * db2  # bp: update[b2]
