# bp-corpus: buggy
# bp-layers: W1:relu W2:relu W3:sigmoid
# bp-style: numpy column convention (np.dot(W, A)), forward/backward helper functions, biases, sigmoid + BCE multi-label output
"""Three-layer column-convention net whose second backward step uses W3.T where W2.T is meant."""
import numpy as np

np.random.seed(4)
n_x, n_h, m = 3, 5, 100
X = np.random.randn(n_x, m)
Y = np.concatenate([X > 0, X[:2] * X[1:] > 0], axis=0).astype(float)
W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(n_h, n_h) * 0.5
b2 = np.zeros((n_h, 1))
W3 = np.random.randn(n_h, n_h) * 0.5
b3 = np.zeros((n_h, 1))
learning_rate = 0.03


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward(X):
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = np.maximum(0, Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return Z1, A1, Z2, A2, A3


def backward(X, Y, Z1, A1, Z2, A2, A3):
    m = X.shape[1]
    dZ3 = (A3 - Y) / m                              # bp: error F1
    dW3 = np.dot(dZ3, A2.T)                         # bp: F3[W3]
    db3 = np.sum(dZ3, axis=1, keepdims=True)        # bp: F3[b3]
    dA2 = np.dot(W3.T, dZ3)                         # bp: F2
    dZ2 = dA2 * (Z2 > 0)                            # bp: F1
    dW2 = np.dot(dZ2, A1.T)                         # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True)        # bp: F3[b2]
    dA1 = np.dot(W3.T, dZ2)                         # bp: F2 BP303
    dZ1 = dA1 * (Z1 > 0)                            # bp: F1
    dW1 = np.dot(dZ1, X.T)                          # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True)        # bp: F3[b1]
    return dW1, db1, dW2, db2, dW3, db3


num_iterations = 700
for i in range(num_iterations):
    Z1, A1, Z2, A2, A3 = forward(X)
    cost = -np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3))
    if i == 0 or i == num_iterations - 1:
        print(f"iteration {i} loss {cost:.4f}")
    dW1, db1, dW2, db2, dW3, db3 = backward(X, Y, Z1, A1, Z2, A2, A3)  # bp: F3
    W1 -= learning_rate * dW1                       # bp: update[W1]
    b1 -= learning_rate * db1                       # bp: update[b1]
    W2 -= learning_rate * dW2                       # bp: update[W2]
    b2 -= learning_rate * db2                       # bp: update[b2]
    W3 -= learning_rate * dW3                       # bp: update[W3]
    b3 -= learning_rate * db3                       # bp: update[b3]
