"""Step-by-step backward helpers of an L-layer network with no forward pass in the file: each
helper receives what the matching forward step cached (a (A_prev, W, b) tuple for the linear
part, Z for the activation) and the model code that calls them lives elsewhere."""
# bp-corpus: clean
# bp-style: backward helpers only (no forward in the file), column convention (Z = W @ A_prev + b, samples as columns), linear_backward(dZ, cache) unpacking A_prev, W, b = cache with 1/m factors, relu_backward(dA, cache) as a copy then dZ[Z <= 0] = 0, sigmoid_backward(dA, cache) recomputing sigmoid(Z), linear_activation_backward(dA, cache, activation) dispatching on the activation string
# bp-driver: drivers/bwdonly_layer_helpers_cache_tuple_clean_driver.py
import numpy as np


def linear_backward(dZ, cache):
    """dZ: (n_l, m); cache: (A_prev, W, b) saved by the linear step. Returns dA_prev, dW, db."""
    A_prev, W, b = cache
    m = A_prev.shape[1]

    dW = np.dot(dZ, A_prev.T) / m  # bp: F3
    db = np.sum(dZ, axis=1, keepdims=True) / m  # bp: F3
    dA_prev = np.dot(W.T, dZ)  # bp: F2

    assert dW.shape == W.shape and db.shape == b.shape
    return dA_prev, dW, db


def relu_backward(dA, cache):
    """The gradient flows only where the pre-activation Z was positive."""
    Z = cache
    dZ = np.array(dA, copy=True)  # bp: F1
    dZ[Z <= 0] = 0  # bp: F1
    return dZ


def sigmoid_backward(dA, cache):
    Z = cache
    sig = 1 / (1 + np.exp(-Z))
    dZ = dA * sig * (1 - sig)  # bp: F1
    return dZ


def linear_activation_backward(dA, cache, activation):
    """cache: (linear_cache, activation_cache) from the matching forward step."""
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)  # bp: F1
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)  # bp: F1
    else:
        raise ValueError("unknown activation %r" % (activation,))
    dA_prev, dW, db = linear_backward(dZ, linear_cache)  # bp: F2 F3
    return dA_prev, dW, db
