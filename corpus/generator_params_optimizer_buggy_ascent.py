# bp-corpus: buggy
# bp-layers: Dense[1].W:tanh Dense[2].W:linear
# bp-style: (the optimiser adds the gradients: every step climbs) layer classes hand their (parameter, gradient) pairs out through a generator method
# (`yield self.W, self.dW`); an optimiser class walks every layer's pairs and steps each in place
"""A tanh regression network whose optimiser reads the layers' parameters through generators."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 0.5, (n_in, n_out))
        self.b = np.zeros(n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        self.dW = self.x.T @ grad                                # bp: F3
        self.db = grad.sum(axis=0)                               # bp: F3
        return grad @ self.W.T                                   # bp: F2

    def pairs(self):
        yield self.W, self.dW
        yield self.b, self.db


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad):
        return grad * (1 - self.out ** 2)                        # bp: F1

    def pairs(self):
        return iter(())


class SGD:
    def __init__(self, rate):
        self.rate = rate

    def step(self, layers):
        for layer in layers:
            for p, g in layer.pairs():
                p += self.rate * g                               # bp: update BP201


def train(x, y, epochs=301):
    rng = np.random.default_rng(3)
    layers = [Dense(x.shape[1], 16, rng), Tanh(), Dense(16, y.shape[1], rng)]
    opt = SGD(0.1)
    for epoch in range(epochs):
        out = x
        for layer in layers:
            out = layer.forward(out)
        loss = 0.5 * np.mean((out - y) ** 2)
        grad = (out - y) / len(x)                                # bp: error
        for layer in reversed(layers):
            grad = layer.backward(grad)  # bp: F1 F2
        opt.step(layers)                                            # bp: update
        if epoch % 100 == 0:
            print(f"epoch {epoch} loss {loss:.5f}")


if __name__ == "__main__":
    data = np.random.default_rng(4)
    x = data.normal(size=(96, 3))
    y = np.sin(x.sum(axis=1, keepdims=True))
    train(x, y)
