# bp-corpus: clean
# bp-driver: drivers/silent_einsum_slope_factors_bias_clean_driver.py
# bp-style: batched column vectors (batch, features, 1), forward and backward products all np.einsum, a layer class whose backward keeps each layer's slope f'(z) as its own factor (`k_out = np.ones_like(z_out)` for the identity output) and multiplies the output error in per parameter (valid: one output per sample), `g_q = np.mean(err * k_out, axis=0)` for the output bias - its own delta, not the weight's gradient, so no crossed update; the hidden layer's slope `k_hid` carries no error until it is multiplied in, so its lines are not formula 1 or 2 and stay untagged; a layer library trained by its driver
"""Regresses y = sin(x) with a hidden ReLU layer whose products are einsums."""
import numpy as np


def relu_slope(z):
    return (z > 0).astype(float)


class EinsumRegressor:
    def __init__(self, n_hidden, rate, rng):
        self.rate = rate
        self.P = rng.normal(0.0, 0.7, (n_hidden, 1))
        self.p = rng.normal(0.0, 0.3, (n_hidden, 1))
        self.Q = rng.normal(0.0, 0.3, (1, n_hidden))
        self.q = np.zeros((1, 1))

    def forward(self, x):
        self.x = x
        self.z_hid = np.einsum('ij,bjk->bik', self.P, x) + self.p
        self.h = np.maximum(self.z_hid, 0)
        self.z_out = np.einsum('ij,bjk->bik', self.Q, self.h) + self.q
        return self.z_out

    def backward(self, target):
        err = self.z_out - target  # bp: error
        k_out = np.ones_like(self.z_out)
        g_Q = np.mean(np.einsum('bij,bkj->bik', err * k_out, self.h), axis=0)  # bp: F1 F3[self.Q]
        g_q = np.mean(err * k_out, axis=0)  # bp: F1 F3[self.q]
        k_hid = np.einsum('ji,bjk->bik', self.Q, k_out) * relu_slope(self.z_hid)
        g_P = np.mean(np.einsum('bij,bkj->bik', err * k_hid, self.x), axis=0)
        g_p = np.mean(err * k_hid, axis=0)
        self.Q = self.Q - self.rate * g_Q  # bp: update[self.Q]
        self.q = self.q - self.rate * g_q  # bp: update[self.q]
        self.P = self.P - self.rate * g_P  # bp: update[self.P]
        self.p = self.p - self.rate * g_p  # bp: update[self.p]
        return err
