"""Buggy: the weight step climbs (+ alpha * dw while dz is output minus target).
The course's L2-regularised gradient descent as a free function with no forward pass in the file:
it steps a dict of weights in place from the activations the forward pass left in a cache dict
(tanh hidden layers, softmax output with one-hot labels). The driver holds the forward pass."""
# bp-corpus: buggy
# bp-style: backward-only free function l2_reg_gradient_descent(Y, weights, cache, alpha, lambtha, L), column convention (A is (n, m), W is (out, in)), keys "W{}".format(i) / "A{}".format(i), w_copy = weights.copy() before a loop for i in range(L, 0, -1), if i == L: dz = A - Y else dz = np.matmul(w_copy["W{}".format(i + 1)].T, dz) * (1 - A ** 2), dw with the weight-decay term (lambtha / m) * W, updates rebinding weights[key] = w_copy[key] - alpha * dw, plus the L2 cost helper
# bp-driver: drivers/dictL_l2_reg_gd_function_buggy_ascent_driver.py
import numpy as np


def l2_reg_cost(cost, lambtha, weights, L, m):
    """The cost plus lambtha / (2m) times the squared Frobenius norms of the weights."""
    norms = 0
    for i in range(1, L + 1):
        norms += np.sum(weights["W{}".format(i)] ** 2)
    return cost + (lambtha / (2 * m)) * norms


def l2_reg_gradient_descent(Y, weights, cache, alpha, lambtha, L):
    """One step of gradient descent with L2 regularisation.

    Y: one-hot labels (classes, m)
    weights: "W1".."WL", "b1".."bL", updated in place
    cache: "A0" (the input) .. "AL" (the softmax output); the hidden layers are tanh
    alpha: the learning rate; lambtha: the L2 coefficient
    L: the number of layers
    """
    m = Y.shape[1]
    w_copy = weights.copy()
    for i in range(L, 0, -1):
        A = cache["A{}".format(i)]
        A_prev = cache["A{}".format(i - 1)]
        if i == L:
            # softmax + cross-entropy: the derivative cancels. With no forward pass in the file,
            # the name says it: dz is the gradient of the pre-activation, so this is the delta
            dz = A - Y  # bp: error F1
        else:
            dz = np.matmul(w_copy["W{}".format(i + 1)].T, dz) * (1 - A ** 2)  # bp: F2 F1
        dw = np.matmul(dz, A_prev.T) / m + (lambtha / m) * w_copy["W{}".format(i)]  # bp: F3
        db = np.sum(dz, axis=1, keepdims=True) / m  # bp: F3
        weights["W{}".format(i)] = w_copy["W{}".format(i)] + alpha * dw  # bp: update BP201
        weights["b{}".format(i)] = w_copy["b{}".format(i)] - alpha * db  # bp: update
