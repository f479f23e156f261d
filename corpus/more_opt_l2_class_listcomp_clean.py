# bp-corpus: clean
# bp-layers: self.weights:sigmoid
# bp-style: numpy, column convention, class with self.weights/self.biases lists, per-sample backprop with positive indices counting down, weight gradients as np.outer(delta, a) of column vectors, sigmoid + cross-entropy cost, L2 weight decay folded into a list-comprehension update ((1 - eta * lmbda / n) * w - (eta / m) * nw), biases not decayed
"""Per-example sigmoid network with cross-entropy cost and L2 regularisation folded into SGD."""
import random

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class RegularisedNet:
    def __init__(self, sizes, seed=0):
        rng = np.random.default_rng(seed)
        # weights scaled by 1/sqrt(fan-in) so the sigmoids start unsaturated
        self.weights = [rng.standard_normal((n, m)) / np.sqrt(m) for m, n in zip(sizes[:-1], sizes[1:])]
        self.biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]

    def feedforward(self, a):
        for w, b in zip(self.weights, self.biases):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def cost(self, data, lmbda):
        total = 0.0
        for x, y in data:
            a = np.clip(self.feedforward(x), 1e-12, 1 - 1e-12)
            total -= float(np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)))
        decay = 0.5 * lmbda * sum(np.sum(w * w) for w in self.weights)
        return (total + decay) / len(data)

    def backprop(self, x, y):
        acts = [x]
        for w, b in zip(self.weights, self.biases):
            acts.append(sigmoid(np.dot(w, acts[-1]) + b))
        grad_w = [None] * len(self.weights)
        grad_b = [None] * len(self.biases)
        last = len(self.weights) - 1
        delta = acts[-1] - y  # bp: error F1
        grad_b[last] = delta  # bp: F3
        grad_w[last] = np.outer(delta, acts[last])  # bp: F3
        for l in range(last - 1, -1, -1):
            out = acts[l + 1]  # this layer's sigmoid output
            delta = np.dot(self.weights[l + 1].T, delta) * out * (1 - out)  # bp: F2 F1
            grad_b[l] = delta  # bp: F3
            grad_w[l] = np.outer(delta, acts[l])  # bp: F3
        return grad_w, grad_b

    def train_batch(self, batch, eta, lmbda, n):
        nabla_w = [np.zeros_like(w) for w in self.weights]
        nabla_b = [np.zeros_like(b) for b in self.biases]
        for x, y in batch:
            gw, gb = self.backprop(x, y)
            nabla_w = [nw + d for nw, d in zip(nabla_w, gw)]  # bp: F3
            nabla_b = [nb + d for nb, d in zip(nabla_b, gb)]  # bp: F3
        m = len(batch)
        self.weights = [(1 - eta * lmbda / n) * w - (eta / m) * nw
                        for w, nw in zip(self.weights, nabla_w)]  # bp: update
        self.biases = [b - (eta / m) * nb for b, nb in zip(self.biases, nabla_b)]  # bp: update


random.seed(8)
rng = np.random.default_rng(8)
data = []
for _ in range(160):
    x = rng.uniform(-1, 1, size=(2, 1))
    label = float(x[0, 0] * x[1, 0] > 0)  # XOR of the two signs
    data.append((x, np.array([[label]])))

net = RegularisedNet([2, 10, 1], seed=1)
eta, lmbda = 2.0, 0.1
print("epoch 0 loss %.4f" % net.cost(data, lmbda))
for epoch in range(1, 31):
    random.shuffle(data)
    for k in range(0, len(data), 10):
        net.train_batch(data[k:k + 10], eta, lmbda, len(data))
    if epoch % 10 == 0:
        print("epoch %d loss %.4f" % (epoch, net.cost(data, lmbda)))
