# bp-corpus: clean
# bp-style: a model class keeping its parameters in self.weights = {} and their gradients in self.gradients = {},
# both filled in _weight_init (gradients as zeros); forward(X, y) runs the network (one ReLU hidden layer, softmax
# output), computes the cross-entropy and the gradients, row convention, and stores each one with
# self.gradients['W1'] = dW1; an SGD class whose update(model) loops over model.weights.keys() assigning
# model.weights[w] = model.weights[w] - self.learning_rate * model.gradients[w]
"""Softmax regression with one hidden layer on four Gaussian blobs. The model works out its gradients while it
computes the loss and keeps them in a dict beside the weights; the optimiser steps every entry by name."""
import numpy as np


class SoftmaxMLP:
    def __init__(self, n_in, n_hidden, n_classes, seed=0):
        self.n_in, self.n_hidden, self.n_classes = n_in, n_hidden, n_classes
        self.rng = np.random.default_rng(seed)
        self.weights = {}
        self.gradients = {}
        self._weight_init()

    def _weight_init(self):
        self.weights['W1'] = self.rng.normal(0.0, np.sqrt(2.0 / self.n_in), (self.n_in, self.n_hidden))
        self.weights['b1'] = np.zeros(self.n_hidden)
        self.weights['W2'] = self.rng.normal(0.0, np.sqrt(1.0 / self.n_hidden), (self.n_hidden, self.n_classes))
        self.weights['b2'] = np.zeros(self.n_classes)
        for name, value in self.weights.items():
            self.gradients[name] = np.zeros_like(value)

    def forward(self, X, y):
        N = X.shape[0]
        z1 = X @ self.weights['W1'] + self.weights['b1']
        a1 = np.maximum(z1, 0)
        scores = a1 @ self.weights['W2'] + self.weights['b2']
        scores = scores - np.max(scores, axis=1, keepdims=True)
        probs = np.exp(scores) / np.sum(np.exp(scores), axis=1, keepdims=True)
        loss = -np.mean(np.log(probs[np.arange(N), y] + 1e-12))

        dscores = probs.copy()  # bp: error
        dscores[np.arange(N), y] -= 1  # bp: error F1
        dscores /= N  # bp: error
        dW2 = a1.T @ dscores  # bp: F3
        db2 = np.sum(dscores, axis=0)  # bp: F3
        da1 = dscores @ self.weights['W2'].T  # bp: F2
        dz1 = da1 * (z1 > 0)  # bp: F1
        dW1 = X.T @ dz1  # bp: F3
        db1 = np.sum(dz1, axis=0)  # bp: F3

        self.gradients['W1'] = dW1
        self.gradients['b1'] = db1
        self.gradients['W2'] = dW2
        self.gradients['b2'] = db2
        return loss


class SGD:
    def __init__(self, learning_rate=1e-1):
        self.learning_rate = learning_rate

    def update(self, model):
        for w in model.weights.keys():
            model.weights[w] = model.weights[w] - self.learning_rate * model.gradients[w]  # bp: update


def blobs(n_per_class, rng):
    centres = np.array([[2.0, 2.0], [-2.0, 2.0], [-2.0, -2.0], [2.0, -2.0]])
    X = np.vstack([c + rng.normal(0.0, 1.2, (n_per_class, 2)) for c in centres])
    return X, np.repeat(np.arange(4), n_per_class)


rng = np.random.default_rng(8)
X, y = blobs(50, rng)
model = SoftmaxMLP(2, 16, 4, seed=1)
optimizer = SGD(learning_rate=0.2)
for epoch in range(301):
    loss = model.forward(X, y)
    optimizer.update(model)  # bp: update
    if epoch % 60 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")
