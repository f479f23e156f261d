# bp-corpus: buggy
# bp-driver: drivers/user_filled_network_buggy_stale_weight_driver.py
# bp-style: the course-framework library of user_filled_network_clean.py (a Network whose loss and data layers its
# user sets, layers stepping their own weights through a copy of the optimiser); the fully connected layer steps its
# weights before it sends the error back, so formula 2 uses the weights this step already changed
import copy

import numpy as np


class Sgd:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def calculate_update(self, weight_tensor, gradient_tensor):
        return weight_tensor - self.learning_rate * gradient_tensor  # bp: update


class FullyConnected:
    def __init__(self, input_size, output_size):
        self.trainable = True
        self.weights = np.random.uniform(-0.5, 0.5, (input_size + 1, output_size))
        self.optimizer = None

    def forward(self, input_tensor):
        self.input_tensor = np.hstack([input_tensor, np.ones((input_tensor.shape[0], 1))])
        return self.input_tensor @ self.weights

    def backward(self, error_tensor):
        self.gradient_weights = self.input_tensor.T @ error_tensor  # bp: F3
        if self.optimizer is not None:
            self.weights = self.optimizer.calculate_update(self.weights, self.gradient_weights)  # bp: update
        return error_tensor @ self.weights[:-1].T  # bp: F2 BP306


class ReLU:
    trainable = False

    def forward(self, input_tensor):
        self.input_tensor = input_tensor
        return np.maximum(0, input_tensor)

    def backward(self, error_tensor):
        return error_tensor * (self.input_tensor > 0)  # bp: F1


class SoftMax:
    trainable = False

    def forward(self, input_tensor):
        shifted = np.exp(input_tensor - input_tensor.max(axis=1, keepdims=True))
        self.prediction = shifted / shifted.sum(axis=1, keepdims=True)
        return self.prediction

    def backward(self, error_tensor):
        inner = np.sum(error_tensor * self.prediction, axis=1, keepdims=True)
        return self.prediction * (error_tensor - inner)  # bp: F1


class CrossEntropyLoss:
    def forward(self, prediction_tensor, label_tensor):
        self.prediction_tensor = prediction_tensor
        return -np.sum(label_tensor * np.log(prediction_tensor + np.finfo(float).eps))

    def backward(self, label_tensor):
        return -label_tensor / (self.prediction_tensor + np.finfo(float).eps)  # bp: error


class Network:
    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.loss = []
        self.layers = []
        self.data_layer = None
        self.loss_layer = None

    def forward(self):
        input_tensor, self.label_tensor = self.data_layer.next()
        for layer in self.layers:
            input_tensor = layer.forward(input_tensor)
        return self.loss_layer.forward(input_tensor, self.label_tensor)

    def backward(self):
        error_tensor = self.loss_layer.backward(self.label_tensor)  # bp: error
        for layer in reversed(self.layers):
            error_tensor = layer.backward(error_tensor)  # bp: F2

    def append_layer(self, layer):
        if layer.trainable:
            layer.optimizer = copy.deepcopy(self.optimizer)
        self.layers.append(layer)

    def train(self, iterations):
        for _ in range(iterations):
            self.loss.append(self.forward())
            self.backward()  # bp: F2
