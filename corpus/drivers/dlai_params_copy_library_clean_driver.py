"""Trains the step-by-step L-layer classifier on two noisy rings with the library's own functions."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import dlai_params_copy_library_clean as lib  # noqa: E402


def rings(n, seed):
    rng = np.random.RandomState(seed)
    radius = np.where(rng.rand(n) < 0.5, 1.0, 2.2)
    angle = rng.rand(n) * 2 * np.pi
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)]) + 0.15 * rng.randn(2, n)
    Y = (radius > 1.5).astype(float).reshape(1, n)
    return X, Y


if __name__ == "__main__":
    X, Y = rings(300, 4)
    parameters = lib.initialize_parameters_deep([2, 12, 8, 1])
    for i in range(1500):
        AL, caches = lib.L_model_forward(X, parameters)
        grads = lib.L_model_backward(AL, Y, caches)
        parameters = lib.update_parameters(parameters, grads, 0.1)
        if i % 500 == 0 or i == 1499:
            print("iteration", i, "loss", round(lib.compute_cost(AL, Y), 4))
