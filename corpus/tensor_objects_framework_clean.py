"""A small framework whose values travel in tensor objects: each holds its array and its gradient.
A layer's forward takes the input tensor and returns a new one; its backward is handed both back and adds the
input's gradient into `x.grad`. The weights are made on the first forward pass. An optimiser keeps the model's
layers and steps them by position; the model's backward and the optimiser's step are called on lines of their own.
"""
# bp-corpus: clean
# bp-style: tensor objects (`x.value`, `y.grad`), layers built on first forward, backward(self, x, y), optimiser keeping `model.layers` and stepping `self.l[i].w` of `model.layers[::2]`, calls on lines of their own
import numpy as np


class Tensor:
    def __init__(self, value):
        self.value = np.array(value, dtype=float)
        self.grad = np.zeros(self.value.shape)

    def zero_grad(self):
        self.grad = np.zeros(self.value.shape)


class Dense:
    def __init__(self, n_out, seed):
        self.n_out = n_out
        self.seed = seed
        self.w = None
        self.b = None

    def forward(self, x):
        if self.w is None:
            rng = np.random.default_rng(self.seed)
            self.w = Tensor(rng.normal(0.0, np.sqrt(1.0 / x.value.shape[-1]), (x.value.shape[-1], self.n_out)))
            self.b = Tensor(np.zeros(self.n_out))
        y = Tensor(x.value @ self.w.value + self.b.value)
        return y

    def backward(self, x, y):
        x.grad = x.grad + y.grad @ self.w.value.T                       # bp: F2
        self.w.grad = self.w.grad + x.value.T @ y.grad                  # bp: F3
        self.b.grad = self.b.grad + y.grad.sum(axis=0)                  # bp: F3


class Tanh:
    def forward(self, x):
        y = Tensor(np.tanh(x.value))
        return y

    def backward(self, x, y):
        x.grad = x.grad + y.grad * (1.0 - y.value ** 2)                 # bp: F1


class Model:
    def __init__(self, layers):
        self.layers = layers
        self.tensors = []

    def forward(self, x):
        self.tensors = [Tensor(x)]
        for layer in self.layers:
            self.tensors.append(layer.forward(self.tensors[-1]))
        return self.tensors[-1]

    def backward(self, target):
        out = self.tensors[-1]
        out.grad = 2.0 * (out.value - target) / len(target)             # bp: error
        for i in reversed(range(len(self.layers))):
            self.layers[i].backward(self.tensors[i], self.tensors[i + 1])  # bp: F2


class SGD:
    def __init__(self, model, lr):
        self.l = model.layers[::2]  # every other layer is an activation
        self.lr = lr

    def step(self):
        for i in range(len(self.l)):
            self.l[i].w.value = self.l[i].w.value - self.lr * self.l[i].w.grad  # bp: update
            self.l[i].b.value = self.l[i].b.value - self.lr * self.l[i].b.grad  # bp: update
            self.l[i].w.zero_grad()
            self.l[i].b.zero_grad()


def main():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1.0, 1.0, (128, 2))
    T = np.sin(2.0 * X[:, :1]) * X[:, 1:]
    model = Model([Dense(16, 1), Tanh(), Dense(1, 2)])
    opt = SGD(model, 0.2)
    for epoch in range(400):
        out = model.forward(X)
        model.backward(T)                                               # bp: F2
        opt.step()                                                      # bp: update
        if epoch % 100 == 0 or epoch == 399:
            print(f"epoch {epoch} loss {float(np.mean((out.value - T) ** 2)):.5f}")


if __name__ == "__main__":
    main()
