# bp-corpus: clean
# bp-style: a course framework's module protocol with packed arguments (`forward(self, *input)` reading `input[0]`, `backward(self, *gradwrtoutput)` reading `gradwrtoutput[0]`), gradients accumulated in place with `+=` into buffers that `param()` pairs with each parameter, a Sequential of modules, an MSE module whose backward returns the output error, SGD over `param()`; row convention, `@`; tanh hidden layer
"""Modules of a small framework whose methods take their arguments packed, trained on a regression."""
import numpy as np


class Module:
    def forward(self, *input):
        raise NotImplementedError

    def backward(self, *gradwrtoutput):
        raise NotImplementedError

    def param(self):
        return []


class Linear(Module):
    def __init__(self, n_in, n_out, rng):
        self.w = rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)
        self.b = np.zeros(n_out)
        self.dw = np.zeros_like(self.w)
        self.db = np.zeros_like(self.b)

    def forward(self, *input):
        self.x = input[0]
        return self.x @ self.w + self.b

    def backward(self, *gradwrtoutput):
        g = gradwrtoutput[0]
        self.dw += self.x.T @ g  # bp: F3
        self.db += g.sum(axis=0)  # bp: F3
        return g @ self.w.T  # bp: F2

    def param(self):
        return [(self.w, self.dw), (self.b, self.db)]


class Tanh(Module):
    def forward(self, *input):
        self.out = np.tanh(input[0])
        return self.out

    def backward(self, *gradwrtoutput):
        return (1 - self.out ** 2) * gradwrtoutput[0]  # bp: F1


class Sequential(Module):
    def __init__(self, *modules):
        self.modules = modules

    def forward(self, *input):
        x = input[0]
        for m in self.modules:
            x = m.forward(x)
        return x

    def backward(self, *gradwrtoutput):
        g = gradwrtoutput[0]
        for m in reversed(self.modules):
            g = m.backward(g)  # bp: F1 F2
        return g

    def param(self):
        return [p for m in self.modules for p in m.param()]


class MSE(Module):
    def forward(self, *input):
        self.pred, self.target = input
        return np.mean((self.pred - self.target) ** 2)

    def backward(self, *gradwrtoutput):
        return 2 * (self.pred - self.target) / len(self.pred)  # bp: error


rng = np.random.default_rng(8)
x = rng.uniform(-1.5, 1.5, (96, 3))
t = np.tanh(x @ np.array([[1.0], [-2.0], [0.5]])) + 0.1 * x[:, :1] ** 2
net = Sequential(Linear(3, 12, rng), Tanh(), Linear(12, 1, rng))
criterion = MSE()
lr = 0.1
for epoch in range(300):
    loss = criterion.forward(net.forward(x), t)
    for p, grad in net.param():
        grad.fill(0)
    net.backward(criterion.backward())                              # bp: F2
    for p, grad in net.param():
        p -= lr * grad  # bp: update
    if epoch % 100 == 0 or epoch == 299:
        print(f"epoch {epoch} loss {loss:.5f}")
