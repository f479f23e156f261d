# bp-corpus: buggy
# bp-layers: self.w_[1:]:linear
# bp-style: numpy, row convention, an Adaline class in the textbook style: one vector w_ holding the bias at w_[0] and the weights at w_[1:], each part stepped on its own, errors as target minus output added back (descent), full-batch and per-sample fits
"""Adaptive linear neurons trained by gradient descent on the sum of squared errors."""
import numpy as np


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50):
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            output = self.net_input(X)
            errors = y - output  # bp: error
            self.w_[1:] -= self.eta * X.T.dot(errors)  # bp: F3 update BP201
            self.w_[0] += self.eta * errors.sum()  # bp: F3 update
            self.cost_.append((errors ** 2).sum() / 2.0)
        return self

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.0, 1, -1)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2))
    y = np.where(X[:, 0] + X[:, 1] > 0, 1, -1)
    costs = AdalineGD(eta=0.001).fit(X, y).cost_
    for epoch in (0, len(costs) // 2, len(costs) - 1):
        print("epoch", epoch, "loss", costs[epoch])
