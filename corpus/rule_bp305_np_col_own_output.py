# bp-corpus: buggy
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy column convention (np.dot(W, A)), square W2, biases, sigmoid + BCE output, update as W = W - lr * dW
"""Column-convention formula 3 multiplies dZ2 by the layer's own output A2 instead of its input A1."""
import numpy as np

np.random.seed(10)
n_x, n_h, m = 2, 3, 90
X = np.random.randn(n_x, m)
Y = np.concatenate([X[:1] > 0, X[1:] > 0, X[:1] * X[1:] > 0], axis=0).astype(float)
W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(n_h, n_h) * 0.5
b2 = np.zeros((n_h, 1))
lr = 0.5


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


num_iterations = 600
for i in range(num_iterations):
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
    if i == 0 or i == num_iterations - 1:
        print(f"iteration {i} loss {cost:.4f}")

    dZ2 = A2 - Y                                        # bp: error F1
    dW2 = np.dot(dZ2, A2.T) / m                         # bp: F3[W2] BP305
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m        # bp: F3[b2]
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))     # bp: F2 F1
    dW1 = np.dot(dZ1, X.T) / m                          # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m        # bp: F3[b1]

    W1 = W1 - lr * dW1                                  # bp: update[W1]
    b1 = b1 - lr * db1                                  # bp: update[b1]
    W2 = W2 - lr * dW2                                  # bp: update[W2]
    b2 = b2 - lr * db2                                  # bp: update[b2]
