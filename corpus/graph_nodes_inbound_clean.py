# bp-corpus: clean
# bp-driver: drivers/graph_nodes_inbound_clean_driver.py
# bp-style: a graph of node objects (the MiniFlow lesson's shape): each node keeps its input nodes and the
# nodes it feeds, forward() and backward() take nothing but self, the gradients live in a dict keyed by node,
# and a node reads the gradient of its own value from each consumer's dict under its own key
import numpy as np


class Node:
    def __init__(self, sources=None):
        self.sources = sources if sources is not None else []
        self.sinks = []
        self.value = None
        self.partials = {}
        for node in self.sources:
            node.sinks.append(self)

    def forward(self):
        raise NotImplementedError

    def backward(self):
        raise NotImplementedError


class Feed(Node):
    """Data, weights and biases: their value is set from outside; their gradient is summed from their sinks."""

    def __init__(self):
        Node.__init__(self)

    def forward(self):
        pass

    def backward(self):
        self.partials = {self: 0}
        for sink in self.sinks:
            self.partials[self] += sink.partials[self]


class Affine(Node):
    def __init__(self, x, w, b):
        Node.__init__(self, [x, w, b])

    def forward(self):
        x = self.sources[0].value
        w = self.sources[1].value
        b = self.sources[2].value
        self.value = x @ w + b

    def backward(self):
        self.partials = {node: np.zeros_like(node.value) for node in self.sources}
        for sink in self.sinks:
            upstream = sink.partials[self]
            self.partials[self.sources[0]] += upstream @ self.sources[1].value.T     # bp: F2
            self.partials[self.sources[1]] += self.sources[0].value.T @ upstream     # bp: F3
            self.partials[self.sources[2]] += np.sum(upstream, axis=0)              # bp: F3


class Logistic(Node):
    def __init__(self, node):
        Node.__init__(self, [node])

    def forward(self):
        self.value = 1.0 / (1.0 + np.exp(-self.sources[0].value))

    def backward(self):
        self.partials = {node: np.zeros_like(node.value) for node in self.sources}
        for sink in self.sinks:
            upstream = sink.partials[self]
            s = self.value
            self.partials[self.sources[0]] += s * (1.0 - s) * upstream               # bp: F1


class SquaredError(Node):
    def __init__(self, y, a):
        Node.__init__(self, [y, a])

    def forward(self):
        y = self.sources[0].value.reshape(-1, 1)
        a = self.sources[1].value.reshape(-1, 1)
        self.count = self.sources[0].value.shape[0]
        self.residual = y - a                                                        # bp: error
        self.value = np.mean(self.residual ** 2)

    def backward(self):
        self.partials[self.sources[0]] = (2.0 / self.count) * self.residual
        self.partials[self.sources[1]] = (-2.0 / self.count) * self.residual


def ordered(feeds):
    """The nodes reachable from `feeds`, each after all of its sources."""
    seen, order = set(), []

    def visit(node):
        if node in seen:
            return
        seen.add(node)
        for source in node.sources:
            visit(source)
        order.append(node)

    stack = list(feeds)
    while stack:
        node = stack.pop()
        visit(node)
        stack.extend(node.sinks)
    return order


def run(graph):
    for node in graph:
        node.forward()
    for node in graph[::-1]:
        node.backward()


def sgd(trainables, rate):
    for t in trainables:
        t.value -= rate * t.partials[t]                                              # bp: update
