# bp-corpus: clean
# bp-style: a network configured from a tuple of sizes, a dense layer and an activation layer appended per size
# (`for i in range(1, len(sizes)): self.add(Dense(...)); self.add(Activation(...))`); activations and the loss are
# classes used as namespaces (`Tanh.function(x)`), the trainer walks the layer list forwards and backwards
import numpy as np


class Tanh:
    def function(x):
        return np.tanh(x)

    def derivative(x):
        return 1 - np.tanh(x) ** 2


class MSE:
    def function(target, prediction):
        return np.mean((target - prediction) ** 2)

    def derivative(target, prediction):
        return 2 * (prediction - target) / prediction.shape[1]  # bp: error


class Dense:
    def __init__(self, n_in, n_out):
        self.weights = np.random.randn(n_in, n_out) * 0.5
        self.bias = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        return np.dot(x, self.weights) + self.bias

    def backprop(self, out_error, lr):
        in_error = np.dot(out_error, self.weights.T)  # bp: F2
        weights_error = np.dot(self.x.T, out_error)  # bp: F3
        self.weights -= lr * weights_error  # bp: update
        bias_error = np.sum(out_error, axis=0, keepdims=True)  # bp: F3
        self.bias -= lr * bias_error  # bp: update
        return in_error


class Activation:
    def __init__(self, activation=Tanh):
        self.activation = activation

    def forward(self, x):
        self.x = x
        return self.activation.function(x)

    def backprop(self, out_error, lr):
        return self.activation.derivative(self.x) * out_error  # bp: F1


class Network:
    def __init__(self, loss=MSE, lr=0.1):
        self.layers = []
        self.loss = loss
        self.lr = lr

    def add(self, layer):
        self.layers.append(layer)

    def config(self, sizes, activation=Tanh):
        for i in range(1, len(sizes)):
            self.add(Dense(sizes[i - 1], sizes[i]))
            self.add(Activation(activation))

    def train(self, samples, labels, epochs):
        for epoch in range(epochs):
            total = 0.0
            for sample, label in zip(samples, labels):
                output = sample
                for layer in self.layers:
                    output = layer.forward(output)
                total += self.loss.function(label, output)
                error = self.loss.derivative(label, output)  # bp: error
                for layer in reversed(self.layers):
                    error = layer.backprop(error, self.lr)  # bp: F1 F2
            if epoch % 100 == 0:
                print("epoch", epoch, "loss", total / len(samples))


np.random.seed(0)
samples = np.array([[[0, 0]], [[0, 1]], [[1, 0]], [[1, 1]]], dtype=float)
labels = np.array([[[0]], [[1]], [[1]], [[0]]], dtype=float)
net = Network(lr=0.1)
net.config((2, 3, 1), Tanh)
net.train(samples, labels, 400)
