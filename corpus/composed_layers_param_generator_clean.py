# bp-corpus: clean
# bp-style: layer objects with `params`/`grads` dicts (an activation layer's dicts left empty), a Sequential container dispatching `grads = layer.backward(grads)`, a loss object with `grad(predicted, actual)`, an SGD object stepping the pairs a generator yields (`for param, grad in nn.params_and_grads()`), all driven by a `train` function given defaults `loss=MSE(), optim=SGD()`; row convention, `@`; tanh hidden layer, linear output
"""A small network built from layer objects, trained by a function that takes a loss and an optimiser object."""
import numpy as np


class Layer:
    def __init__(self):
        self.params = {}
        self.grads = {}


class Linear(Layer):
    def __init__(self, n_in, n_out, rng):
        super().__init__()
        self.params["w"] = rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)
        self.params["b"] = np.zeros(n_out)

    def __call__(self, inputs):
        self.inputs = inputs
        return inputs @ self.params["w"] + self.params["b"]

    def backward(self, grads):
        self.grads["w"] = self.inputs.T @ grads  # bp: F3
        self.grads["b"] = np.sum(grads, axis=0)  # bp: F3
        return grads @ self.params["w"].T  # bp: F2


class Tanh(Layer):
    def __call__(self, inputs):
        self.inputs = inputs
        return np.tanh(inputs)

    def backward(self, grads):
        return (1 - np.tanh(self.inputs) ** 2) * grads  # bp: F1


class Sequential:
    def __init__(self, *layers):
        self.layers = layers

    def __call__(self, inputs):
        for layer in self.layers:
            inputs = layer(inputs)
        return inputs

    def backward(self, grads):
        for layer in reversed(self.layers):
            grads = layer.backward(grads)  # bp: F1 F2
        return grads

    def params_and_grads(self):
        for layer in self.layers:
            for name, weights in layer.params.items():
                yield weights, layer.grads[name]


class MSE:
    def __call__(self, predicted, actual):
        return np.mean((predicted - actual) ** 2)

    def grad(self, predicted, actual):
        return 2 * (predicted - actual) / len(predicted)  # bp: error


class SGD:
    def __init__(self, lr=0.05):
        self.lr = lr

    def step(self, nn):
        for param, grad in nn.params_and_grads():
            param -= self.lr * grad  # bp: update


def train(x, y, nn, loss=MSE(), optim=SGD(), epochs=400):
    for epoch in range(epochs):
        predicted = nn(x)
        total = loss(predicted, y)
        grads = loss.grad(predicted, y)  # bp: error
        nn.backward(grads)                                          # bp: F2
        optim.step(nn)                                              # bp: update
        if epoch % 100 == 0 or epoch == epochs - 1:
            print(f"epoch {epoch} loss {total:.5f}")


rng = np.random.default_rng(3)
x = rng.uniform(-2.0, 2.0, (128, 2))
y = np.sin(x[:, :1]) + 0.5 * x[:, 1:]
train(x, y, Sequential(Linear(2, 16, rng), Tanh(), Linear(16, 1, rng)))
