"""Activation layers with the same interface as Dense: forward_propagate / back_propagate."""
# bp-corpus: buggy
# bp-style: package activation classes, column convention, Relu keeping Z in self.cache and masking with Z > 0, Softmax over axis 0 whose back_propagate multiplies dA by the softmax derivative S * (1 - S) again although the loss already hands back the combined softmax + cross-entropy gradient
import numpy as np


class Relu:
    def __init__(self):
        self.cache = {}

    def forward_propagate(self, Z, save_cache=False):
        if save_cache:
            self.cache['Z'] = Z
        return np.maximum(0, Z)

    def back_propagate(self, dA):
        Z = self.cache['Z']
        return dA * (Z > 0)  # bp: F1


class Softmax:
    def __init__(self):
        self.cache = {}

    def forward_propagate(self, Z, save_cache=False):
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
        S = E / E.sum(axis=0, keepdims=True)
        if save_cache:
            self.cache['S'] = S
        return S

    def back_propagate(self, dA):
        S = self.cache['S']
        return dA * (S * (1 - S))  # bp: F1 BP307
