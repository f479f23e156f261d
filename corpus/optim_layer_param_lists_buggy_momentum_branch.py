"""Buggy: the momentum branch adds the gradient to the step (`+ self.lr * grad`) where the plain branch
subtracts it, so with momentum on, every parameter climbs.

An optimiser that is handed one layer at a time and steps that layer's parameters in place.

A layer exposes ``params`` and ``grads``: lists of arrays in the same order (weights, then
biases, say), the gradients filled by the layer's own backward pass.  With momentum the
optimiser keeps one velocity per parameter on the layer itself (``layer.velocities``), made on
the first update; the step is the new velocity, added to the parameter.
"""
# bp-corpus: buggy
# bp-style: the optimiser of optim_layer_param_lists_clean.py whose momentum branch builds its step with the gradient added (the plain branch, and the step's application, are right); otherwise the same: optimiser module with no driver in the file, update_params(self, layer) reading params, grads = layer.params, layer.grads (parallel lists of arrays) and walking for i, (param, grad) in enumerate(zip(params, grads)) with step = self.momentum * layer.velocities[i] - self.lr * grad (or -self.lr * grad without momentum) applied in place as param += step; a learning-rate decay per epoch
# bp-driver: drivers/optim_layer_param_lists_buggy_momentum_branch_driver.py
import numpy as np


class SGDOptimizer:
    def __init__(self, lr=0.1, momentum=0.0, decay=0.0):
        self.initial_lr = lr
        self.lr = lr
        self.momentum = momentum
        self.decay = decay
        self.epochs = 0

    def update_params(self, layer):
        params, grads = layer.params, layer.grads
        if self.momentum and not hasattr(layer, "velocities"):
            layer.velocities = [np.zeros_like(p) for p in params]
        for i, (param, grad) in enumerate(zip(params, grads)):
            if self.momentum:
                step = self.momentum * layer.velocities[i] + self.lr * grad  # bp: BP201
                layer.velocities[i] = step
            else:
                step = -self.lr * grad
            param += step  # bp: update

    def end_epoch(self):
        self.epochs += 1
        self.lr = self.initial_lr / (1.0 + self.decay * self.epochs)
