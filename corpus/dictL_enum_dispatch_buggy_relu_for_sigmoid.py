"""Buggy: the output layer's backward is dispatched as a ReLU (`Act.RELU.value`) though the layer applies a
sigmoid, so its delta is the loss's derivative masked instead of multiplied by the sigmoid's slope.

A two-layer network whose backward pass dispatches on the activation's name, kept as an Enum member's value
(`activation == Act.RELU.value`), the way a deeplearning.ai-style package names its activations.

Column convention: X is (n_features, m), each layer computes W @ A + b."""
# bp-corpus: buggy
# bp-style: the script of dictL_enum_dispatch_clean.py with the output layer dispatched to relu_backward; otherwise the same: dict-keyed parameters, column convention, helper functions relu_backward/sigmoid_backward selected by act_backward(dA, Z, activation) comparing activation with Act.RELU.value / Act.SIGMOID.value of an Enum, binary cross-entropy derivative of the sigmoid output written out before the sigmoid's backward, parameters stepped in a loop over (key, gradient) pairs
# bp-layers: params['W1']:relu params['W2']:sigmoid
from enum import Enum

import numpy as np


class Act(Enum):
    RELU = "relu"
    SIGMOID = "sigmoid"


def relu_backward(dA, Z):
    dZ = np.array(dA, copy=True)  # bp: F1
    dZ[Z <= 0] = 0  # bp: F1
    return dZ


def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)  # bp: F1


def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(0, Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, (X, Z1, A1, Z2)


def act_backward(dA, Z, activation):
    if activation == Act.RELU.value:
        return relu_backward(dA, Z)
    elif activation == Act.SIGMOID.value:
        return sigmoid_backward(dA, Z)


rng = np.random.default_rng(0)
X = rng.normal(size=(3, 64))
Y = (X[:1] * X[1:2] > 0).astype(float)
params = {"W1": rng.normal(size=(8, 3)) * 0.5, "b1": np.zeros((8, 1)),
          "W2": rng.normal(size=(1, 8)) * 0.5, "b2": np.zeros((1, 1))}
for it in range(500):
    A2, (X0, Z1, A1, Z2) = forward(X, params)
    dA2 = -(Y / A2 - (1 - Y) / (1 - A2))  # bp: error
    dZ2 = act_backward(dA2, Z2, Act.RELU.value)  # bp: F1 BP301
    dW2 = dZ2 @ A1.T / 64  # bp: F3
    db2 = dZ2.sum(axis=1, keepdims=True) / 64  # bp: F3
    dA1 = params["W2"].T @ dZ2  # bp: F2
    dZ1 = act_backward(dA1, Z1, Act.RELU.value)  # bp: F1
    dW1 = dZ1 @ X0.T / 64  # bp: F3
    db1 = dZ1.sum(axis=1, keepdims=True) / 64  # bp: F3
    for k, g in (("W1", dW1), ("b1", db1), ("W2", dW2), ("b2", db2)):
        params[k] -= 0.5 * g  # bp: update
    if it % 100 == 0:
        print(f"iter {it} loss {float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))):.4f}")
