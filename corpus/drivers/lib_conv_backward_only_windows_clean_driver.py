"""Fit a 3x3 convolution (one output channel) to a fixed edge filter, with the library's backward pass."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from lib_conv_backward_only_windows_clean import conv_backward, pad_hw  # noqa: E402


def conv_forward(A_prev, W, b, hparameters):
    stride, pad = hparameters["stride"], hparameters["pad"]
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    n_H = (n_H_prev - f + 2 * pad) // stride + 1
    n_W = (n_W_prev - f + 2 * pad) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_pad = pad_hw(A_prev, pad)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                window = A_pad[i, h * stride:h * stride + f, w * stride:w * stride + f, :]
                for c in range(n_C):
                    Z[i, h, w, c] = np.sum(window * W[:, :, :, c]) + b[0, 0, 0, c]
    return Z, (A_prev, W, b, hparameters)


rng = np.random.RandomState(7)
X = rng.randn(6, 7, 7, 1)
edge = np.array([[1.0, 0.0, -1.0]] * 3).reshape(3, 3, 1, 1)
hp = {"stride": 1, "pad": 1}
Y, _ = conv_forward(X, edge, np.zeros((1, 1, 1, 1)), hp)
W = rng.randn(3, 3, 1, 1) * 0.1
b = np.zeros((1, 1, 1, 1))
lr = 0.5
for it in range(60):
    Z, cache = conv_forward(X, W, b, hp)
    loss = 0.5 * np.mean((Z - Y) ** 2)
    dZ = (Z - Y) / Z.size
    _, dW, db = conv_backward(dZ, cache)
    W -= lr * dW
    b -= lr * db
    if it % 10 == 0:
        print("iteration %d loss %.6f" % (it, loss))
