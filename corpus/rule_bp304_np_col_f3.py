# bp-corpus: buggy
# bp-layers: W1:sigmoid W2:sigmoid
# bp-style: numpy column convention (np.dot(W, A)), batch size equal to hidden width, biases, SSE, error = A2 - Y
"""Column-convention formula 3 without the transpose: np.dot(dZ2, A1) where np.dot(dZ2, A1.T) is meant."""
import numpy as np

np.random.seed(8)
n_x, n_h, n_y, m = 4, 6, 2, 6
X = np.random.randn(n_x, m)
Y = np.concatenate([X[:1] > 0, X[1:2] * X[2:3] > 0], axis=0).astype(float)
W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(n_y, n_h) * 0.5
b2 = np.zeros((n_y, 1))
alpha = 0.5


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


iterations = 500
for i in range(iterations):
    Z1 = np.dot(W1, X) + b1
    A1 = sigmoid(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cost = 0.5 * np.sum((A2 - Y) ** 2)
    if i == 0 or i == iterations - 1:
        print(f"iteration {i} loss {cost:.4f}")

    dA2 = A2 - Y                                    # bp: error
    dZ2 = dA2 * A2 * (1 - A2)                       # bp: F1
    dW2 = np.dot(dZ2, A1)                           # bp: F3[W2] BP304
    db2 = np.sum(dZ2, axis=1, keepdims=True)        # bp: F3[b2]
    dA1 = np.dot(W2.T, dZ2)                         # bp: F2
    dZ1 = dA1 * A1 * (1 - A1)                       # bp: F1
    dW1 = np.dot(dZ1, X.T)                          # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True)        # bp: F3[b1]

    W1 = W1 - alpha * dW1                           # bp: update[W1]
    b1 = b1 - alpha * db1                           # bp: update[b1]
    W2 = W2 - alpha * dW2                           # bp: update[W2]
    b2 = b2 - alpha * db2                           # bp: update[b2]
