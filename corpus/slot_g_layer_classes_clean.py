"""Layer objects that keep what their call saw (`self.inp`, `self.out`) and whose backward() takes no argument:
each reads the upstream gradient from its own output (`self.out.g`) and stores its input's gradient on the input."""
# bp-corpus: clean
# bp-style: classes with __call__ keeping self.inp / self.out, backward(self) with no argument reading self.out.g and writing self.inp.g, self.w.g, self.b.g, a Model looping reversed(self.layers), an ndarray subclass that can carry attributes, updates read p.g
import numpy as np


class Tensor(np.ndarray):
    """An array that can keep attributes: its gradient lives in `.g`."""


class Lin:
    def __init__(self, w, b):
        self.w, self.b = w, b

    def __call__(self, inp):
        self.inp = inp
        self.out = inp @ self.w + self.b
        return self.out

    def backward(self):
        self.inp.g = self.out.g @ self.w.T  # bp: F2
        self.w.g = self.inp.T @ self.out.g  # bp: F3
        self.b.g = self.out.g.sum(0)  # bp: F3


class Tanh:
    def __call__(self, inp):
        self.inp = inp
        self.out = np.tanh(inp)
        return self.out

    def backward(self):
        self.inp.g = (1 - self.out ** 2) * self.out.g  # bp: F1


class Mse:
    def __call__(self, inp, targ):
        self.inp, self.targ = inp, targ
        self.out = ((inp[:, 0] - targ) ** 2).mean()
        return self.out

    def backward(self):
        self.inp.g = 2.0 * (self.inp[:, 0] - self.targ)[:, None] / self.targ.shape[0]  # bp: error


class Model:
    def __init__(self, w1, b1, w2, b2):
        self.layers = [Lin(w1, b1), Tanh(), Lin(w2, b2)]
        self.loss = Mse()

    def __call__(self, x, targ):
        for layer in self.layers:
            x = layer(x)
        return self.loss(x, targ)

    def backward(self):
        self.loss.backward()                                        # bp: error
        for layer in reversed(self.layers):
            layer.backward()                                        # bp: F2


rng = np.random.RandomState(11)
x = rng.uniform(-2.0, 2.0, (80, 3)).view(Tensor)
y = np.cos(x[:, 0]) * x[:, 1] - 0.3 * x[:, 2]
hidden = 12
w1 = (rng.randn(3, hidden) * 0.5).view(Tensor)
b1 = np.zeros(hidden).view(Tensor)
w2 = (rng.randn(hidden, 1) * 0.3).view(Tensor)
b2 = np.zeros(1).view(Tensor)
model = Model(w1, b1, w2, b2)
lr = 0.1

for epoch in range(301):
    loss = model(x, y)
    model.backward()                                                # bp: F2
    for p in (w1, b1, w2, b2):
        p -= lr * p.g  # bp: update
    if epoch % 75 == 0:
        print("epoch", epoch, "loss", round(float(loss), 5))
