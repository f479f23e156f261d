# bp-corpus: clean
# bp-layers: self.W1:sigmoid self.W2:sigmoid
# bp-style: numpy, column convention, a class whose output bias starts as the plain number 0 (self.b2 = 0) and is stepped like the others, binary cross-entropy, the forward's outputs handed to the step method as arguments
"""A two-layer binary classifier in the course style: samples as columns, the output unit's bias a scalar."""
import numpy as np


class TinyNet:
    def __init__(self, n_in, n_hidden, seed=0):
        rng = np.random.default_rng(seed)
        self.W1 = rng.normal(size=(n_hidden, n_in))
        self.b1 = np.zeros((n_hidden, 1))
        self.W2 = rng.normal(size=(1, n_hidden))
        self.b2 = 0

    def forward(self, X):
        self.A1 = 1 / (1 + np.exp(-(self.W1 @ X + self.b1)))
        self.A2 = 1 / (1 + np.exp(-(self.W2 @ self.A1 + self.b2)))
        return self.A1, self.A2

    def cost(self, Y, A):
        m = Y.shape[1]
        return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1.0000001 - A)) / m

    def descend(self, X, Y, A1, A2, alpha=0.5):
        m = Y.shape[1]
        dz2 = A2 - Y  # bp: error F1
        dW2 = dz2 @ A1.T / m  # bp: F3
        db2 = np.sum(dz2, axis=1, keepdims=True) / m  # bp: F3
        dz1 = (self.W2.T @ dz2) * A1 * (1 - A1)  # bp: F2 F1
        dW1 = dz1 @ X.T / m  # bp: F3
        db1 = np.sum(dz1, axis=1, keepdims=True) / m  # bp: F3
        self.W2 = self.W2 - alpha * dW2  # bp: update
        self.b2 = self.b2 - alpha * db2  # bp: update
        self.W1 = self.W1 - alpha * dW1  # bp: update
        self.b1 = self.b1 - alpha * db1  # bp: update

    def train(self, X, Y, iterations=500, alpha=0.5):
        for i in range(iterations):
            A1, A2 = self.forward(X)
            self.descend(X, Y, A1, A2, alpha)                       # bp: F2
            if i % 100 == 0:
                print("iteration", i, "loss", self.cost(Y, A2))
        return self.cost(Y, self.A2)


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4, 200))
    Y = (X[0:1] + 2 * X[1:2] > 0).astype(float)
    print(TinyNet(4, 6).train(X, Y))
