"""Buggy: the error is sent back through the weight the step already changed. A dense layer that steps itself through an optimiser object it is handed, keeping the weight the
forward pass used to send the error back after the step."""
# bp-corpus: buggy
# bp-style: layer class with no training run in the file, row convention (X.dot(W) + w0), forward_pass/backward_pass(accum_grad), an optimiser object handed in and copied per parameter (self.W = self.W_opt.update(self.W, grad_w): its direction not in the file), W = self.W saved before the step and used for formula 2 after it, a tanh activation class, a squared-error loss class with a gradient method
# bp-driver: drivers/cls_dense_saved_weight_opaque_optimizer_buggy_stale_driver.py
import copy

import numpy as np


class Dense:
    def __init__(self, n_in, n_units, optimizer, rng):
        limit = 1 / np.sqrt(n_in)
        self.W = rng.uniform(-limit, limit, (n_in, n_units))
        self.w0 = np.zeros((1, n_units))
        self.W_opt = copy.copy(optimizer)
        self.w0_opt = copy.copy(optimizer)

    def forward_pass(self, X):
        self.layer_input = X
        return X.dot(self.W) + self.w0

    def backward_pass(self, accum_grad):
        W = self.W  # the weight the forward pass used
        grad_w = self.layer_input.T.dot(accum_grad)  # bp: F3
        grad_w0 = np.sum(accum_grad, axis=0, keepdims=True)  # bp: F3
        self.W = self.W_opt.update(self.W, grad_w)  # bp: update
        self.w0 = self.w0_opt.update(self.w0, grad_w0)  # bp: update
        return accum_grad.dot(self.W.T)  # bp: F2 BP306


class Tanh:
    def forward_pass(self, X):
        self.out = np.tanh(X)
        return self.out

    def backward_pass(self, accum_grad):
        return accum_grad * (1 - self.out ** 2)  # bp: F1


class SquareLoss:
    def loss(self, y, y_pred):
        return 0.5 * np.mean(np.sum((y - y_pred) ** 2, axis=1))

    def gradient(self, y, y_pred):
        return -(y - y_pred) / len(y)  # bp: error
