"""Weight initialisers: initialize(shape, fan_in, fan_out) returns a fresh array."""
# bp-corpus: buggy
# bp-style: initialiser objects with initialize(weights_shape, fan_in, fan_out)
import numpy as np


class UniformRandom:
    def initialize(self, weights_shape, fan_in, fan_out):
        return np.random.uniform(-0.5, 0.5, weights_shape)


class He:
    def initialize(self, weights_shape, fan_in, fan_out):
        return np.random.normal(0.0, np.sqrt(2.0 / fan_in), weights_shape)
