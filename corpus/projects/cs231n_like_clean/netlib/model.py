"""A two-layer fully connected classifier: affine - relu - affine - softmax."""
# bp-corpus: clean
# bp-style: package model class, params dict with literal keys W1/b1/W2/b2, loss(X, y) wiring the layer functions pulled in by a package-relative star import and returning (loss, grads); no backward arithmetic of its own
import numpy as np

from .layers import *


class TwoLayerNet:
    def __init__(self, input_dim, hidden_dim, num_classes, weight_scale=0.1, seed=0):
        rng = np.random.RandomState(seed)
        self.params = {
            "W1": weight_scale * rng.randn(input_dim, hidden_dim),
            "b1": np.zeros(hidden_dim),
            "W2": weight_scale * rng.randn(hidden_dim, num_classes),
            "b2": np.zeros(num_classes),
        }

    def loss(self, X, y=None):
        """Scores when y is None; otherwise (loss, grads) with grads keyed like self.params."""
        hidden, cache1 = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, cache2 = affine_forward(hidden, self.params["W2"], self.params["b2"])
        if y is None:
            return scores

        loss, dscores = softmax_loss(scores, y)  # bp: F1 error
        grads = {}
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)  # bp: F2 F3
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, cache1)  # bp: F3
        return loss, grads
