"""Fits a tanh -> sigmoid regressor to a smooth target in [0, 1] with the layer library."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_linear_tanh_sigmoid_npdot_buggy_tanh_sigmoid_deriv as lib  # noqa: E402

np.random.seed(12)
X = np.random.uniform(-2, 2, size=(150, 3))
T = (0.5 + 0.4 * np.sin(X[:, :1] * 1.5) * np.cos(X[:, 1:2])).clip(0.02, 0.98)

W1 = np.random.randn(3, 24) * 0.5
b1 = np.zeros(24)
W2 = np.random.randn(24, 1) * 0.3
b2 = np.zeros(1)
step = 0.5

for epoch in range(1500):
    z1, lin1 = lib.forward_linear(X, W1, b1)
    h, act1 = lib.tanh_forward(z1)
    z2, lin2 = lib.forward_linear(h, W2, b2)
    p, act2 = lib.sigmoid_forward(z2)
    loss, dp = lib.mse_loss(p, T)
    if epoch % 300 == 0 or epoch == 1499:
        print("epoch", epoch, "loss", round(float(loss), 6))
    dz2 = lib.sigmoid_backward(dp, act2)
    dh, dW2, db2 = lib.backward_linear(dz2, lin2)
    dz1 = lib.tanh_backward(dh, act1)
    _, dW1, db1 = lib.backward_linear(dz1, lin1)
    W1 -= step * dW1
    b1 -= step * db1
    W2 -= step * dW2
    b2 -= step * db2
