# bp-corpus: clean
# bp-style: a small module framework: `Linear(Module)` calls `super().__init__()`, takes 2-D or 3-D input and writes its gradients in one branch per case (`if X.ndim == 3: ... self.dW = ... else: self.dW = ...`), exposes `params()`/`grads()` dicts; `Momentum(Optimizer)` keeps the modules through `super().__init__(modules, lr)` and steps `params[k] -= lr * v` with a velocity per key - the 3-D branch's gradients are applied as much as the 2-D branch's, so no unused-gradient finding
"""Fits a linear map with a framework-style Linear module and a momentum optimiser."""
import numpy as np


class Module:
    def __init__(self):
        self.training = True

    def params(self):
        return {}

    def grads(self):
        return {}


class Linear(Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.W = np.random.randn(n_in, n_out) * np.sqrt(1.0 / n_in)
        self.b = np.zeros(n_out)
        self.dW = None
        self.db = None
        self.X = None

    def forward(self, X):
        self.X = X
        if X.ndim == 3:
            n, t, c = X.shape
            return (X.reshape(-1, c) @ self.W + self.b).reshape(n, t, -1)
        return X @ self.W + self.b

    def backward(self, dZ):
        X = self.X
        if X.ndim == 3:
            n, t, c = X.shape
            flat_x, flat_d = X.reshape(-1, c), dZ.reshape(-1, self.W.shape[1])
            self.dW = flat_x.T @ flat_d  # bp: F3[self.W]
            self.db = flat_d.sum(axis=0)  # bp: F3[self.b]
            return (flat_d @ self.W.T).reshape(n, t, c)  # bp: F2
        self.dW = X.T @ dZ  # bp: F3[self.W]
        self.db = dZ.sum(axis=0)  # bp: F3[self.b]
        return dZ @ self.W.T  # bp: F2

    def params(self):
        return {"W": self.W, "b": self.b}

    def grads(self):
        return {"W": self.dW, "b": self.db}


class Optimizer:
    def __init__(self, modules, lr):
        self.modules = modules
        self.lr = lr


class Momentum(Optimizer):
    def __init__(self, modules, lr=0.05, beta=0.9):
        super().__init__(modules, lr)
        self.beta = beta
        self.vel = [{k: np.zeros_like(p) for k, p in m.params().items()} for m in modules]

    def step(self):
        for i, module in enumerate(self.modules):
            params, grads = module.params(), module.grads()
            for k in params:
                self.vel[i][k] = self.beta * self.vel[i][k] + grads[k]
                params[k] -= self.lr * self.vel[i][k]  # bp: update

np.random.seed(1)
layer = Linear(2, 1)
opt = Momentum([layer])
X = np.random.randn(30, 2)
y = X @ np.array([[1.5], [-0.5]]) + 0.25
for epoch in range(201):
    pred = layer.forward(X)
    dZ = 2 * (pred - y) / len(X)  # bp: error
    layer.backward(dZ)                                              # bp: F2
    opt.step()                                                      # bp: update
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d} loss {np.mean((pred - y) ** 2):.5f}")
