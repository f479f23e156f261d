"""Layers: a fully connected layer whose weight matrix holds the bias as its last row, a ReLU, and a mean
squared error at the output."""
# bp-corpus: clean
# bp-style: FullyConnected(BaseLayer) with the weights behind a property and its setter, initialize(weights_initializer, bias_initializer) drawing the bias row apart (self.weights[-1] = ...), the input extended by a column of ones, backward computing the input's error before the optimiser steps the weights, ReLU keeping its input, L2Loss with forward(prediction, label) and backward(label)
import numpy as np

from .base import BaseLayer


class FullyConnected(BaseLayer):
    def __init__(self, input_size, output_size):
        super().__init__()
        self.trainable = True
        self.input_size = input_size
        self.output_size = output_size
        self._weights = np.zeros((input_size + 1, output_size))
        self._optimizer = None
        self.gradient_weights = None
        self.input_tensor = None

    def initialize(self, weights_initializer, bias_initializer):
        self.weights = weights_initializer.initialize(self.weights.shape, self.input_size, self.output_size)
        self.weights[-1] = bias_initializer.initialize(self.weights[-1].shape, self.input_size, self.output_size)

    def forward(self, input_tensor):
        self.input_tensor = np.hstack((input_tensor, np.ones((input_tensor.shape[0], 1))))
        return self.input_tensor @ self.weights

    def backward(self, error_tensor):
        self.gradient_weights = self.input_tensor.T @ error_tensor  # bp: F3
        error_prev = error_tensor @ self.weights[:-1].T  # bp: F2
        if self.optimizer is not None:
            self.weights = self.optimizer.calculate_update(self.weights, self.gradient_weights)  # bp: update
        return error_prev

    @property
    def weights(self):
        return self._weights

    @weights.setter
    def weights(self, value):
        self._weights = value

    @property
    def optimizer(self):
        return self._optimizer

    @optimizer.setter
    def optimizer(self, value):
        self._optimizer = value


class ReLU(BaseLayer):
    def forward(self, input_tensor):
        self.input_tensor = input_tensor
        return np.maximum(0.0, input_tensor)

    def backward(self, error_tensor):
        return error_tensor * (self.input_tensor > 0)  # bp: F1


class L2Loss:
    def forward(self, prediction_tensor, label_tensor):
        self.prediction_tensor = prediction_tensor
        return 0.5 * np.sum((prediction_tensor - label_tensor) ** 2) / prediction_tensor.shape[0]

    def backward(self, label_tensor):
        return (self.prediction_tensor - label_tensor) / self.prediction_tensor.shape[0]  # bp: error
