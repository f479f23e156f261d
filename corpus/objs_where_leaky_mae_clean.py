# bp-corpus: clean
# bp-style: layer objects in rows, a leaky ReLU written with np.where whose condition picks the negative side (`np.where(x <= 0, slope * x, x)`, derivative `np.where(x <= 0, slope, 1)`), a mean-absolute-error loss object whose gradient is `np.sign(pred - target) / n`, a training loop over the layers in the file
"""Robust regression of a bent line with outliers: dense -> leaky ReLU -> dense, trained on absolute error."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad, lr):
        dx = grad @ self.W.T  # bp: F2
        self.W -= lr * (self.x.T @ grad)  # bp: F3 update
        self.b -= lr * grad.sum(axis=0, keepdims=True)  # bp: F3 update
        return dx


class LeakyReLU:
    def __init__(self, slope=0.05):
        self.slope = slope

    def forward(self, x):
        self.x = x
        return np.where(x <= 0, self.slope * x, x)

    def backward(self, grad, lr):
        return grad * np.where(self.x <= 0, self.slope, 1)  # bp: F1


class AbsoluteError:
    def loss(self, pred, target):
        return np.mean(np.abs(pred - target))

    def gradient(self, pred, target):
        return np.sign(pred - target) / len(pred)  # bp: error


rng = np.random.default_rng(17)
x = rng.uniform(-2, 2, size=(200, 1))
y = np.where(x < 0, -0.5 * x, 1.5 * x) + 0.05 * rng.standard_normal(x.shape)
y[::25] += 4.0  # outliers the absolute error shrugs off
layers = [Dense(1, 16, rng), LeakyReLU(), Dense(16, 1, rng)]
criterion = AbsoluteError()
for epoch in range(601):
    out = x
    for layer in layers:
        out = layer.forward(out)
    if epoch % 150 == 0:
        print("epoch %d loss %.5f" % (epoch, criterion.loss(out, y)))
    grad = criterion.gradient(out, y)                               # bp: error
    for layer in reversed(layers):
        grad = layer.backward(grad, 0.02)  # bp: F1 F2
