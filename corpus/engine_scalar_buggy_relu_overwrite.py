"""The scalar autograd engine whose ReLU assigns its operand's gradient instead of adding to it. In this network
each pre-activation feeds only its ReLU, so the loss still falls; any graph that also uses a pre-activation
elsewhere (a skip connection, a value passed to two activations) keeps only the share of whichever backward runs
last."""
# bp-corpus: buggy
# bp-style: scalar autograd engine, Value with _backward closures, topological backward, Neuron/Layer/MLP with parameters(), update loop p.data -= lr * p.grad, zero_grad
import math
import random


class Scalar:
    """One number, its gradient, and how to send the gradient back to what it was made of."""

    def __init__(self, data, parents=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._parents = parents

    def __add__(self, other):
        other = other if isinstance(other, Scalar) else Scalar(other)
        out = Scalar(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad  # bp: F2
            other.grad += out.grad  # bp: F2
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Scalar) else Scalar(other)
        out = Scalar(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad  # bp: F2 F3
            other.grad += self.data * out.grad  # bp: F2 F3
        out._backward = _backward
        return out

    def __pow__(self, k):
        assert isinstance(k, (int, float))
        out = Scalar(self.data ** k, (self,))

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad  # bp: F1
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Scalar(t, (self,))

        def _backward():
            self.grad += (1 - t ** 2) * out.grad  # bp: F1
        out._backward = _backward
        return out

    def relu(self):
        out = Scalar(self.data if self.data > 0 else 0.0, (self,))

        def _backward():
            self.grad = (out.data > 0) * out.grad  # bp: F1 BP312
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v._parents:
                    visit(p)
                order.append(v)
        visit(self)
        self.grad = 1.0  # bp: error
        for v in reversed(order):
            v._backward()


class Neuron:
    def __init__(self, n_in, act):
        self.w = [Scalar(random.uniform(-1, 1)) for _ in range(n_in)]
        self.b = Scalar(0.0)
        self.act = act

    def __call__(self, x):
        s = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return s.relu() if self.act else s

    def parameters(self):
        return self.w + [self.b]


class MLP:
    def __init__(self, sizes):
        self.layers = [[Neuron(a, i < len(sizes) - 2) for _ in range(b)]
                       for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]

    def __call__(self, x):
        for layer in self.layers:
            x = [n(x) for n in layer]
        return x[0]

    def parameters(self):
        return [p for layer in self.layers for n in layer for p in n.parameters()]

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


def train(model, xs, ys, steps=60, rate=0.05):
    for step in range(steps):
        preds = [model(x) for x in xs]
        loss = sum(((p - y) ** 2 for p, y in zip(preds, ys)), Scalar(0.0))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= rate * p.grad  # bp: update
        if step % 20 == 0:
            print(f"step {step} loss {loss.data:.4f}")
    return loss.data


random.seed(1)
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
ys = [1.0, -1.0, -1.0, 1.0]
net = MLP([3, 4, 4, 1])
final = train(net, xs, ys)
print(f"final loss {final:.4f}")
