# bp-corpus: buggy
# bp-style: saved weights or fresh ones built layer by layer (see saved_or_fresh_weights_clean.py); the biases
# are stepped up their gradient
import os

import numpy as np

np.random.seed(3)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


class Net:
    def __init__(self, sizes, path, resume=False):
        self.sizes = sizes
        self.weights = []
        self.biases = []
        if resume and os.path.exists(path + "_w.npy"):
            self.weights = np.load(path + "_w.npy", allow_pickle=True)
            self.biases = np.load(path + "_b.npy", allow_pickle=True)
        else:
            for i in range(1, len(sizes)):
                self.weights.append(np.random.randn(sizes[i], sizes[i - 1]) * 0.5)
                self.biases.append(np.zeros((sizes[i], 1)))

    def forward(self, x):
        activations, zs = [x], []
        for w, b in zip(self.weights, self.biases):
            z = w @ x + b
            zs.append(z)
            x = sigmoid(z)
            activations.append(x)
        return x, activations, zs

    def gradients(self, x, y):
        gw = [np.zeros(w.shape) for w in self.weights]
        gb = [np.zeros(b.shape) for b in self.biases]
        out, activations, zs = self.forward(x)
        delta = (activations[-1] - y) * sigmoid_prime(zs[-1])  # bp: error F1
        gb[-1] = delta  # bp: F3
        gw[-1] = delta @ activations[-2].T  # bp: F3
        for l in range(2, len(self.sizes)):
            delta = (self.weights[-l + 1].T @ delta) * sigmoid_prime(zs[-l])  # bp: F2 F1
            gb[-l] = delta  # bp: F3
            gw[-l] = delta @ activations[-l - 1].T  # bp: F3
        return gw, gb

    def train(self, xs, ys, lr, epochs):
        for epoch in range(epochs):
            total = 0.0
            for x, y in zip(xs, ys):
                x, y = x.reshape(-1, 1), y.reshape(-1, 1)
                out, _, _ = self.forward(x)
                total += float(np.sum((out - y) ** 2))
                gw, gb = self.gradients(x, y)
                for i in range(len(self.weights)):
                    self.weights[i] -= lr * gw[i]  # bp: update
                    self.biases[i] += lr * gb[i]  # bp: update BP201
            if epoch % 50 == 0 or epoch == epochs - 1:
                print(f"epoch {epoch} loss {total / len(xs):.5f}")


xs = np.random.rand(30, 2)
ys = np.stack([(xs[:, 0] > xs[:, 1]).astype(float), xs[:, 0] * xs[:, 1]], axis=1)
net = Net([2, 6, 2], "/nonexistent/net", resume=True)
net.train(xs, ys, lr=0.5, epochs=200)
