# bp-corpus: buggy
# bp-driver: drivers/cls_framework_build_property_super_clean_driver.py
# bp-style: the layer framework of cls_framework_build_property_super_clean.py with formula 2 through the kernel without its transpose (`err @ self.weights`, shapes agree only for square kernels); otherwise the same: `Layer.__init__` makes the state every layer shares (`self.cache = {}`, `self.optimizer = None`) and subclasses call `super().__init__()`; `Dense` makes its kernel in `build(n_in)` (run by the model before the first forward), reaches it through a `weights` property with a plain setter, and after backward lets its optimiser (None until the model hands one over) return the new kernel, `self.weights = self.optimizer.calculate_update(self.weights, grad)`; `Tanh` keeps its output in the shared cache; a layer library trained by its driver
"""Layers of a small framework: state from the base class, kernels built lazily, weights behind a property."""
import numpy as np


class Layer:
    def __init__(self):
        self.cache = {}
        self.optimizer = None
        self.trainable = False


class Dense(Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units
        self.trainable = True
        self._kernel = None

    @property
    def weights(self):
        return self._kernel

    @weights.setter
    def weights(self, value):
        self._kernel = value

    def build(self, n_in):
        self._kernel = np.random.randn(n_in, self.units) * np.sqrt(1.0 / n_in)

    def forward(self, x):
        self.cache["x"] = x
        return x @ self.weights

    def backward(self, err):
        upstream = err @ self.weights  # bp: F2 BP304
        grad = self.cache["x"].T @ err  # bp: F3[self._kernel]
        if self.optimizer:
            self.weights = self.optimizer.calculate_update(self.weights, grad)  # bp: update[self._kernel]
        return upstream


class Tanh(Layer):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        self.cache["y"] = np.tanh(x)
        return self.cache["y"]

    def backward(self, err):
        return err * (1.0 - self.cache["y"] ** 2)  # bp: F1

