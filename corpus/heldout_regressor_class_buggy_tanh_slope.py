"""A regressor class (predict / fit_batch) with a tanh hidden layer whose backward uses the logistic slope."""
# bp-corpus: buggy
# bp-layers: self.Wa:tanh self.Wb:linear
# bp-style: row convention, class, derivative hidden in a helper named _slope, mean-reduced gradients
# defect: _slope(a) = a * (1 - a) is the derivative of a logistic unit; the hidden layer is tanh,
# whose derivative is 1 - a**2.
import numpy as np


def _slope(a):
    return a * (1.0 - a)


class Regressor:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        r = np.random.default_rng(seed)
        self.Wa = r.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_hidden))
        self.ba = np.zeros(n_hidden)
        self.Wb = r.normal(0.0, 1.0 / np.sqrt(n_hidden), (n_hidden, n_out))
        self.bb = np.zeros(n_out)

    def predict(self, X):
        self.h = np.tanh(X @ self.Wa + self.ba)
        return self.h @ self.Wb + self.bb

    def fit_batch(self, X, y, lr):
        out = self.predict(X)
        diff = out - y                                       # bp: error
        gWb = self.h.T @ diff / len(X)                       # bp: F3[self.Wb]
        gbb = diff.mean(axis=0)                              # bp: F3[self.bb]
        dh = diff @ self.Wb.T                                # bp: F2
        dh = dh * _slope(self.h)                             # bp: F1 BP301
        gWa = X.T @ dh / len(X)                              # bp: F3[self.Wa]
        gba = dh.mean(axis=0)                                # bp: F3[self.ba]
        self.Wb -= lr * gWb                                  # bp: update[self.Wb]
        self.bb -= lr * gbb                                  # bp: update[self.bb]
        self.Wa -= lr * gWa                                  # bp: update[self.Wa]
        self.ba -= lr * gba                                  # bp: update[self.ba]
        return float(np.mean(diff ** 2))


def batches(X, y, size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), size):
        idx = order[start:start + size]
        yield X[idx], y[idx]


rng = np.random.default_rng(77)
X = rng.uniform(-2, 2, (256, 2))
y = (np.sin(X[:, :1]) * np.cos(X[:, 1:]))
model = Regressor(2, 24, 1, seed=4)

for epoch in range(60):
    seen = [model.fit_batch(xb, yb, 0.1) for xb, yb in batches(X, y, 32, rng)]
    if epoch % 15 == 0 or epoch == 59:
        full = float(np.mean((model.predict(X) - y) ** 2))
        print(f"epoch {epoch:2d} batch-mean {np.mean(seen):.5f} full loss {full:.5f}")
