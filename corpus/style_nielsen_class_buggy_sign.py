"""Buggy: the Nielsen-style class network whose weight update adds the gradient (ascent)."""
# bp-corpus: buggy
# bp-layers: self.weights:sigmoid
# bp-style: column convention, class with self.weights/self.biases lists, negative-index backprop loop, list-comprehension SGD update, quadratic cost; weight update sign flipped
import random

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    # expects the pre-activation z, not the layer output
    s = sigmoid(z)
    return s * (1.0 - s)


class Network:
    def __init__(self, sizes):
        self.num_layers = len(sizes)
        self.sizes = sizes
        self.biases = [np.random.randn(n, 1) for n in sizes[1:]]
        self.weights = [np.random.randn(n_out, n_in) / np.sqrt(n_in)
                        for n_in, n_out in zip(sizes[:-1], sizes[1:])]

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def total_cost(self, data):
        errors = [np.sum((self.feedforward(x) - y) ** 2) for x, y in data]
        return 0.5 * sum(errors) / len(data)

    def train_sgd(self, training_data, epochs, mini_batch_size, eta):
        print("epoch 0 loss %.5f" % self.total_cost(training_data))
        n = len(training_data)
        for epoch in range(1, epochs + 1):
            random.shuffle(training_data)
            batches = [training_data[k:k + mini_batch_size] for k in range(0, n, mini_batch_size)]
            for mini_batch in batches:
                self.apply_batch(mini_batch, eta)
            if epoch % 20 == 0:
                print("epoch %d loss %.5f" % (epoch, self.total_cost(training_data)))

    def apply_batch(self, mini_batch, eta):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            sample_nb, sample_nw = self.backprop(x, y)
            nabla_b = [nb + snb for nb, snb in zip(nabla_b, sample_nb)]  # bp: F3
            nabla_w = [nw + snw for nw, snw in zip(nabla_w, sample_nw)]  # bp: F3
        step = eta / len(mini_batch)
        # nabla_w is the gradient of the cost (output - y), so this climbs it
        self.weights = [w + step * nw for w, nw in zip(self.weights, nabla_w)]  # bp: update BP201
        self.biases = [b - step * nb for b, nb in zip(self.biases, nabla_b)]  # bp: update

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        # forward, remembering every pre-activation and every activation
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        # backward, starting at the output layer
        delta = self.cost_derivative(activations[-1], y) * sigmoid_prime(zs[-1])  # bp: F1
        nabla_b[-1] = delta  # bp: F3
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())  # bp: F3
        # l counts layers from the end: l = 2 is the last hidden layer
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp  # bp: F2 F1
            nabla_b[-l] = delta  # bp: F3
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())  # bp: F3
        return nabla_b, nabla_w

    def cost_derivative(self, output_activations, y):
        return output_activations - y  # bp: error


def make_data(n):
    # two noisy interleaved classes: label 1 inside a ring, 0 outside
    data = []
    for _ in range(n):
        p = np.random.uniform(-1.0, 1.0, size=(2, 1))
        r = np.sqrt(np.sum(p ** 2))
        label = 1.0 if 0.3 < r < 0.8 else 0.0
        data.append((p, np.array([[label]])))
    return data


if __name__ == "__main__":
    random.seed(3)
    np.random.seed(3)
    training_data = make_data(200)
    net = Network([2, 12, 1])
    net.train_sgd(training_data, epochs=100, mini_batch_size=10, eta=3.0)
