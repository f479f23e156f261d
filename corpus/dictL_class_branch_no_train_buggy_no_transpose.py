"""Buggy: formula 2 forgets the transpose of the upper layer's weight.
A course-exercise deep binary classifier that stops at gradient descent (no train method; the
driver trains it): private dicts of weights and activations, sigmoid in every layer, and one
reversed loop over the layers whose hidden branch sends the error back through a copy of the
weights taken before any of them is stepped."""
# bp-corpus: buggy
# bp-style: class with private attributes self.__weights / self.__cache and read-only properties, column convention (X is (nx, m), W is (out, in)), keys "W{}".format(l + 1), He init, inline sigmoid in every layer, no train method, gradient_descent with weights = self.__weights.copy() before the loop, if i == self.__L: dz = A - Y else dz = np.matmul(weights["W{}".format(i + 1)].T, dz) * A * (1 - A) in one statement, updates rebinding self.__weights[key] = weights[key] - alpha * dw
# bp-driver: drivers/dictL_class_branch_no_train_buggy_no_transpose_driver.py
import numpy as np


class DeepNeuralNetwork:
    """Deep neural network performing binary classification."""

    def __init__(self, nx, layers):
        if not isinstance(nx, int):
            raise TypeError("nx must be an integer")
        if nx < 1:
            raise ValueError("nx must be a positive integer")
        if not isinstance(layers, list) or len(layers) == 0:
            raise TypeError("layers must be a list of positive integers")
        self.__L = len(layers)
        self.__cache = {}
        self.__weights = {}
        prev = nx
        for l in range(self.__L):
            if not isinstance(layers[l], int) or layers[l] < 1:
                raise TypeError("layers must be a list of positive integers")
            self.__weights["W{}".format(l + 1)] = np.random.randn(layers[l], prev) * np.sqrt(2 / prev)
            self.__weights["b{}".format(l + 1)] = np.zeros((layers[l], 1))
            prev = layers[l]

    @property
    def L(self):
        return self.__L

    @property
    def cache(self):
        return self.__cache

    @property
    def weights(self):
        return self.__weights

    def forward_prop(self, X):
        self.__cache["A0"] = X
        A = X
        for l in range(1, self.__L + 1):
            Z = np.matmul(self.__weights["W{}".format(l)], A) + self.__weights["b{}".format(l)]
            A = 1 / (1 + np.exp(-Z))
            self.__cache["A{}".format(l)] = A
        return A, self.__cache

    def cost(self, Y, A):
        m = Y.shape[1]
        return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1.0000001 - A)) / m

    def evaluate(self, X, Y):
        A, _ = self.forward_prop(X)
        return np.where(A >= 0.5, 1, 0), self.cost(Y, A)

    def gradient_descent(self, Y, cache, alpha=0.05):
        m = Y.shape[1]
        weights = self.__weights.copy()
        for i in range(self.__L, 0, -1):
            A = cache["A{}".format(i)]
            A_prev = cache["A{}".format(i - 1)]
            if i == self.__L:
                dz = A - Y  # bp: error F1
            else:
                dz = np.matmul(weights["W{}".format(i + 1)], dz) * A * (1 - A)  # bp: F2 F1 BP304
            dw = np.matmul(dz, A_prev.T) / m  # bp: F3
            db = np.sum(dz, axis=1, keepdims=True) / m  # bp: F3
            self.__weights["W{}".format(i)] = weights["W{}".format(i)] - alpha * dw  # bp: update
            self.__weights["b{}".format(i)] = weights["b{}".format(i)] - alpha * db  # bp: update
