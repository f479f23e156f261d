# bp-corpus: clean
# bp-style: a gradient returned by a helper and used inline (pattern 4): linear least squares with helpers `loss(X, y, w)` and `grad(X, y, w)`, the update written `w -= lr * grad(X, y, w)` with the call inside the update; full-batch gradient descent, row convention, bias folded into a ones column
"""Least squares by gradient descent where the update calls the gradient helper inline."""
import numpy as np

rng = np.random.default_rng(8)

n, d = 150, 5
features = rng.normal(size=(n, d))
X = np.hstack([features, np.ones((n, 1))])
w_true = rng.normal(size=d + 1)
y = X @ w_true + 0.05 * rng.normal(size=n)


def loss(X, y, w):
    r = X @ w - y  # bp: error
    return float(r @ r) / len(y)


def grad(X, y, w):
    residual = X @ w - y  # bp: error
    return 2.0 * X.T @ residual / len(y)  # bp: F3


w = np.zeros(d + 1)
lr = 0.1
for it in range(120):
    if it % 30 == 0:
        print(f"iter {it:3d} loss {loss(X, y, w):.6f}")
    w -= lr * grad(X, y, w)  # bp: update[w]
print(f"iter {it + 1:3d} loss {loss(X, y, w):.6f}")
print("max coefficient error", np.abs(w - w_true).max())
