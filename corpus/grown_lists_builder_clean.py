# bp-corpus: clean
# bp-driver: drivers/grown_lists_builder_clean_driver.py
# bp-style: a network class built layer by layer by its user (`add_dense` grows the weight, bias and layer-kind lists with `+= [...]`), its passes written as methods indexed by the layer's position; row convention, np.dot; sigmoid layers; a library trained by its driver (the output error is the driver's)
"""A network whose lists of weights are grown one layer at a time."""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class Model:
    def __init__(self, X):
        self.acts = [X]
        self.weight = []
        self.weight_grad = []
        self.bias = []
        self.bias_grad = []
        self.kinds = []

    def add_dense(self, n_in, n):
        self.weight += [np.random.randn(n_in, n) * 0.5]
        self.weight_grad += [np.zeros((n_in, n))]
        self.bias += [np.zeros((1, n))]
        self.bias_grad += [np.zeros((1, n))]
        self.kinds += [0]

    def forward_dense(self, ii):
        z = np.dot(self.acts[ii], self.weight[ii]) + self.bias[ii]
        self.acts += [sigmoid(z)]

    def backward_dense(self, err, ii):
        a = self.acts[ii + 1]
        delta = err * a * (1 - a)  # bp: F1
        self.weight_grad[ii] = np.dot(self.acts[ii].T, delta)  # bp: F3
        self.bias_grad[ii] = np.sum(delta, axis=0, keepdims=True)  # bp: F3
        return np.dot(delta, self.weight[ii].T)  # bp: F2

    def forward(self, X):
        self.acts = [X]
        for ii in range(len(self.kinds)):
            self.forward_dense(ii)
        return self.acts[-1]

    def backward(self, err):
        for ii in range(len(self.kinds) - 1, -1, -1):
            err = self.backward_dense(err, ii)  # bp: F2

    def step(self, lr):
        for ii in range(len(self.weight)):
            self.weight[ii] -= lr * self.weight_grad[ii]  # bp: update
            self.bias[ii] -= lr * self.bias_grad[ii]  # bp: update

