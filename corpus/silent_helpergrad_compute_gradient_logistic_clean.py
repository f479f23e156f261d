# bp-corpus: clean
# bp-style: a gradient returned by a helper and used inline (pattern 4): logistic regression in the course-exercise shape, `compute_cost(theta, X, y)` and `compute_gradient(theta, X, y)` helpers, the update a rebinding `theta = theta - alpha * compute_gradient(theta, X, y)`; sigmoid + cross-entropy so the error is h - y; intercept as a ones column; theta a column vector
"""Two-exam admission model: logistic regression with the gradient helper called in the update."""
import numpy as np

rng = np.random.default_rng(19)

m = 120
scores = rng.uniform(30, 100, (m, 2))
admitted = ((scores[:, 0] + scores[:, 1]) / 2 + 5 * rng.standard_normal(m) > 65).astype(float)
mu, sd = scores.mean(axis=0), scores.std(axis=0)
X = np.hstack([np.ones((m, 1)), (scores - mu) / sd])
y = admitted.reshape(m, 1)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def compute_cost(theta, X, y):
    h = sigmoid(X @ theta)
    return float(-(y.T @ np.log(h) + (1 - y).T @ np.log(1 - h)).item() / len(y))


def compute_gradient(theta, X, y):
    h = sigmoid(X @ theta)
    err = h - y  # bp: error F1
    return X.T @ err / len(y)  # bp: F3


theta = np.zeros((X.shape[1], 1))
alpha = 1.0
for i in range(300):
    if i % 75 == 0:
        print("iteration %d loss %.5f" % (i, compute_cost(theta, X, y)))
    theta = theta - alpha * compute_gradient(theta, X, y)  # bp: update[theta]
print("iteration %d loss %.5f" % (300, compute_cost(theta, X, y)))
print("training accuracy", float(np.mean((sigmoid(X @ theta) > 0.5) == y)))
