# bp-corpus: clean
# bp-layers: self.w:linear
# bp-style: numpy, row convention, linear regression as a class: weights (d, 1) from zeros, the bias the integer 0, gradients of the mean squared error written out, both parameters rebound by a step
"""Least squares by gradient descent, the intercept kept as a plain number."""
import numpy as np


class LinearRegressor:
    def fit(self, X, y, lr=0.01, iters=200):
        n, d = X.shape
        self.w = np.zeros((d, 1))
        self.b = 0
        for _ in range(iters):
            y_hat = np.dot(X, self.w) + self.b
            dw = (2 / n) * np.dot(X.T, (y_hat - y))  # bp: error F3
            db = (2 / n) * np.sum(y_hat - y)  # bp: error F3
            self.w = self.w - lr * dw  # bp: update
            self.b = self.b - lr * db  # bp: update
        return self

    def predict(self, X):
        return np.dot(X, self.w) + self.b


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    X = 2 * rng.random((120, 1))
    y = 4 + 3 * X + rng.normal(size=(120, 1))
    for iters in (1, 50, 400):
        model = LinearRegressor().fit(X, y, lr=0.05, iters=iters)
        print("iterations", iters, "loss", float(np.mean((model.predict(X) - y) ** 2)))
