"""The NumPy autograd engine whose matrix product assigns its operands' gradients instead of adding to them:
the input `x` is fine, but any tensor used twice keeps one use's share."""
# bp-corpus: buggy
# bp-style: array autograd engine, Tensor with _backward closures over ndarrays, matmul/add/relu/mse ops, topological backward, update loop p.data -= lr * p.grad with np.zeros_like resets
import numpy as np


class Tensor:
    def __init__(self, data, parents=()):
        self.data = np.asarray(data, dtype=float)
        self.grad = np.zeros_like(self.data)
        self._backward = lambda: None
        self._parents = parents

    def matmul(self, other):
        out = Tensor(self.data @ other.data, (self, other))

        def _backward():
            self.grad = out.grad @ other.data.T  # bp: F2 F3 BP312
            other.grad = self.data.T @ out.grad  # bp: F2 F3 BP312
        out._backward = _backward
        return out

    def add_bias(self, bias):
        out = Tensor(self.data + bias.data, (self, bias))

        def _backward():
            self.grad += out.grad  # bp: F2
            bias.grad += out.grad.sum(axis=0)  # bp: F2
        out._backward = _backward
        return out

    def relu(self):
        out = Tensor(np.maximum(self.data, 0.0), (self,))

        def _backward():
            self.grad += (self.data > 0) * out.grad  # bp: F1
        out._backward = _backward
        return out

    def mse(self, target):
        diff = self.data - target
        out = Tensor(np.mean(diff ** 2), (self,))

        def _backward():
            self.grad += 2.0 * diff / diff.size * out.grad  # bp: F1
        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v._parents:
                    visit(p)
                order.append(v)
        visit(self)
        self.grad = np.ones_like(self.data)  # bp: error
        for v in reversed(order):
            v._backward()


rng = np.random.default_rng(0)
x = Tensor(rng.normal(size=(32, 3)))
y = x.data @ np.array([[1.0], [-2.0], [0.5]])
w1, b1 = Tensor(rng.normal(size=(3, 8)) * 0.5), Tensor(np.zeros(8))
w2, b2 = Tensor(rng.normal(size=(8, 1)) * 0.5), Tensor(np.zeros(1))
params = [w1, b1, w2, b2]
lr = 0.05
for step in range(200):
    h = x.matmul(w1).add_bias(b1).relu()
    loss = h.matmul(w2).add_bias(b2).mse(y)
    for p in params:
        p.grad = np.zeros_like(p.data)
    loss.backward()
    for p in params:
        p.data -= lr * p.grad  # bp: update
    if step % 50 == 0:
        print(f"step {step} loss {loss.data:.4f}")
