"""Building blocks for small regressors: linear, tanh and sigmoid layers plus a squared-error loss.

Every forward function returns (output, cache); every backward function takes the upstream
gradient and that cache and returns the gradients, input gradient first.
"""
# bp-corpus: clean
# bp-style: layer library with no driver in the file, row convention, np.dot spelling, forward_linear/backward_linear naming, tanh and sigmoid layers caching their outputs, mean squared error returning (loss, dpred)
# bp-driver: drivers/lib_linear_tanh_sigmoid_npdot_clean_driver.py
import numpy as np


def forward_linear(inputs, weights, bias):
    outputs = np.dot(inputs, weights) + bias
    return outputs, (inputs, weights)


def backward_linear(grad_outputs, cache):
    inputs, weights = cache
    grad_weights = np.dot(inputs.T, grad_outputs)  # bp: F3[weights]
    grad_bias = np.sum(grad_outputs, axis=0)  # bp: F3[bias]
    grad_inputs = np.dot(grad_outputs, weights.T)  # bp: F2
    return grad_inputs, grad_weights, grad_bias


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    out = cache
    return dout * (1.0 - out ** 2)  # bp: F1


def sigmoid_forward(x):
    out = 1.0 / (1.0 + np.exp(-x))
    return out, out


def sigmoid_backward(dout, cache):
    out = cache
    dx = dout * out * (1.0 - out)  # bp: F1
    return dx


def mse_loss(pred, target):
    diff = pred - target  # bp: error
    loss = np.mean(diff ** 2)
    dpred = 2.0 * diff / diff.size
    return loss, dpred
