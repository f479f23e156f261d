# bp-corpus: buggy
# bp-layers: w1:relu w2:sigmoid
# bp-style: numpy, row convention, top-level loop; the seed article's example 1 with the updates as its prose repeats them (-=, which ascends since error = t - oz), mask still tests the undefined h
"""The seed article's NumPy two-layer net with the updates as the article's prose writes them."""
import numpy as np


def relu(x):
    return np.maximum(x, 0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


np.random.seed(0)

# 64 samples of 10 features; the label is a linear threshold the net can learn.
n_samples, n_in, n_hidden, n_out = 64, 10, 16, 1
x = np.random.randn(n_samples, n_in)
t = (x[:, :1] + 0.5 * x[:, 1:2] - 0.3 * x[:, 2:3] > 0).astype(float)

w1 = np.random.randn(n_in, n_hidden) * 0.3
w2 = np.random.randn(n_hidden, n_out) * 0.3
learning_rate = 1e-2

for i in range(500):
    hy = x.dot(w1)
    hz = relu(hy)
    oy = hz.dot(w2)
    oz = sigmoid(oy)

    # Compute and print loss
    L = np.square(t - oz).sum()
    if i % 100 == 0 or i == 499:
        print(i, "loss", L)

    # Backprop to compute gradients of w1 and w2 with respect to loss
    error = t - oz  # bp: error
    delta = oz * (1 - oz) * error  # bp: F1
    dw2 = hz.T.dot(delta)  # bp: F3[w2]
    error_h = delta.dot(w2.T)  # bp: F2
    delta_h = error_h.copy()  # bp: F1
    delta_h[h < 0] = 0  # bp: F1 BP302
    dw1 = x.T.dot(delta_h)  # bp: F3[w1]

    # Update weights
    w1 -= learning_rate * dw1  # bp: update[w1] BP201
    w2 -= learning_rate * dw2  # bp: update[w2] BP201
