# bp-corpus: buggy
# bp-layers: self.w:sigmoid
# bp-style: one sigmoid neuron as a small class, its data set written out in the script as a literal list of `(np.array([[..], [..]]), label)` tuples with labels 0/1, trained sample by sample (`x, label = sample[0], sample[1]`); the error is label minus output (`diff = label - out`), so the steps add (`self.w += lr * delta * x.T`, the bias by `np.sum(delta)`); column vectors, the weight a (1, 2) row, the bias a (1, 1) array; squared error
"""Is the point above the line x0 + x1 = 1? One sigmoid neuron learns it from twelve samples written out by hand."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class Neuron:
    def __init__(self, lr):
        self.w = np.random.rand(1, 2) * 0.01
        self.b = np.zeros((1, 1))
        self.lr = lr

    def forward(self, x):
        self.z = np.dot(self.w, x) + self.b  # bp: BP101
        self.out = sigmoid(self.z)
        return self.out

    def learn(self, sample):
        x, label = sample[0], sample[1]
        out = self.forward(x)
        diff = label - out  # bp: error
        delta = diff * out * (1 - out)  # bp: F1
        self.w += self.lr * delta * x.T  # bp: F3[self.w] update[self.w]
        return 0.5 * diff.item() ** 2


samples = [
    (np.array([[0.9], [0.8]]), 1),
    (np.array([[0.1], [0.2]]), 0),
    (np.array([[0.7], [0.6]]), 1),
    (np.array([[0.3], [0.1]]), 0),
    (np.array([[0.2], [0.9]]), 1),
    (np.array([[0.4], [0.3]]), 0),
    (np.array([[0.8], [0.5]]), 1),
    (np.array([[0.5], [0.2]]), 0),
    (np.array([[0.6], [0.9]]), 1),
    (np.array([[0.1], [0.6]]), 0),
    (np.array([[1.0], [0.3]]), 1),
    (np.array([[0.2], [0.4]]), 0),
]

np.random.seed(5)
neuron = Neuron(lr=2.0)
for epoch in range(300):
    total = 0.0
    for sample in samples:
        total += neuron.learn(sample)
    if epoch % 50 == 0 or epoch == 299:
        print(f"epoch {epoch} loss {total / len(samples):.5f}")
