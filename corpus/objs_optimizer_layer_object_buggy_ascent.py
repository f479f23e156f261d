"""Buggy: the plain SGD adds the bias gradient, so the biases climb the loss.

Optimisers that are handed a layer object and one of its gradients, and step that layer in place.

The layer is anything with ``weights`` and ``bias`` arrays; the gradient passed in is the true
gradient of the loss (output minus target), so every step subtracts it.  ``MomentumSGD`` keeps
one velocity per layer, keyed by ``id(layer)``.  ``step`` is the other common shape: it walks
``model.layers`` and applies the ``dW``/``db`` each layer stored during its own backward pass.
"""
# bp-corpus: buggy
# bp-style: optimiser module with no driver in the file, optimiser classes whose update_weights(self, layer, grad_weights) and update_bias(self, layer, grad_bias) step layer.weights / layer.bias in place (plain SGD, momentum with a velocity dict keyed by id(layer)), plus step(model, lr) looping for layer in model.layers over layer.W -= lr * layer.dW
# bp-driver: drivers/objs_optimizer_layer_object_buggy_ascent_driver.py
import numpy as np


class SGD:
    """Plain gradient descent on one layer at a time."""

    def __init__(self, lr=0.1):
        self.lr = lr

    def update_weights(self, layer, grad_weights):
        layer.weights -= self.lr * grad_weights  # bp: update

    def update_bias(self, layer, grad_bias):
        layer.bias += self.lr * grad_bias  # bp: update BP201


class MomentumSGD:
    """Heavy-ball momentum; the velocities live here, not on the layers."""

    def __init__(self, lr=0.05, beta=0.9):
        self.lr = lr
        self.beta = beta
        self.vel_w = {}
        self.vel_b = {}

    def update_weights(self, layer, grad_weights):
        key = id(layer)
        if key not in self.vel_w:
            self.vel_w[key] = np.zeros_like(layer.weights)
        self.vel_w[key] = self.beta * self.vel_w[key] - self.lr * grad_weights
        layer.weights += self.vel_w[key]  # bp: update

    def update_bias(self, layer, grad_bias):
        key = id(layer)
        if key not in self.vel_b:
            self.vel_b[key] = np.zeros_like(layer.bias)
        self.vel_b[key] = self.beta * self.vel_b[key] - self.lr * grad_bias
        layer.bias += self.vel_b[key]  # bp: update


def step(model, lr):
    """One descent step for every layer of the model, from the gradients the layers stored."""
    for layer in model.layers:
        layer.W -= lr * layer.dW  # bp: update
        layer.b -= lr * layer.db  # bp: update
