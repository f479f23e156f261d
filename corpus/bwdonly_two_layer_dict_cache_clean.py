"""Backward pass alone for a one-hidden-layer binary classifier, the way course notebooks split it:
the forward pass, the cost and the update live elsewhere and hand over a parameters dict and a
cache dict of activations."""
# bp-corpus: clean
# bp-style: backward pass only (no forward in the file), column convention (samples are columns, W shaped (out, in)), single function backward_propagation(parameters, cache, X, Y), weights read from parameters["W1"], activations from cache["A1"], tanh hidden layer, sigmoid output with cross-entropy so dZ2 = A2 - Y, np.dot with (1/m) factors, grads returned as a dict
# bp-driver: drivers/bwdonly_two_layer_dict_cache_clean_driver.py
import numpy as np


def backward_propagation(parameters, cache, X, Y):
    """Gradients of the mean cross-entropy with respect to W1, b1, W2, b2.

    X: (n_x, m) inputs, Y: (1, m) labels in {0, 1};
    cache: the forward pass's "Z1", "A1", "Z2", "A2".
    """
    m = X.shape[1]

    W1 = parameters["W1"]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]

    # output layer: sigmoid + cross-entropy, the derivative cancels. With no forward pass in the
    # file, the name says it: dZ2 is the gradient of the pre-activation Z2, so the difference is
    # already the delta (error F1)
    dZ2 = A2 - Y  # bp: error F1
    dW2 = (1.0 / m) * np.dot(dZ2, A1.T)  # bp: F3
    db2 = (1.0 / m) * np.sum(dZ2, axis=1, keepdims=True)  # bp: F3

    # hidden layer: tanh'(z) = 1 - tanh(z)**2
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))  # bp: F2 F1
    dW1 = (1.0 / m) * np.dot(dZ1, X.T)  # bp: F3
    db1 = (1.0 / m) * np.sum(dZ1, axis=1, keepdims=True)  # bp: F3

    grads = {"dW1": dW1,
             "db1": db1,
             "dW2": dW2,
             "db2": db2}
    return grads
