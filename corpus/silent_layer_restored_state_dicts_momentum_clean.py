# bp-corpus: clean
# bp-driver: drivers/silent_layer_restored_state_dicts_momentum_clean_driver.py
# bp-style: column-convention layer class with forward_propagate/back_propagate (W . X + b, gradients kept by key in `self.grads`), a `restore(folder)` method that names the layer when it has no name (as forward does) and replaces its dicts with ones read from a checkpoint (`self.grads = pickle.load(fh)['grads']`), and a momentum step by key (`self.velocity['db'] = beta * self.velocity['db'] + (1 - beta) * self.grads['db']`) - each key holds its own gradient whatever the dict was loaded from, so the bias's update applies the bias's velocity: nothing crossed; a layer library trained by its driver
"""A dense layer that keeps its gradients and momentum in dicts it can restore from a checkpoint."""
import pickle

import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng, name=None):
        self.name = name
        self.params = {"W": rng.normal(0.0, 0.3, (n_out, n_in)), "b": np.zeros((n_out, 1))}
        self.grads = {}
        self.velocity = {}
        self.cache = {}

    def restore(self, folder):
        if self.name is None:
            self.name = f"dense_{id(self)}"
        with open(f"{folder}/{self.name}.pickle", "rb") as fh:
            state = pickle.load(fh)
        self.grads = state["grads"]
        self.velocity = state["velocity"]

    def forward_propagate(self, X):
        if self.name is None:
            self.name = f"dense_{id(self)}"
        self.cache["X"] = X
        return np.dot(self.params["W"], X) + self.params["b"]

    def back_propagate(self, dZ):
        m = dZ.shape[1]
        self.grads["dW"] = np.dot(dZ, self.cache["X"].T) / m  # bp: F3[self.params['W']]
        self.grads["db"] = np.sum(dZ, axis=1, keepdims=True) / m  # bp: F3[self.params['b']]
        return np.dot(self.params["W"].T, dZ)  # bp: F2

    def momentum(self, beta=0.9):
        if not self.velocity:
            self.velocity = {"dW": np.zeros_like(self.params["W"]), "db": np.zeros_like(self.params["b"])}
        self.velocity["dW"] = beta * self.velocity["dW"] + (1 - beta) * self.grads["dW"]
        self.velocity["db"] = beta * self.velocity["db"] + (1 - beta) * self.grads["db"]

    def apply(self, lr):
        self.params["W"] -= lr * self.velocity["dW"]  # bp: update[self.params['W']]
        self.params["b"] -= lr * self.velocity["db"]  # bp: update[self.params['b']]
