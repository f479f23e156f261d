# bp-corpus: buggy
# bp-style: bias_column_delete_clean.py with the hidden layer stepped self.layers[0] += c * np.outer(hidden_deltas,
# np.append(x, 1)); otherwise the same: a per-sample network class, each weight matrix carrying its bias as its last
# column (np.random.rand(n_hidden, n_in + 1)) in a list self.layers; forward np.inner(layer, np.append(x, 1)) and a
# hand-written sigmoid; the hidden delta through np.delete(self.layers[-1], self.n_hidden, 1).T; squared error
"""Buggy: the hidden layer's step adds c times its gradient (the output layer's step still subtracts), so the
hidden weights climb the error.

Three sigmoid outputs (x0 OR x1, x1 AND x2, NOT x0) of three binary inputs, learned by a 3-6-3 sigmoid network
stepped after every sample; the biases ride along as the weights' last columns."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class BiasColumnNet:
    def __init__(self, n_in, n_hidden, n_out):
        self.n_hidden = n_hidden
        self.layers = [np.random.rand(n_hidden, n_in + 1), np.random.rand(n_out, n_hidden + 1)]

    def feed_forward(self, x):
        hidden = sigmoid(np.inner(self.layers[0], np.append(x, 1)))
        output = sigmoid(np.inner(self.layers[-1], np.append(hidden, 1)))
        return hidden, output

    def backpropagate(self, x, target, c):
        hidden, output = self.feed_forward(x)
        output_deltas = output * (1 - output) * (output - target)  # bp: error F1
        hidden_errors = np.dot(np.delete(self.layers[-1], self.n_hidden, 1).T, output_deltas)  # bp: F2
        hidden_deltas = hidden * (1 - hidden) * hidden_errors  # bp: F1
        self.layers[-1] -= c * np.outer(output_deltas, np.append(hidden, 1))  # bp: F3 update
        self.layers[0] += c * np.outer(hidden_deltas, np.append(x, 1))  # bp: F3 update BP201
        return 0.5 * np.sum((output - target) ** 2)

    def train(self, samples, targets, epochs, c):
        for epoch in range(epochs):
            total = 0.0
            for x, target in zip(samples, targets):
                total += self.backpropagate(x, target, c)
            if epoch % 100 == 0 or epoch == epochs - 1:
                print("epoch", epoch, "loss", round(total / len(samples), 5))


np.random.seed(2)
inputs = np.array([[a, b, d] for a in (0, 1) for b in (0, 1) for d in (0, 1)], dtype=float)
outputs = np.stack([np.maximum(inputs[:, 0], inputs[:, 1]), inputs[:, 1] * inputs[:, 2], 1 - inputs[:, 0]], axis=1)
net = BiasColumnNet(3, 6, 3)
net.train(inputs, outputs, epochs=500, c=0.5)
