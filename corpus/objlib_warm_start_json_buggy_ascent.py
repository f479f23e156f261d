# bp-corpus: buggy
# bp-layers: Dense[1].weights:relu Dense[2].weights:softmax
# bp-style: numpy, row convention, layer objects in the "from scratch" book style (forward keeps self.inputs, backward sets self.dweights, self.dbiases, self.dinputs), a softmax with cross-entropy object, an optimiser object; the weights are saved to a JSON file and loaded back into the layers (`layer.weights = np.array(saved["w1"])`) before training goes on: a warm start, the same parameters; the optimiser adds the biases' gradient instead of subtracting it
"""Buggy: three blobs, a run resumed from saved weights: each layer's weights loaded from a JSON file, then trained on; the optimiser climbs along the biases' gradient."""
import json
import os
import tempfile

import numpy as np


def blobs(n, rng):
    centres = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
    y = rng.randint(0, 3, n)
    return centres[y] + 0.6 * rng.randn(n, 2), y


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.weights = 0.3 * rng.randn(n_in, n_out)
        self.biases = np.zeros((1, n_out))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)  # bp: F3
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)  # bp: F3
        self.dinputs = np.dot(dvalues, self.weights.T)  # bp: F2


class ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()  # bp: F1
        self.dinputs[self.inputs <= 0] = 0  # bp: F1


class SoftmaxCrossEntropy:
    def forward(self, inputs, y_true):
        e = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = e / e.sum(axis=1, keepdims=True)
        return -np.mean(np.log(self.output[range(len(y_true)), y_true] + 1e-12))

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        self.dinputs = dvalues.copy()  # bp: error
        self.dinputs[range(samples), y_true] -= 1  # bp: error F1
        self.dinputs = self.dinputs / samples  # bp: error


class SGD:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def update_params(self, layer):
        layer.weights -= self.learning_rate * layer.dweights  # bp: update
        layer.biases += self.learning_rate * layer.dbiases  # bp: update BP201


rng = np.random.RandomState(3)
X, y = blobs(240, rng)
dense1 = Dense(2, 16, rng)
act1 = ReLU()
dense2 = Dense(16, 3, rng)
loss_fn = SoftmaxCrossEntropy()
optimizer = SGD(0.5)

path = os.path.join(tempfile.mkdtemp(), "checkpoint.json")
with open(path, "w") as fh:
    json.dump({"w1": dense1.weights.tolist(), "b1": dense1.biases.tolist(),
               "w2": dense2.weights.tolist(), "b2": dense2.biases.tolist()}, fh)
with open(path) as fh:
    saved = json.load(fh)
dense1.weights = np.array(saved["w1"])
dense1.biases = np.array(saved["b1"])
dense2.weights = np.array(saved["w2"])
dense2.biases = np.array(saved["b2"])

for epoch in range(201):
    dense1.forward(X)
    act1.forward(dense1.output)
    dense2.forward(act1.output)
    loss = loss_fn.forward(dense2.output, y)
    loss_fn.backward(loss_fn.output, y)                             # bp: error
    dense2.backward(loss_fn.dinputs)                                # bp: F2
    act1.backward(dense2.dinputs)                                   # bp: F1
    dense1.backward(act1.dinputs)                                   # bp: F2
    optimizer.update_params(dense1)                                 # bp: update
    optimizer.update_params(dense2)                                 # bp: update
    if epoch % 50 == 0:
        print("epoch", epoch, "loss", round(float(loss), 4))
