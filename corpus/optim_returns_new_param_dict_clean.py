# bp-corpus: clean
# bp-driver: drivers/optim_returns_new_param_dict_clean_driver.py
# bp-style: optimiser classes that step functionally - `update(params, grads)` builds and returns a new dict (`fresh[k] = params[k] - lr * v[k]`) instead of changing the parameters in place - plain SGD and momentum with a velocity per key; the caller rebinds its parameters to what comes back; an optimiser module trained with by its driver
"""Optimisers that return the stepped parameters as a new dict."""
import numpy as np


class Momentum:
    def __init__(self, lr=0.01, beta=0.9):
        self.lr = lr
        self.beta = beta
        self.vel = {}

    def update(self, params, grads):
        fresh = {}
        for k in params:
            if k not in self.vel:
                self.vel[k] = np.zeros_like(grads[k])
            self.vel[k] = self.beta * self.vel[k] + grads[k]
            fresh[k] = params[k] - self.lr * self.vel[k]  # bp: update
        return fresh


class PlainSGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        out = {}
        for k in params:
            out[k] = params[k] - self.lr * grads[k]  # bp: update
        return out
