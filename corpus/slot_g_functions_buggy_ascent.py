"""A regression net whose gradients travel on the arrays they differentiate (`out.g`, `w.g`): each gradient
function reads the upstream gradient from the output it is handed and stores its own on the input."""
# bp-corpus: buggy
# bp-style: functions, row convention, an ndarray subclass that can carry attributes, lin_grad / relu_grad / mse_grad writing inp.g, w.g, b.g (the from-the-foundations style), forward_and_backward wiring them, updates read p.g
import numpy as np


class Tensor(np.ndarray):
    """An array that can keep attributes: its gradient lives in `.g`."""


def tensor(a):
    return np.asarray(a, dtype=float).view(Tensor)


def relu(x):
    return np.maximum(x, 0.0)


def mse(output, targ):
    return ((output[:, 0] - targ) ** 2).mean()


def mse_grad(inp, targ):
    inp.g = 2.0 * (inp[:, 0] - targ)[:, None] / inp.shape[0]  # bp: error


def relu_grad(inp, out):
    inp.g = (inp > 0).astype(float) * out.g  # bp: F1


def lin_grad(inp, out, w, b):
    inp.g = out.g @ w.T  # bp: F2
    w.g = inp.T @ out.g  # bp: F3
    b.g = out.g.sum(axis=0)  # bp: F3


def forward_and_backward(inp, targ):
    l1 = inp @ w1 + b1
    l2 = relu(l1)
    out = l2 @ w2 + b2
    loss = mse(out, targ)
    mse_grad(out, targ)                                             # bp: error
    lin_grad(l2, out, w2, b2)                                       # bp: F2
    relu_grad(l1, l2)                                               # bp: F1
    lin_grad(inp, l1, w1, b1)                                       # bp: F2
    return loss


rng = np.random.RandomState(3)
x = tensor(rng.randn(64, 4))
y = np.sin(x[:, 0]) + 0.5 * x[:, 1] * x[:, 2]
hidden = 16
w1 = tensor(rng.randn(4, hidden) / 2.0)
b1 = np.zeros(hidden).view(Tensor)
w2 = tensor(rng.randn(hidden, 1) / 4.0)
b2 = np.zeros(1).view(Tensor)
lr = 0.05

for step in range(401):
    loss = forward_and_backward(x, y)
    for p in (w1, b1, w2, b2):
        p += lr * p.g  # bp: update BP201
    if step % 100 == 0:
        print("step", step, "loss", round(float(loss), 5))
