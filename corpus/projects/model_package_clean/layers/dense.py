"""A fully connected layer, column convention: A is (n_in, m), Z = W @ A + b with W (units, n_in), b (units, 1)."""
# bp-corpus: clean
# bp-style: package layer class, column convention, @ operator, parameters and gradients in dicts self.params / self.grads keyed 'W' and 'b', forward_propagate(A, save_cache=False) keeping the input in self.cache, back_propagate(dZ) averaging over the batch and returning W.T @ dZ, update_params(lr) stepping in place
import numpy as np


class Dense:
    def __init__(self, n_in, units):
        self.params = {
            'W': np.random.randn(units, n_in) * np.sqrt(2.0 / n_in),
            'b': np.zeros((units, 1)),
        }
        self.grads = {}
        self.cache = {}

    def forward_propagate(self, A, save_cache=False):
        if save_cache:
            self.cache['A'] = A
        return self.params['W'] @ A + self.params['b']

    def back_propagate(self, dZ):
        A = self.cache['A']
        m = A.shape[1]
        self.grads['W'] = dZ @ A.T / m  # bp: F3[self.params['W']]
        self.grads['b'] = dZ.sum(axis=1, keepdims=True) / m  # bp: F3[self.params['b']]
        return self.params['W'].T @ dZ  # bp: F2

    def update_params(self, lr):
        self.params['W'] -= lr * self.grads['W']  # bp: update[self.params['W']]
        self.params['b'] -= lr * self.grads['b']  # bp: update[self.params['b']]
