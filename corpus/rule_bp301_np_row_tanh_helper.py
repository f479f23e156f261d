# bp-corpus: buggy
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy row convention (np.dot(X, W)), helper functions forward/backward, merged F2*F1 statement, biases, MSE
"""Tanh hidden layer backpropagated with the sigmoid derivative helper, inside a merged F2/F1 line."""
import numpy as np

rng = np.random.RandomState(3)
X = rng.randn(120, 3)
Y = np.stack([np.sin(X[:, 0]) > 0, X[:, 1] * X[:, 2] > 0], axis=1).astype(float)
W1 = rng.randn(3, 10) * 0.4
b1 = np.zeros(10)
W2 = rng.randn(10, 2) * 0.4
b2 = np.zeros(2)
lr = 0.5


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def dsigmoid(s):
    return s * (1 - s)


def forward(X):
    a1 = np.tanh(np.dot(X, W1) + b1)
    a2 = sigmoid(np.dot(a1, W2) + b2)
    return a1, a2


def backward(X, Y, a1, a2):
    n = X.shape[0]
    delta2 = (a2 - Y) * dsigmoid(a2) / n                # bp: error F1
    delta1 = np.dot(delta2, W2.T) * dsigmoid(a1)        # bp: F2 F1 BP301
    gW2 = np.dot(a1.T, delta2)                          # bp: F3[W2]
    gb2 = delta2.sum(axis=0)                            # bp: F3[b2]
    gW1 = np.dot(X.T, delta1)                           # bp: F3[W1]
    gb1 = delta1.sum(axis=0)                            # bp: F3[b1]
    return gW1, gb1, gW2, gb2


epochs = 500
for epoch in range(epochs):
    a1, a2 = forward(X)
    loss = np.mean((a2 - Y) ** 2)
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {loss:.5f}")
    gW1, gb1, gW2, gb2 = backward(X, Y, a1, a2)  # bp: F3
    W1 -= lr * gW1                                      # bp: update[W1]
    b1 -= lr * gb1                                      # bp: update[b1]
    W2 -= lr * gW2                                      # bp: update[W2]
    b2 -= lr * gb2                                      # bp: update[b2]
