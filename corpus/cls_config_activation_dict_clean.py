"""A network class whose activation is picked by name from a table of functions, with the matching
derivative picked from a second table: the code never says which one runs."""
# bp-corpus: clean
# bp-style: class with lists of weights and biases, column convention (np.dot(w, a) + b), activation and its derivative chosen from dicts of functions by a constructor argument (dict(zip(names, functions)) and a dict literal), per-sample backprop storing zs and activations, cost derivative method (a - y), quadratic cost, update over zip(weights, nabla_w), training loop at the bottom
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def tanh(z):
    return np.tanh(z)


def tanh_prime(z):
    return 1 - np.tanh(z) ** 2


ACTIVATIONS = dict(zip(["sigmoid", "tanh"], [sigmoid, tanh]))
DERIVATIVES = {"sigmoid": sigmoid_prime, "tanh": tanh_prime}


class Network:
    def __init__(self, sizes, activation, seed=0):
        rng = np.random.default_rng(seed)
        self.weights = [rng.standard_normal((n, m)) / np.sqrt(m) for m, n in zip(sizes[:-1], sizes[1:])]
        self.biases = [np.zeros((n, 1)) for n in sizes[1:]]
        self.f = ACTIVATIONS[activation]
        self.f_prime = DERIVATIVES[activation]

    def feedforward(self, a):
        for w, b in zip(self.weights, self.biases):
            a = self.f(np.dot(w, a) + b)
        return a

    def cost_derivative(self, output, y):
        return output - y  # bp: error

    def backprop(self, x, y):
        nabla_w = [np.zeros_like(w) for w in self.weights]
        nabla_b = [np.zeros_like(b) for b in self.biases]
        activation, activations, zs = x, [x], []
        for w, b in zip(self.weights, self.biases):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = self.f(z)
            activations.append(activation)
        delta = self.cost_derivative(activations[-1], y) * self.f_prime(zs[-1])  # bp: F1
        nabla_b[-1] = delta  # bp: F3
        nabla_w[-1] = np.dot(delta, activations[-2].T)  # bp: F3
        for l in range(2, len(self.weights) + 1):
            delta = np.dot(self.weights[-l + 1].T, delta) * self.f_prime(zs[-l])  # bp: F2 F1
            nabla_b[-l] = delta  # bp: F3
            nabla_w[-l] = np.dot(delta, activations[-l - 1].T)  # bp: F3
        return nabla_w, nabla_b

    def step(self, batch, eta):
        sum_w = [np.zeros_like(w) for w in self.weights]
        sum_b = [np.zeros_like(b) for b in self.biases]
        for x, y in batch:
            dw, db = self.backprop(x, y)
            sum_w = [s + d for s, d in zip(sum_w, dw)]  # bp: F3
            sum_b = [s + d for s, d in zip(sum_b, db)]  # bp: F3
        self.weights = [w - eta / len(batch) * g for w, g in zip(self.weights, sum_w)]  # bp: update
        self.biases = [b - eta / len(batch) * g for b, g in zip(self.biases, sum_b)]  # bp: update


rng = np.random.default_rng(3)
data = []
for _ in range(120):
    x = rng.uniform(-1, 1, size=(2, 1))
    data.append((x, np.array([[0.9 if x[0, 0] * x[1, 0] > 0 else 0.1]])))
net = Network([2, 12, 1], "sigmoid")
for epoch in range(151):
    if epoch % 50 == 0:
        print("epoch %d loss %.5f" % (epoch, np.mean([(net.feedforward(x) - y) ** 2 for x, y in data])))
    for k in range(0, len(data), 10):
        net.step(data[k:k + 10], 4.0)
