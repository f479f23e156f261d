"""A small module framework: layers with forward/backward, a stack that chains whatever layers it is handed, a loss
whose base class keeps the prediction and the target for its backward, and a training step that is handed the model
and the loss. Nothing here builds a network: the stack's and the step's lines hand gradients on by the module
protocol, whatever layers and loss its user hands in.
"""
# bp-corpus: clean
# bp-driver: drivers/protocol_stack_handed_layers_clean_driver.py
# bp-style: module protocol, row convention, @ operator, Stack(layers) looping `for layer in reversed(self.layers)`, Loss base class whose __call__ keeps y_pred/y_true for backward(self), train_step(model, loss_fn, ...) calling loss_fn.backward(), a per-sample average pool written with loops
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        self.dW = self.x.T @ grad  # bp: F3
        self.db = grad.sum(axis=0)  # bp: F3
        return grad @ self.W.T  # bp: F2

    def step(self, lr):
        self.W -= lr * self.dW  # bp: update
        self.b -= lr * self.db  # bp: update


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad):
        return grad * (1.0 - self.out ** 2)  # bp: F1

    def step(self, lr):
        pass


class Stack:
    def __init__(self, layers):
        self.layers = layers

    def __call__(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)  # bp: F2
        return grad

    def step(self, lr):
        for layer in self.layers:
            layer.step(lr)  # bp: update


class Loss:
    def __call__(self, y_pred, y_true):
        self.y_pred = y_pred
        self.y_true = y_true
        return self.forward(y_pred, y_true)

    def forward(self, y_pred, y_true):
        raise NotImplementedError

    def backward(self):
        raise NotImplementedError


class MeanSquared(Loss):
    def forward(self, y_pred, y_true):
        return float(np.mean(np.sum((y_pred - y_true) ** 2, axis=1)))

    def backward(self):
        return 2.0 * (self.y_pred - self.y_true) / self.y_pred.shape[0]  # bp: error


def train_step(model, loss_fn, x, y, lr):
    y_pred = model(x)
    loss = loss_fn(y_pred, y)
    grad = loss_fn.backward()  # bp: error
    model.backward(grad)  # bp: F2
    model.step(lr)  # bp: update
    return loss

