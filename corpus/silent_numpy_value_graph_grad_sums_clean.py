# bp-corpus: clean
# bp-driver: drivers/silent_numpy_value_graph_grad_sums_clean_driver.py
# bp-style: a tiny reverse-mode engine in plain NumPy (no torch anywhere), a library: each graph node keeps `value` and a `grad` array started at zero, and its backward step sums into it, `self.grad += local * consumer.grad` (the chain rule's sum over the nodes that consume it) - a gradient being summed, not a parameter stepped, so no ascent, crossing or autograd finding; its driver steps the leaves' values by their grads
"""Graph nodes that sum their gradients from the nodes that consume them."""
import numpy as np


class Node:
    def __init__(self, value, parents=(), locals_=()):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.locals = locals_

    def take(self, local, consumer):
        self.grad += local * consumer.grad

    def push_back(self):
        for parent, local in zip(self.parents, self.locals):
            parent.take(local, self)


def mul(a, b):
    return Node(a.value * b.value, (a, b), (b.value, a.value))


def add(a, b):
    return Node(a.value + b.value, (a, b), (np.ones_like(a.value), np.ones_like(b.value)))
