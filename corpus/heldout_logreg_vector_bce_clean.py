"""Logistic regression with a weight VECTOR w and a scalar intercept, sigmoid + binary cross-entropy, plain GD."""
# bp-corpus: clean
# bp-layers: w:sigmoid
# bp-style: single layer, 1-D weight vector, np.dot(X, w), scalar bias, gradient split over several lines
import numpy as np


def squish(u):
    return 1.0 / (1.0 + np.exp(-u))


def bce(p, y):
    eps = 1e-12
    return -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))


rng = np.random.RandomState(11)
n_samples, n_features = 300, 5
X = rng.randn(n_samples, n_features)
true_w = np.array([1.5, -2.0, 0.0, 0.7, 1.0])
y = (np.dot(X, true_w) + 0.3 + 0.5 * rng.randn(n_samples) > 0).astype(float)

w = np.zeros(n_features)
intercept = 0.0
eta = 0.5

for it in range(300):
    p = squish(np.dot(X, w) + intercept)
    cost = bce(p, y)
    if it % 50 == 0:
        print("it", it, "loss", round(float(cost), 5))

    residual = p - y                                   # bp: error F1
    grad_w = (
        np.dot(X.T, residual)
        / n_samples
    )                                                  # bp: F3[w]
    grad_intercept = residual.mean()                   # bp: F3[intercept]

    w -= eta * grad_w                                  # bp: update[w]
    intercept = intercept - eta * grad_intercept       # bp: update[intercept]

p = squish(np.dot(X, w) + intercept)
print("final loss", round(float(bce(p, y)), 5), "acc", np.mean((p > 0.5) == y))
