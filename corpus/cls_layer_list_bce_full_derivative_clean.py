# bp-corpus: clean
# bp-layers: Affine[1].W:sigmoid Affine[2].W:sigmoid
# bp-style: layer objects in a list, column vectors, one sample at a time; binary cross-entropy's
# derivative written in full, (q - t) / (q (1 - q)), so the sigmoid layer's backward must still
# multiply by its derivative (no double derivative here)
import numpy as np


class Affine:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 0.5, (n_out, n_in))
        self.b = np.zeros((n_out, 1))

    def forward(self, a):
        self.a = a
        return self.W @ a + self.b

    def backward(self, grad, rate):
        gW = grad @ self.a.T                          # bp: F3
        db = grad                                     # bp: F3
        ga = self.W.T @ grad                          # bp: F2
        self.W -= rate * gW                           # bp: update
        self.b -= rate * db                           # bp: update
        return ga


class Logistic:
    def forward(self, z):
        self.s = 1.0 / (1.0 + np.exp(-z))
        return self.s

    def backward(self, grad, rate):
        return grad * self.s * (1.0 - self.s)         # bp: F1


def bce(t, p):
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(t * np.log(q) + (1 - t) * np.log(1 - q)))


def bce_grad(t, p):
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return (q - t) / (q * (1 - q))                    # bp: error


def fit(layers, X, Y, epochs, rate):
    for epoch in range(epochs):
        total = 0.0
        for x, y in zip(X, Y):
            out = x
            for layer in layers:
                out = layer.forward(out)
            total += bce(y, out)
            g = bce_grad(y, out)  # bp: error
            for layer in reversed(layers):
                g = layer.backward(g, rate)  # bp: F1 F2
        if epoch % 10 == 0 or epoch == epochs - 1:
            print(f"epoch {epoch} loss {total / len(X):.4f}")


rng = np.random.default_rng(5)
X = rng.normal(0.0, 1.0, (80, 3, 1))
Y = (X[:, 0:1, :] + X[:, 1:2, :] > 0).astype(float)
fit([Affine(3, 6, rng), Logistic(), Affine(6, 1, rng), Logistic()], X, Y, 40, 0.2)
