"""Optimiser objects over a dict of parameters, and the plain layer-numbered update function.

``params`` and ``grads`` share their keys ("W1", "b1", ...); the grads are true gradients.
``update_parameters`` follows the other common layout, where the gradient of "W3" is stored
under "dW3".
"""
# bp-corpus: clean
# bp-style: optimiser module with no driver in the file, optimiser classes with update(self, params, grads) looping over dict keys (SGD, Momentum, AdaGrad), plus update_parameters(parameters, grads, learning_rate) over 'W' + str(l) keys
# bp-driver: drivers/opt_classes_update_parameters_clean_driver.py
import numpy as np


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]  # bp: update


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params:
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]  # bp: update


class AdaGrad:
    def __init__(self, lr=0.01, eps=1e-7):
        self.lr = lr
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key, g in grads.items():
            if key not in self.h:
                self.h[key] = np.zeros_like(g)
            self.h[key] += g * g
            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)  # bp: update


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step for parameters W1, b1, ..., WL, bL."""
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters['W' + str(l)] -= learning_rate * grads['dW' + str(l)]  # bp: update
        parameters['b' + str(l)] -= learning_rate * grads['db' + str(l)]  # bp: update
    return parameters
