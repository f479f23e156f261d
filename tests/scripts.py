"""Training scripts that several tests share."""

#: The article's NumPy two-layer net: error = t - oz, so the updates must add.
ARTICLE_SCRIPT = """\
import numpy as np


def relu(x):
    return np.maximum(x, 0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


np.random.seed(0)
x = np.random.randn(64, 10)
t = (x[:, :1] + 0.5 * x[:, 1:2] > 0).astype(float)
w1 = np.random.randn(10, 16) * 0.3
w2 = np.random.randn(16, 1) * 0.3
learning_rate = 1e-2

for i in range(500):
    hy = x.dot(w1)
    hz = relu(hy)
    oy = hz.dot(w2)
    oz = sigmoid(oy)
    L = np.square(t - oz).sum()

    error = t - oz
    delta = oz * (1 - oz) * error
    dw2 = hz.T.dot(delta)
    error_h = delta.dot(w2.T)
    delta_h = error_h.copy()
    delta_h[hy < 0] = 0
    dw1 = x.T.dot(delta_h)

    w1 {op}= learning_rate * dw1
    w2 {op}= learning_rate * dw2
"""
