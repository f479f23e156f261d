# bp-corpus: buggy
# bp-style: (the sigmoid's derivative is written s * (s - 1), its sign turned) things that are not parameters / easy-to-miss updates (pattern 2): a network2-style class (column vectors, self.weights/self.biases lists, cost objects with static fn/delta methods, activations and zs lists walked with negative indices), L2 weight decay inside the list-comprehension update `self.weights = [(1 - eta * lmbda / n) * w - (eta / m) * nw for w, nw in zip(self.weights, nabla_w)]`, mini-batch SGD, and a driver at the bottom that trains
"""Sigmoid network with cross-entropy cost and L2 decay, stepped by list comprehensions."""
import random

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (s - 1)  # bp: BP310


class CrossEntropyCost:
    @staticmethod
    def fn(a, y):
        return float(np.sum(np.nan_to_num(-y * np.log(a) - (1 - y) * np.log(1 - a))))

    @staticmethod
    def delta(z, a, y):
        return a - y  # bp: error F1


class Network:
    def __init__(self, sizes, cost=CrossEntropyCost, seed=0):
        rs = np.random.RandomState(seed)
        self.num_layers = len(sizes)
        self.sizes = sizes
        self.biases = [rs.randn(k, 1) for k in sizes[1:]]
        self.weights = [rs.randn(k, j) / np.sqrt(j) for j, k in zip(sizes[:-1], sizes[1:])]
        self.cost = cost

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def SGD(self, training_data, epochs, mini_batch_size, eta, lmbda):
        n = len(training_data)
        for j in range(epochs):
            random.shuffle(training_data)
            batches = [training_data[k:k + mini_batch_size] for k in range(0, n, mini_batch_size)]
            for mini_batch in batches:
                self.update_mini_batch(mini_batch, eta, lmbda, n)
            if j % 10 == 0 or j == epochs - 1:
                print("epoch %d loss %.4f" % (j, self.total_cost(training_data, lmbda)))

    def update_mini_batch(self, mini_batch, eta, lmbda, n):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]  # bp: F3
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]  # bp: F3
        m = len(mini_batch)
        self.weights = [(1 - eta * lmbda / n) * w - (eta / m) * nw
                        for w, nw in zip(self.weights, nabla_w)]  # bp: update
        self.biases = [b - (eta / m) * nb
                       for b, nb in zip(self.biases, nabla_b)]  # bp: update

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = self.cost.delta(zs[-1], activations[-1], y)  # bp: F1 error
        nabla_b[-1] = delta  # bp: F3
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())  # bp: F3
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp  # bp: F2 F1
            nabla_b[-l] = delta  # bp: F3
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())  # bp: F3
        return nabla_b, nabla_w

    def total_cost(self, data, lmbda):
        cost = sum(self.cost.fn(self.feedforward(x), y) for x, y in data) / len(data)
        cost += 0.5 * (lmbda / len(data)) * sum(np.linalg.norm(w) ** 2 for w in self.weights)
        return cost


random.seed(4)
gen = np.random.RandomState(4)
data = []
for _ in range(200):
    x = gen.uniform(-1, 1, (2, 1))
    label = float(x[0, 0] ** 2 + x[1, 0] ** 2 < 0.5)   # inside a circle
    data.append((x, np.array([[label]])))

net = Network([2, 12, 1], seed=2)
print("epoch - loss %.4f" % net.total_cost(data, 0.05))
net.SGD(data, epochs=40, mini_batch_size=10, eta=1.0, lmbda=0.05)
