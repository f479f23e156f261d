# bp-corpus: buggy
# bp-driver: drivers/cls_framework_build_property_super_clean_driver.py
# bp-style: the optimisers of optim_calculate_update_classes_clean.py with plain SGD adding its step (`weight_tensor + lr * gradient_tensor`: ascent); otherwise the same: stepping through `calculate_update(self, weight_tensor, gradient_tensor)` and returning the new weights (plain SGD, and SGD with momentum keeping a velocity); the pair is known by its names, `weight_tensor` beside `gradient_tensor`; the framework's driver trains with such an optimiser
"""Optimisers that compute a layer's new weights from its weights and their gradient."""
import numpy as np


class Sgd:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def calculate_update(self, weight_tensor, gradient_tensor):
        return weight_tensor + self.learning_rate * gradient_tensor  # bp: update BP201


class SgdWithMomentum:
    def __init__(self, learning_rate, momentum_rate):
        self.learning_rate = learning_rate
        self.momentum_rate = momentum_rate
        self.velocity = 0.0

    def calculate_update(self, weight_tensor, gradient_tensor):
        self.velocity = self.momentum_rate * self.velocity - self.learning_rate * gradient_tensor
        return weight_tensor + self.velocity  # bp: update
