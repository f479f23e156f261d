# bp-corpus: clean
# bp-style: a small PyTorch-like framework written in NumPy: Param objects carrying .data and .grad,
# modules registering them in __setattr__, parameters() collecting them, layers accumulating into
# .grad by hand, an optimiser whose step() reads p.grad and whose zero_grad() fills it with zeros
import numpy as np


class Param:
    def __init__(self, data):
        self.data = data
        self.grad = np.zeros_like(data)


class Module:
    def __init__(self):
        self.registry = {}

    def __setattr__(self, name, value):
        if isinstance(value, Param):
            self.registry[name] = value
        super().__setattr__(name, value)

    def parameters(self):
        found = list(self.registry.values())
        for child in self.__dict__.values():
            if isinstance(child, Module):
                found.extend(child.parameters())
        return found


class Dense(Module):
    def __init__(self, n_in, n_out, rng):
        super().__init__()
        self.W = Param(rng.normal(0.0, 0.3, (n_in, n_out)))
        self.b = Param(np.zeros(n_out))

    def forward(self, x):
        self.x = x
        return x @ self.W.data + self.b.data

    def backward(self, g):
        self.W.grad += self.x.T @ g                                  # bp: F3
        self.b.grad += g.sum(axis=0)                                 # bp: F3
        return g @ self.W.data.T                                     # bp: F2


class TwoLayer(Module):
    def __init__(self, rng):
        super().__init__()
        self.hidden = Dense(6, 8, rng)
        self.top = Dense(8, 3, rng)

    def forward(self, x):
        self.h = np.tanh(self.hidden.forward(x))
        return self.top.forward(self.h)

    def backward(self, g):
        g = self.top.backward(g)  # bp: F2
        return self.hidden.backward(g * (1 - self.h ** 2))          # bp: F1


class PlainSGD:
    def __init__(self, params, lr):
        self.params = list(params)
        self.lr = lr

    def step(self):
        for p in self.params:
            p.data -= self.lr * p.grad                               # bp: update

    def zero_grad(self):
        for p in self.params:
            p.grad.fill(0)


rng = np.random.default_rng(9)
inputs = rng.normal(0.0, 1.0, (40, 6))
targets = inputs[:, :3] * 0.5 - inputs[:, 3:] * 0.25
net = TwoLayer(rng)
opt = PlainSGD(net.parameters(), 0.05)
for epoch in range(40):
    total = 0.0
    for start in range(0, 40, 10):
        xb, yb = inputs[start:start + 10], targets[start:start + 10]
        out = net.forward(xb)
        total += float(np.mean((out - yb) ** 2))
        net.backward(2 * (out - yb) / len(yb))                     # bp: error
        opt.step()                                                  # bp: update
        opt.zero_grad()
    if epoch % 10 == 0 or epoch == 39:
        print(f"epoch {epoch} loss {total / 4:.5f}")
