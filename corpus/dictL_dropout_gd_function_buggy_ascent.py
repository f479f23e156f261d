"""Buggy: the weight step climbs (+ alpha * dW while dz is output minus target).
The course's gradient descent with inverted dropout as a free function with no forward pass in
the file: the output error is taken once before the loop, and each pass makes its layer's gradients
and then, below the first layer, sends the error back through the weight, the dropout mask the
forward pass kept in the cache ("D1", "D2", ...) and tanh's derivative. The driver has the forward pass."""
# bp-corpus: buggy
# bp-style: backward-only free function dropout_gradient_descent(Y, weights, cache, alpha, keep_prob, L), column convention (A is (n, m), W is (out, in)), keys "W" + str(i) / "A" + str(i) / "D" + str(i), dz = cache["A" + str(L)] - Y before a loop for i in range(L, 0, -1), dW and db first, then if i > 1: da = np.matmul(W.T, dz); da = da * cache["D" + str(i - 1)] / keep_prob; dz = da * (1 - A ** 2), W read before the step, updates rebinding weights[key] = weights[key] - alpha * dW
# bp-driver: drivers/dictL_dropout_gd_function_buggy_ascent_driver.py
import numpy as np


def dropout_gradient_descent(Y, weights, cache, alpha, keep_prob, L):
    """One step of gradient descent on a network trained with inverted dropout.

    Y: one-hot labels (classes, m)
    weights: "W1".."WL", "b1".."bL", updated in place
    cache: "A0" .. "AL" (tanh hidden layers, softmax output) and the masks "D1" .. "D(L-1)"
        with which the forward pass zeroed its hidden outputs (then divided by keep_prob)
    alpha: the learning rate; keep_prob: the probability that a hidden unit was kept
    L: the number of layers
    """
    m = Y.shape[1]
    # softmax + cross-entropy: with no forward pass in the file, only the error is claimed
    dz = cache["A" + str(L)] - Y  # bp: error
    for i in range(L, 0, -1):
        A_prev = cache["A" + str(i - 1)]
        W = weights["W" + str(i)]
        dW = np.matmul(dz, A_prev.T) / m  # bp: F3
        db = np.sum(dz, axis=1, keepdims=True) / m  # bp: F3
        if i > 1:
            da = np.matmul(W.T, dz)  # bp: F2
            da = da * cache["D" + str(i - 1)] / keep_prob
            dz = da * (1 - cache["A" + str(i - 1)] ** 2)  # bp: F1
        weights["W" + str(i)] = weights["W" + str(i)] + alpha * dW  # bp: update BP201
        weights["b" + str(i)] = weights["b" + str(i)] - alpha * db  # bp: update


def early_stopping(cost, opt_cost, threshold, patience, count):
    """Whether to stop: the cost has not beaten the best one by threshold for patience checks."""
    if opt_cost - cost > threshold:
        count = 0
    else:
        count += 1
    return count >= patience, count
