# bp-corpus: buggy
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy column convention (np.dot(W, A)), biases, sigmoid + binary cross-entropy, inline output delta
"""Sigmoid + binary cross-entropy output whose delta keeps the sigmoid derivative the loss already cancels."""
import numpy as np

np.random.seed(5)
n_x, n_h, m = 2, 4, 120
X = np.random.randn(n_x, m)
Y = (X[0:1] ** 2 + X[1:2] ** 2 > 1.0).astype(float)
W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(1, n_h) * 0.5
b2 = np.zeros((1, 1))
learning_rate = 1.2


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


num_iterations = 800
for i in range(num_iterations):
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
    if i == 0 or i == num_iterations - 1:
        print(f"iteration {i} loss {cost:.5f}")

    dZ2 = (A2 - Y) * A2 * (1 - A2)                      # bp: error F1 BP307
    dW2 = np.dot(dZ2, A1.T) / m                         # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m        # bp: F3[b2]
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))     # bp: F2 F1
    dW1 = np.dot(dZ1, X.T) / m                          # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m        # bp: F3[b1]

    W1 = W1 - learning_rate * dW1                       # bp: update[W1]
    b1 = b1 - learning_rate * db1                       # bp: update[b1]
    W2 = W2 - learning_rate * dW2                       # bp: update[W2]
    b2 = b2 - learning_rate * db2                       # bp: update[b2]
