# bp-corpus: buggy
# bp-driver: drivers/param_objects_list_optimizer_buggy_ascent_driver.py
# bp-style: a small framework whose parameters are objects holding their array and its gradient (`p.params`,
# `p.grads`); layers hand their parameter objects to an optimiser that walks the list, puts the penalties into a
# zero buffer first, then the gradient, and rebinds `p.params`; the loss is a function returning (loss, gradient)
import numpy as np


class Param:
    def __init__(self, array):
        self.params = array
        self.grads = np.zeros_like(array)
        self.shape = array.shape


class Linear:
    def __init__(self, n_in, n_out, rng):
        self.weight = Param(rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_out)))
        self.bias = Param(np.zeros(n_out))

    def parameters(self):
        return [self.weight, self.bias]

    def forward(self, x):
        self.x = x
        return x @ self.weight.params + self.bias.params

    def backward(self, grad):
        self.weight.grads += self.x.T @ grad                                     # bp: F3
        self.bias.grads += grad.sum(axis=0)                                      # bp: F3
        return grad @ self.weight.params.T                                       # bp: F2


class Tanh:
    def parameters(self):
        return []

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad):
        return grad * (1.0 - self.out ** 2)                                      # bp: F1


def mse(pred, target):
    diff = pred - target                                                         # bp: error
    return float(np.mean(diff ** 2)), 2.0 * diff / diff.size


class GD:
    def __init__(self, params, lr=0.05, alpha1=None, alpha2=None):
        self.params = list(params)
        self.lr = lr
        self.alpha1 = alpha1
        self.alpha2 = alpha2

    def zero_grad(self):
        for param in self.params:
            param.grads = np.zeros(param.shape)

    def step(self):
        for param in self.params:
            grads = np.zeros(param.grads.shape)
            if self.alpha1 is not None:
                grads += self.alpha1 * np.sign(param.params)
            if self.alpha2 is not None:
                grads += self.alpha2 * param.params
            grads += param.grads
            param.params = param.params + self.lr * grads                        # bp: update BP201
