"""Trains small networks of Dense layers with each loss object of loss_objs_free_names_clean.

Regression of a surface with MSE (tanh hidden layer, linear output), three classes with a softmax
output and CCE, and a disc with a sigmoid output and BCE.  The losses' derivatives of the softmax
and sigmoid outputs are already with respect to those activations' inputs, so they go straight into
the output layer's backward.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import loss_objs_free_names_clean as lib  # noqa: E402


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def train(name, out_act, value, derivative, X, Y, n_out, lr, seed, iters=801):
    rng = np.random.default_rng(seed)
    hidden = lib.Dense(X.shape[1], 24, rng)
    output = lib.Dense(24, n_out, rng)
    for it in range(iters):
        h = np.tanh(hidden.forward(X))
        out = out_act(output.forward(h))
        if it % 200 == 0:
            print(f"{name:4s} iter {it:4d} loss {value(out, Y):.4f}")
        grad_h = output.backward(derivative(out, Y))
        hidden.backward(grad_h * (1 - h ** 2))
        output.step(lr)
        hidden.step(lr)


rng = np.random.default_rng(11)
X = rng.uniform(-2, 2, size=(200, 2))

mse = lib.MSE()
Y_reg = np.sin(X[:, :1]) + 0.5 * X[:, 1:] ** 2 - 1.0
train("MSE", lambda z: z, mse, mse.d, X, Y_reg, 1, lr=0.05, seed=1)

cce = lib.CCE()
labels = (np.floor((np.arctan2(X[:, 1], X[:, 0]) + np.pi) / (2 * np.pi / 3)).astype(int)) % 3
Y_cls = np.eye(3)[labels]
train("CCE", softmax, cce.cost, cce.delta, X, Y_cls, 3, lr=1.0, seed=2)

bce = lib.BCE()
Y_bin = (np.sum(X ** 2, axis=1, keepdims=True) < 1.5).astype(float)
train("BCE", sigmoid, bce.loss, bce.derivative, X, Y_bin, 1, lr=1.0, seed=3)
