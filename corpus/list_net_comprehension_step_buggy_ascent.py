# bp-corpus: buggy
# bp-style: weights and biases in lists rebound by comprehensions over `zip(weights, gradients)` (see
# list_net_comprehension_step_clean.py); the weights' comprehension adds the step instead of subtracting it
import numpy as np

np.random.seed(5)


class ListNet:
    def __init__(self, inputs, targets, sizes):
        self.inputs = inputs
        self.targets = targets
        self.sizes = sizes
        self.count = inputs.shape[1]
        self.weights = [np.random.randn(b, a) * np.sqrt(1.0 / a) for a, b in zip(sizes[:-1], sizes[1:])]
        self.biases = [np.zeros((b, 1)) for b in sizes[1:]]
        self.rate = 0.2

    def forward(self, x):
        zs, acts = [], [x]
        for k, width in enumerate(self.sizes[1:]):
            z = np.dot(self.weights[k], acts[k]) + self.biases[k]
            a = np.tanh(z)
            zs.append(z)
            acts.append(a)
        return zs, acts

    def gradients(self, zs, acts):
        deltas, grads_w, grads_b = [], [], []
        for k in range(len(zs)):
            if k == 0:
                d = (acts[-1] - self.targets) * (1 - acts[-1] ** 2)  # bp: error F1
            else:
                d = np.dot(self.weights[-k].T, deltas[k - 1]) * (1 - acts[-(k + 1)] ** 2)  # bp: F2 F1
            deltas.append(d)
            grads_w.append(np.dot(d, acts[-(k + 2)].T) / self.count)  # bp: F3
            grads_b.append(np.sum(d, axis=1, keepdims=True) / self.count)  # bp: F3
        return grads_w[::-1], grads_b[::-1]

    def cost(self, out):
        return 0.5 * np.mean(np.sum((out - self.targets) ** 2, axis=0))

    def train(self, rounds):
        for r in range(rounds):
            zs, acts = self.forward(self.inputs)
            loss = self.cost(acts[-1])
            gw, gb = self.gradients(zs, acts)  # bp: F2
            self.weights = [w + self.rate * g for w, g in zip(self.weights, gw)]  # bp: update BP201
            self.biases = [b - self.rate * g for b, g in zip(self.biases, gb)]  # bp: update
            if r % 100 == 0 or r == rounds - 1:
                print(f"round {r} loss {loss:.4f}")


X = np.random.randn(2, 200)
T = np.where(X[0] * X[1] > 0, 0.8, -0.8).reshape(1, 200)
net = ListNet(X, T, (2, 12, 8, 1))
net.train(600)
