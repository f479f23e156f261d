# bp-corpus: buggy
# bp-style: layer objects whose weights come from an initialiser helper that binds local names before returning them
# (`w = ...; b = ...; return w, b`), blocks that build their inner dense layer in their own constructor (one line
# for every block), a sigmoid written with a reciprocal, `1 / (1 + 1 / np.exp(x))`, and steps handed to a setter
# (`w = dense.w - lr * dense.dw` then `dense.set_params(w, b)`); the weight's step here climbs the loss
import numpy as np


def init_params(n_in, n_out):
    w = np.random.randn(n_in, n_out) * np.sqrt(1.0 / n_in)
    b = np.zeros((1, n_out))
    return w, b


class Dense:
    def __init__(self, n_in, n_out):
        self.w, self.b = init_params(n_in, n_out)

    def set_params(self, w, b):
        self.w = w
        self.b = b

    def forward(self, x):
        self.x = x
        return x @ self.w + self.b

    def backward(self, g):
        self.dw = self.x.T @ g  # bp: F3
        self.db = g.sum(axis=0, keepdims=True)  # bp: F3
        return g @ self.w.T  # bp: F2


class Block:
    def __init__(self, n_in, n_out):
        self.dense = Dense(n_in, n_out)

    def forward(self, x):
        return self.dense.forward(x)

    def backward(self, g):
        return self.dense.backward(g)


class Tanh:
    def forward(self, x):
        self.y = np.tanh(x)
        return self.y

    def backward(self, g):
        return g * (1 - self.y ** 2)  # bp: F1


class Sigmoid:
    def forward(self, x):
        self.y = 1 / (1 + 1 / np.exp(x))
        return self.y

    def backward(self, g):
        return g * self.y * (1 - self.y)  # bp: F1


np.random.seed(0)
X = np.random.randn(128, 3)
T = (X[:, :1] * X[:, 1:2] > 0) * 1.0
layers = [Block(3, 16), Tanh(), Block(16, 1), Sigmoid()]
lr = 0.5
for it in range(600):
    out = X
    for layer in layers:
        out = layer.forward(out)
    loss = np.mean((out - T) ** 2)
    g = 2 * (out - T) / len(X)  # bp: error
    for layer in reversed(layers):
        g = layer.backward(g)  # bp: F1 F2
    for layer in layers:
        if isinstance(layer, Block):
            dense = layer.dense
            w = dense.w + lr * dense.dw  # bp: update BP201
            b = dense.b - lr * dense.db  # bp: update
            dense.set_params(w, b)  # bp: update
    if it % 200 == 0:
        print("iteration", it, "loss", loss)
print("final loss", loss)
