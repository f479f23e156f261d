# bp-corpus: clean
# bp-driver: drivers/layer_activation_object_clean_driver.py
# bp-style: a layer class handed its activation as an object (`Layer(n_in, n_out, Tanh())`) that is called for the
# forward pass and whose `d` method is its derivative (`self.activation.d(self.z)`); the backward pass is handed the
# upstream gradient and the layer's input, writes the bias's local derivative out as an array of ones
# (`dz_db = np.ones_like(g)`), and returns the weight's and bias's gradients and the input's; nothing in this file
# builds a network (its driver does)
import numpy as np


class Tanh:
    def __call__(self, z):
        return np.tanh(z)

    def d(self, z):
        return 1.0 - np.tanh(z) ** 2


class Identity:
    def __call__(self, z):
        return z

    def d(self, z):
        return np.ones_like(z)


class Layer:
    def __init__(self, n_in, n_out, activation, rng):
        self.W = rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)
        self.b = np.zeros(n_out)
        self.activation = activation

    def __call__(self, x):
        self.z = x @ self.W + self.b
        return self.activation(self.z)

    def backward(self, prev_g, prev_h):
        g = prev_g * self.activation.d(self.z)  # bp: F1
        dl_dW = prev_h.T @ g  # bp: F3
        dz_db = np.ones_like(g)
        dl_db = np.sum(g * dz_db, axis=0)  # bp: F3
        next_g = g @ self.W.T  # bp: F2
        return dl_dW, dl_db, next_g
