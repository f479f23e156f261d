"""Optimisers that take a dict of weights and a dict of their gradients under the same keys and
return the stepped weights as a new dict; the caller rebinds its weights to what comes back.

``iteration`` counts the updates from 1; the optimisers that decay their rate or correct a
running average use it, the others ignore it.
"""
# bp-corpus: clean
# bp-style: optimiser module with no driver in the file, classes whose update(self, w, w_grads, iteration) walks the keys of a weight dict and fills a NEW dict (new_w[k] = w[k] - self.lr * ...): plain SGD with a decaying rate, momentum keeping self.velocity[k] = self.beta * self.velocity[k] + w_grads[k], RMSProp keeping a running mean of squared gradients, Adagrad keeping their sum
# bp-driver: drivers/optim_dict_new_weights_clean_driver.py
import numpy as np


class SGD:
    def __init__(self, lr=0.1, decay=0.0):
        self.lr0 = lr
        self.decay = decay
        self.lr = lr

    def update(self, w, w_grads, iteration):
        self.lr = self.lr0 / (1.0 + self.decay * iteration)
        new_w = {}
        for k in w:
            new_w[k] = w[k] - self.lr * w_grads[k]  # bp: update
        return new_w


class Momentum:
    def __init__(self, lr=0.05, beta=0.9):
        self.lr = lr
        self.beta = beta
        self.velocity = None

    def update(self, w, w_grads, iteration):
        if self.velocity is None:
            self.velocity = {k: np.zeros_like(v) for k, v in w.items()}
        new_w = {}
        for k in w:
            self.velocity[k] = self.beta * self.velocity[k] + w_grads[k]
            new_w[k] = w[k] - self.lr * self.velocity[k]  # bp: update
        return new_w


class RMSProp:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.sq = {}

    def update(self, w, w_grads, iteration):
        new_w = {}
        for k in w:
            if k not in self.sq:
                self.sq[k] = np.zeros_like(w[k])
            self.sq[k] = self.rho * self.sq[k] + (1 - self.rho) * w_grads[k] ** 2
            new_w[k] = w[k] - self.lr * w_grads[k] / (np.sqrt(self.sq[k]) + self.eps)  # bp: update
        return new_w


class Adagrad:
    def __init__(self, lr=0.1, eps=1e-8):
        self.lr = lr
        self.eps = eps
        self.cache = {}

    def update(self, w, w_grads, iteration):
        new_w = {}
        for k, g in w_grads.items():
            self.cache[k] = self.cache.get(k, 0.0) + g * g
            new_w[k] = w[k] - self.lr * g / np.sqrt(self.cache[k] + self.eps)  # bp: update
        return new_w
