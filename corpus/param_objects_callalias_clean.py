# bp-corpus: clean
# bp-layers: w:relu w:tanh
# bp-style: a tiny framework of parameter objects (`Parameter` holding `.value` and `.grad`), `Linear` layers whose constructor draws the weight through an in-place initialiser helper into a local (`w = np.empty(...)`, `w = init_normal(w, rng)`) before wrapping it, an optional bias left `None` unless `with_bias` (both layers here are built with one), `param()` lists concatenated by a Sequential (`ps = ps + m.param()`), ReLU by `np.where`, a Tanh output module, an MSE object whose constructor aliases the class's `__call__` to its `apply` (returning `(loss, loss_prime)`), an SGD object stepping `p.value` by `p.grad`; weights stored (n_out, n_in), row-major batches
"""A small framework of parameter objects, trained on a smooth two-input regression."""
import numpy as np


class Parameter:
    def __init__(self, value, grad):
        self.value = value
        self.grad = grad


def init_normal(w, rng):
    w[...] = rng.normal(0.0, 1.0 / np.sqrt(w.shape[1]), w.shape)
    return w


class Module:
    def forward(self, x):
        raise NotImplementedError

    def backward(self, grad):
        raise NotImplementedError

    def param(self):
        return []


class Linear(Module):
    def __init__(self, n_in, n_out, rng, with_bias=True):
        w = np.empty((n_out, n_in))
        w = init_normal(w, rng)
        self.w = Parameter(w, np.zeros_like(w))
        self.bias = None
        if with_bias:
            b = np.zeros(n_out)
            self.bias = Parameter(b, np.zeros_like(b))

    def forward(self, x):
        self.x = x
        out = x @ self.w.value.T
        if self.bias is not None:
            out = out + self.bias.value
        return out

    def backward(self, grad):
        self.w.grad += grad.T @ self.x  # bp: F3
        if self.bias is not None:
            self.bias.grad += grad.sum(axis=0)  # bp: F3
        return grad @ self.w.value  # bp: F2

    def param(self):
        return [self.w] if self.bias is None else [self.w, self.bias]


class ReLU(Module):
    def forward(self, x):
        self.x = x
        return np.where(x < 0, 0, x)

    def backward(self, grad):
        return np.where(self.x < 0, 0, grad)  # bp: F1


class Tanh(Module):
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad):
        return (1 - self.out ** 2) * grad  # bp: F1


class Sequential(Module):
    def __init__(self, *modules):
        self.modules = list(modules)

    def forward(self, x):
        for m in self.modules:
            x = m.forward(x)
        return x

    def backward(self, grad):
        for m in reversed(self.modules):
            grad = m.backward(grad)  # bp: F1 F2
        return grad

    def param(self):
        ps = []
        for m in self.modules:
            ps = ps + m.param()
        return ps


class MSE:
    def __init__(self):
        self.__class__.__call__ = self.apply

    def apply(self, pred, target):
        loss = np.mean((pred - target) ** 2)
        loss_prime = 2 * (pred - target) / len(pred)  # bp: error
        return loss, loss_prime


class SGD:
    def __init__(self, params, lr):
        self.params = params
        self.lr = lr

    def zero_grad(self):
        for p in self.params:
            p.grad.fill(0.0)

    def step(self):
        for p in self.params:
            p.value -= self.lr * p.grad  # bp: update


rng = np.random.default_rng(11)
x = rng.uniform(-1.0, 1.0, (128, 2))
y = 0.8 * np.tanh(1.5 * x[:, :1] * x[:, 1:] + 0.7 * x[:, :1])
model = Sequential(Linear(2, 16, rng), ReLU(), Linear(16, 1, rng), Tanh())
criterion = MSE()
optimizer = SGD(model.param(), lr=0.2)
for epoch in range(400):
    optimizer.zero_grad()
    output = model.forward(x)
    loss, grad = criterion(output, y)  # bp: error
    model.backward(grad)                                            # bp: F2
    optimizer.step()                                                # bp: update
    if epoch % 100 == 0 or epoch == 399:
        print(f"epoch {epoch} loss {loss:.5f}")
