"""An autograd engine whose operations are classes (tinygrad's shape): `forward(self, a, b)` keeps what it needs
with `self.save(...)` and returns the output, `backward(self, grad)` returns each input's gradient; a `Tensor`
records which operation made it and runs the backward passes in reverse order. A one-neuron regression is
trained on it."""
# bp-corpus: clean
# bp-style: operation classes with forward/backward (Function.apply), saved values, Tensor graph with topological backward, scalar data, update loop p.data -= lr * p.grad
import math
import random


class Function:
    def __init__(self, *parents):
        self.parents = parents
        self.saved = ()

    def save(self, *values):
        self.saved = values

    @classmethod
    def apply(cls, *tensors):
        fn = cls(*tensors)
        return Tensor(fn.forward(*[t.data for t in tensors]), fn)


class Add(Function):
    def forward(self, a, b):
        return a + b

    def backward(self, grad):
        return grad, grad  # bp: F2


class Mul(Function):
    def forward(self, a, b):
        self.save(a, b)
        return a * b

    def backward(self, grad):
        a, b = self.saved
        return grad * b, grad * a  # bp: F2 F3


class Tanh(Function):
    def forward(self, a):
        t = math.tanh(a)
        self.save(t)
        return t

    def backward(self, grad):
        t = self.saved[0]
        return grad * (1 - t ** 2)  # bp: F1


class Square(Function):
    def forward(self, a):
        self.save(a)
        return a * a

    def backward(self, grad):
        a = self.saved[0]
        return grad * 2 * a  # bp: F1


class Tensor:
    def __init__(self, data, made_by=None):
        self.data = data
        self.grad = 0.0
        self.made_by = made_by

    def __add__(self, other):
        return Add.apply(self, other)

    def __mul__(self, other):
        return Mul.apply(self, other)

    def backward(self):
        order, seen = [], set()

        def visit(t):
            if id(t) not in seen:
                seen.add(id(t))
                if t.made_by is not None:
                    for p in t.made_by.parents:
                        visit(p)
                order.append(t)
        visit(self)
        self.grad = 1.0  # bp: error
        for t in reversed(order):
            if t.made_by is not None:
                grads = t.made_by.backward(t.grad)
                grads = grads if isinstance(grads, tuple) else (grads,)
                for p, g in zip(t.made_by.parents, grads):
                    p.grad += g


random.seed(3)
w, b = Tensor(random.uniform(-1, 1)), Tensor(0.0)
data = [(x / 10.0, math.tanh(0.8 * x / 10.0 - 0.2)) for x in range(-10, 11)]
rate = 0.2
for epoch in range(30):
    total = 0.0
    for x, y in data:
        out = Tanh.apply(w * Tensor(x) + b)
        loss = Square.apply(out + Tensor(-y))
        w.grad, b.grad = 0.0, 0.0
        loss.backward()
        for p in (w, b):
            p.data -= rate * p.grad  # bp: update
        total += loss.data
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {total:.5f}")
print(f"final loss {total:.5f}")
