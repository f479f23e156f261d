"""A course-exercise deep binary classifier: a DeepNeuralNetwork class with private dicts of weights
and activations, sigmoid in every layer, and gradient descent as one reversed loop over the layers
that branches on the layer index (the last layer's error, the hidden layers' derivative)."""
# bp-corpus: clean
# bp-style: class with private attributes self.__weights / self.__cache and read-only properties, column convention (X is (nx, m), W is (out, in)), keys "W{}".format(l + 1), He init, inline sigmoid in every layer, logistic cost with 1.0000001 - A, one loop for i in range(self.__L, 0, -1) with if i == self.__L: dz = A - Y else dz = da * (A * (1 - A)), da = W.T @ dz carried to the next pass before the in-place update
import numpy as np


class DeepNeuralNetwork:
    """Deep neural network performing binary classification."""

    def __init__(self, nx, layers):
        if not isinstance(nx, int):
            raise TypeError("nx must be an integer")
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
            W = self.__weights["W{}".format(l)]
            b = self.__weights["b{}".format(l)]
            Z = np.matmul(W, A) + b
            A = 1 / (1 + np.exp(-Z))
            self.__cache["A{}".format(l)] = A
        return A, self.__cache

    def cost(self, Y, A):
        m = Y.shape[1]
        return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1.0000001 - A)) / m

    def gradient_descent(self, Y, cache, alpha=0.05):
        m = Y.shape[1]
        for i in range(self.__L, 0, -1):
            A = cache["A{}".format(i)]
            A_prev = cache["A{}".format(i - 1)]
            if i == self.__L:
                dz = A - Y  # bp: error F1
            else:
                dz = da * (A * (1 - A))  # bp: F1
            dw = np.matmul(dz, A_prev.T) / m  # bp: F3
            db = np.sum(dz, axis=1, keepdims=True) / m  # bp: F3
            da = np.matmul(self.__weights["W{}".format(i)].T, dz)  # bp: F2
            self.__weights["W{}".format(i)] -= alpha * dw  # bp: update
            self.__weights["b{}".format(i)] -= alpha * db  # bp: update

    def train(self, X, Y, iterations=5000, alpha=0.05):
        for it in range(iterations + 1):
            A, cache = self.forward_prop(X)
            if it % (iterations // 4) == 0:
                print("Cost after {} iterations: loss {:.5f}".format(it, self.cost(Y, A)))
            self.gradient_descent(Y, cache, alpha)                  # bp: F2
        return A


if __name__ == "__main__":
    np.random.seed(0)
    X = np.random.randn(3, 400)
    Y = ((X[0] + X[1] * X[2]) > 0).astype(float).reshape(1, 400)
    net = DeepNeuralNetwork(3, [8, 6, 1])
    net.train(X, Y, iterations=2000, alpha=0.5)
