"""List optimisers whose plain SGD step adds the gradient (climbs the loss)."""
# bp-corpus: buggy
# bp-style: optimiser module with no training run of its own, update(self, params, grads) over parallel lists, zip and index loops, in-place -=, momentum and RMSprop state kept per list slot
# bp-driver: drivers/opt_list_params_zip_buggy_sgd_ascent_driver.py
import numpy as np


class PlainSGD:
    def __init__(self, lr=0.05):
        self.lr = lr

    def update(self, params, grads):
        for p, g in zip(params, grads):
            p += self.lr * g  # bp: update BP201


class HeavyBall:
    def __init__(self, lr=0.05, beta=0.9):
        self.lr = lr
        self.beta = beta
        self.vel = None

    def update(self, params, grads):
        if self.vel is None:
            self.vel = [np.zeros_like(p) for p in params]
        for k in range(len(params)):
            self.vel[k] = self.beta * self.vel[k] - self.lr * grads[k]
            params[k] += self.vel[k]  # bp: update


class RMSProp:
    def __init__(self, lr=0.01, decay=0.9, eps=1e-8):
        self.lr = lr
        self.decay = decay
        self.eps = eps
        self.sq = None

    def update(self, params, grads):
        if self.sq is None:
            self.sq = [np.zeros_like(p) for p in params]
        for k, (p, g) in enumerate(zip(params, grads)):
            self.sq[k] = self.decay * self.sq[k] + (1 - self.decay) * g * g
            p -= self.lr * g / (np.sqrt(self.sq[k]) + self.eps)  # bp: update
