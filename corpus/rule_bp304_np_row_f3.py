# bp-corpus: buggy
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy row convention (np.dot(X, W)), batch size equal to input width, biases, MSE, error = out - Y
"""Formula 3 without the transpose: dW1 = np.dot(X, d1), which runs only because N equals the input width."""
import numpy as np

np.random.seed(21)
N, D, H = 8, 8, 6
X = np.random.randn(N, D)
Y = (X[:, :1] + X[:, 1:2] > 0).astype(float)
W1 = np.random.randn(D, H) * 0.3
b1 = np.zeros(H)
W2 = np.random.randn(H, 1) * 0.3
b2 = np.zeros(1)
lr = 0.2


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


epochs = 400
for epoch in range(epochs):
    A1 = np.tanh(np.dot(X, W1) + b1)
    A2 = sigmoid(np.dot(A1, W2) + b2)
    loss = np.mean((A2 - Y) ** 2)
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {loss:.5f}")

    dA2 = (A2 - Y) / N                      # bp: error
    d2 = dA2 * A2 * (1 - A2)                # bp: F1
    dW2 = np.dot(A1.T, d2)                  # bp: F3[W2]
    db2 = np.sum(d2, axis=0)                # bp: F3[b2]
    dA1 = np.dot(d2, W2.T)                  # bp: F2
    d1 = dA1 * (1 - A1 ** 2)                # bp: F1
    dW1 = np.dot(X, d1)                     # bp: F3[W1] BP304
    db1 = np.sum(d1, axis=0)                # bp: F3[b1]

    W2 -= lr * dW2                          # bp: update[W2]
    b2 -= lr * db2                          # bp: update[b2]
    W1 -= lr * dW1                          # bp: update[W1]
    b1 -= lr * db1                          # bp: update[b1]
