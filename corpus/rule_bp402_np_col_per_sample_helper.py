# bp-corpus: buggy
# bp-layers: W1:relu W2:sigmoid
# bp-style: numpy column convention (np.dot(W, x)), batch_gradients() helper looping over columns, biases, SSE, error = a2 - y
"""A helper that loops over the batch's columns overwrites gW2 with = instead of accumulating it."""
import numpy as np

np.random.seed(31)
n_x, n_h, n_y, m = 2, 6, 1, 48
X = np.random.randn(n_x, m)
Y = (X[0:1] * X[1:2] > 0).astype(float)
W1 = np.random.randn(n_h, n_x) * 0.6
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(n_y, n_h) * 0.6
b2 = np.zeros((n_y, 1))
eta = 1.0


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def batch_gradients(X, Y):
    gW1 = np.zeros_like(W1)
    gb1 = np.zeros_like(b1)
    gW2 = np.zeros_like(W2)
    gb2 = np.zeros_like(b2)
    cost = 0.0
    for k in range(X.shape[1]):
        x = X[:, k:k + 1]
        y = Y[:, k:k + 1]
        z1 = np.dot(W1, x) + b1
        a1 = np.maximum(z1, 0)
        a2 = sigmoid(np.dot(W2, a1) + b2)
        cost += 0.5 * np.sum((a2 - y) ** 2)
        d2 = (a2 - y) * a2 * (1 - a2)       # bp: error F1
        gW2 = np.dot(d2, a1.T)              # bp: F3[W2] BP402
        gb2 += d2                           # bp: F3[b2]
        d1 = np.dot(W2.T, d2) * (z1 > 0)    # bp: F2 F1
        gW1 += np.dot(d1, x.T)              # bp: F3[W1]
        gb1 += d1                           # bp: F3[b1]
    return gW1, gb1, gW2, gb2, cost


epochs = 300
for epoch in range(epochs):
    gW1, gb1, gW2, gb2, cost = batch_gradients(X, Y)  # bp: F1 F2 F3 error
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {cost:.4f}")
    W1 -= eta / m * gW1                     # bp: update[W1]
    b1 -= eta / m * gb1                     # bp: update[b1]
    W2 -= eta / m * gW2                     # bp: update[W2]
    b2 -= eta / m * gb2                     # bp: update[b2]
