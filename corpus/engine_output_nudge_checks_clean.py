"""A scalar engine with sanity checks that nudge the parameters along and against the gradient of the raw
network output (no target): climbing the output there is the check's purpose, not an ascent bug."""
# bp-corpus: clean
# bp-style: scalar autograd engine, Node with grad_fn closures, sanity checks stepping on the output's gradient, training loop on a squared error named total
import math
import random


class Node:
    """A number in a computation graph and the rule that sends its gradient to its inputs."""

    def __init__(self, value, inputs=()):
        self.value = value
        self.grad = 0.0
        self.inputs = inputs
        self.grad_fn = None

    def __add__(self, rhs):
        rhs = rhs if isinstance(rhs, Node) else Node(rhs)
        res = Node(self.value + rhs.value, (self, rhs))

        def grad_fn():
            self.grad += res.grad  # bp: F2
            rhs.grad += res.grad  # bp: F2
        res.grad_fn = grad_fn
        return res

    def __mul__(self, rhs):
        rhs = rhs if isinstance(rhs, Node) else Node(rhs)
        res = Node(self.value * rhs.value, (self, rhs))

        def grad_fn():
            self.grad += rhs.value * res.grad  # bp: F2 F3
            rhs.grad += self.value * res.grad  # bp: F2 F3
        res.grad_fn = grad_fn
        return res

    def __sub__(self, rhs):
        return self + rhs * -1.0

    def __radd__(self, lhs):
        return self + lhs

    def square(self):
        res = Node(self.value * self.value, (self,))

        def grad_fn():
            self.grad += 2.0 * self.value * res.grad  # bp: F1
        res.grad_fn = grad_fn
        return res

    def tanh(self):
        t = math.tanh(self.value)
        res = Node(t, (self,))

        def grad_fn():
            self.grad += (1.0 - t * t) * res.grad  # bp: F1
        res.grad_fn = grad_fn
        return res

    def backward(self):
        order, done = [], set()

        def walk(n):
            if id(n) in done:
                return
            done.add(id(n))
            for m in n.inputs:
                walk(m)
            order.append(n)
        walk(self)
        self.grad = 1.0  # bp: error
        for n in reversed(order):
            if n.grad_fn is not None:
                n.grad_fn()


class Unit:
    def __init__(self, fan_in, squash):
        self.w = [Node(random.uniform(-0.8, 0.8)) for _ in range(fan_in)]
        self.b = Node(0.0)
        self.squash = squash

    def __call__(self, xs):
        s = self.b
        for wi, xi in zip(self.w, xs):
            s = s + wi * xi
        return s.tanh() if self.squash else s


class Net:
    def __init__(self, sizes):
        self.rows = [[Unit(a, k < len(sizes) - 2) for _ in range(b)]
                     for k, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]

    def __call__(self, xs):
        for row in self.rows:
            xs = [u(xs) for u in row]
        return xs

    def params(self):
        return [p for row in self.rows for u in row for p in u.w + [u.b]]

    def clear(self):
        for p in self.params():
            p.grad = 0.0


def check_against_gradient_lowers_output(net, x):
    net.clear()
    before = net(x)[0]
    before.backward()
    for p in net.params():
        p.value -= 0.01 * p.grad  # bp: update
    return net(x)[0].value < before.value


def check_along_gradient_raises_output(net, x):
    net.clear()
    before = net(x)[0]
    before.backward()
    for p in net.params():
        p.value += 0.01 * p.grad  # bp: update
    return net(x)[0].value > before.value


def fit(net, xs, ys, rounds=80, rate=0.05):
    for r in range(rounds):
        total = Node(0.0)
        for x, y in zip(xs, ys):
            total = total + (net(x)[0] - y).square()
        net.clear()
        total.backward()
        for p in net.params():
            p.value -= rate * p.grad  # bp: update
        if r % 20 == 0:
            print(f"round {r} loss {total.value:.4f}")
    return total.value


random.seed(3)
xs = [[1.0, -2.0, 0.5], [0.5, 1.5, -1.0], [-1.0, 0.5, 2.0], [2.0, 1.0, 1.0]]
ys = [1.0, -1.0, -1.0, 1.0]
net = Net([3, 5, 1])
print("checks", check_against_gradient_lowers_output(net, xs[0]), check_along_gradient_raises_output(net, xs[0]))
print(f"final loss {fit(net, xs, ys):.4f}")
