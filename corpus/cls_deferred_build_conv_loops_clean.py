# bp-corpus: clean
# bp-style: layer classes whose parameters are made after construction, the way a framework builds them once it knows the input size: a naive 1-D convolution written as loops over windows with its kernel and bias created in `initialize(self, optimizer)` and stepped through copies of that optimiser object; a dense layer whose `self.W = None` in the constructor becomes an array in `build(self, n_in)`; row convention, tanh between them
# bp-driver: drivers/cls_deferred_build_conv_loops_clean_driver.py
"""Convolution and dense layers that receive their parameters from the model that owns them."""
import copy

import numpy as np


class Conv1D:
    def __init__(self, n_filters, width):
        self.n_filters = n_filters
        self.width = width

    def initialize(self, optimizer, rng):
        self.kernel = rng.normal(0, 0.3, size=(self.n_filters, self.width))
        self.bias = np.zeros(self.n_filters)
        self.kernel_opt = copy.copy(optimizer)
        self.bias_opt = copy.copy(optimizer)

    def forward(self, x):
        self.x = x
        n, length = x.shape
        positions = length - self.width + 1
        out = np.zeros((n, self.n_filters, positions))
        for i in range(n):
            for f in range(self.n_filters):
                for p in range(positions):
                    out[i, f, p] = np.sum(x[i, p:p + self.width] * self.kernel[f]) + self.bias[f]
        return out

    def backward(self, grad):
        n, n_filters, positions = grad.shape
        grad_kernel = np.zeros_like(self.kernel)
        grad_x = np.zeros_like(self.x)
        grad_bias = np.sum(grad, axis=(0, 2))  # bp: F3
        for i in range(n):
            for f in range(n_filters):
                for p in range(positions):
                    grad_kernel[f] += grad[i, f, p] * self.x[i, p:p + self.width]  # bp: F3
                    grad_x[i, p:p + self.width] += grad[i, f, p] * self.kernel[f]  # bp: F2
        self.kernel = self.kernel_opt.update(self.kernel, grad_kernel)  # bp: update
        self.bias = self.bias_opt.update(self.bias, grad_bias)  # bp: update
        return grad_x


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad):
        return grad * (1 - self.out ** 2)  # bp: F1


class Flatten:
    def forward(self, x):
        self.shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad):
        return grad.reshape(self.shape)


class Dense:
    def __init__(self, n_out, learning_rate):
        self.n_out = n_out
        self.learning_rate = learning_rate
        self.W = None
        self.b = None

    def build(self, n_in, rng):
        self.W = rng.normal(0, 1 / np.sqrt(n_in), size=(n_in, self.n_out))
        self.b = np.zeros((1, self.n_out))

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        grad_x = grad @ self.W.T  # bp: F2
        self.W -= self.learning_rate * (self.x.T @ grad)  # bp: F3 update
        self.b -= self.learning_rate * grad.sum(axis=0, keepdims=True)  # bp: F3 update
        return grad_x
