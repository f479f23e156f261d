"""A graph of layer nodes in the style of a small framework: each node keeps its parent nodes, its forward reads
their `output` and keeps its own, and its backward pushes each parent its gradient into the parent's `delta`, as
the node it feeds pushed it its own. The activation node chooses its function by a string; the dense node keeps
its parameters and running gradients in dicts; an optimiser steps every node's tables.

The bug: the dense node pushes its parent `delta @ W` instead of `delta @ W.T` (with a square hidden layer the
shapes still fit, so nothing fails; the gradient below it is wrong).
"""
# bp-corpus: buggy
# bp-style: graph nodes with no-argument forward/backward, gradients pushed into self.parents[0].delta, activation chosen by `if self.kind == "..."` (identity and `raise` branches), params/grads dicts, gradient summed into a grads table divided by the batch, optimiser over node tables
import numpy as np


class Node:
    def __init__(self, name):
        self.name = name
        self.parents = []
        self.output = None
        self.delta = None
        self.params = {}
        self.grads = {}


class Input(Node):
    def __init__(self, name="input"):
        super().__init__(name)

    def forward(self):
        pass

    def backward(self):
        pass


class Dense(Node):
    def __init__(self, parent, n_in, n_out, rng, name="dense"):
        super().__init__(name)
        self.parents.append(parent)
        self.params = {"w": rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_out)), "b": np.zeros((1, n_out))}
        self.grads = {"w": np.zeros((n_in, n_out)), "b": np.zeros((1, n_out))}

    def forward(self):
        self.output = np.dot(self.parents[0].output, self.params["w"]) + self.params["b"]

    def backward(self):
        self.parents[0].delta = np.dot(self.delta, self.params["w"])  # bp: F2 BP304
        m = self.output.shape[0]
        g_w = np.dot(self.parents[0].output.T, self.delta)  # bp: F3
        g_b = np.sum(self.delta, axis=0, keepdims=True)  # bp: F3
        self.grads["w"] += g_w / m  # bp: F3
        self.grads["b"] += g_b / m  # bp: F3


class Activation(Node):
    def __init__(self, parent, kind="relu", name="act"):
        super().__init__(name)
        self.parents.append(parent)
        self.kind = kind

    def forward(self):
        x = self.parents[0].output
        if self.kind == "relu":
            self.output = np.maximum(0.0, x)
        elif self.kind == "tanh":
            self.output = np.tanh(x)
        elif self.kind == "sigmoid":
            self.output = 1.0 / (1.0 + np.exp(-x))
        elif self.kind == "linear":
            self.output = x
        else:
            raise ValueError(f"unknown activation {self.kind}")

    def backward(self):
        if self.kind == "relu":
            self.parents[0].delta = self.delta * (self.output > 0)  # bp: F1
        elif self.kind == "tanh":
            self.parents[0].delta = self.delta * (1.0 - self.output ** 2)  # bp: F1
        elif self.kind == "sigmoid":
            self.parents[0].delta = self.delta * self.output * (1.0 - self.output)  # bp: F1
        else:
            self.parents[0].delta = self.delta


class SquaredLoss(Node):
    def __init__(self, parent, name="loss"):
        super().__init__(name)
        self.parents.append(parent)
        self.target = None

    def forward(self):
        self.output = np.mean(np.sum((self.parents[0].output - self.target) ** 2, axis=1))

    def backward(self):
        self.parents[0].delta = 2.0 * (self.parents[0].output - self.target)  # bp: error


class SGD:
    def __init__(self, lr):
        self.lr = lr

    def apply(self, nodes):
        for node in nodes:
            for k in node.params:
                node.params[k] -= self.lr * node.grads[k]  # bp: update
                node.grads[k].fill(0.0)


def train(nodes, inp, loss, x, y, opt, epochs):
    history = []
    for epoch in range(epochs):
        inp.output = x
        loss.target = y
        for node in nodes:
            node.forward()
        loss.forward()
        history.append(loss.output)
        loss.backward()
        for node in reversed(nodes):
            node.backward()
        opt.apply(nodes)
    return history
