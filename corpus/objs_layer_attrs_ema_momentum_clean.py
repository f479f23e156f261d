"""Layer objects in the "from scratch" book style: forward keeps its result on self instead of
returning it, backward takes the gradient of its output (named dvalues) and keeps its gradients on
self; the optimiser is handed each layer and keeps an exponential moving average of the gradient
on the layer itself before stepping."""
# bp-corpus: clean
# bp-style: layer classes, row convention, forward(self, inputs) storing self.output (returns nothing), backward(self, dvalues) storing self.dweights/self.dbiases/self.dinputs, ReLU class with a mask copy, softmax + cross-entropy class whose backward copies the probabilities and writes dinputs[range(n), y] += -1, optimiser update_params(self, layer) keeping layer.weight_momentums = beta * m + (1 - beta) * g (a moving average: no parameter) and stepping layer.weights -= lr * m, training loop at the bottom
import numpy as np


class Dense:
    def __init__(self, n_inputs, n_neurons, rng):
        self.weights = 0.1 * rng.standard_normal((n_inputs, n_neurons))
        self.biases = np.zeros((1, n_neurons))

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
        exp = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = exp / exp.sum(axis=1, keepdims=True)
        n = len(y_true)
        return -np.mean(np.log(self.output[range(n), y_true] + 1e-12))

    def backward(self, dvalues, y_true):
        n = len(dvalues)
        self.dinputs = dvalues.copy()  # bp: error
        self.dinputs[range(n), y_true] += -1  # bp: error F1
        self.dinputs = self.dinputs / n  # bp: error


class MomentumEMA:
    def __init__(self, learning_rate=0.5, beta=0.9):
        self.learning_rate = learning_rate
        self.beta = beta

    def update_params(self, layer):
        if not hasattr(layer, "weight_momentums"):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
        layer.weight_momentums = self.beta * layer.weight_momentums + (1 - self.beta) * layer.dweights
        layer.bias_momentums = self.beta * layer.bias_momentums + (1 - self.beta) * layer.dbiases
        layer.weights -= self.learning_rate * layer.weight_momentums  # bp: update
        layer.biases -= self.learning_rate * layer.bias_momentums  # bp: update


rng = np.random.default_rng(5)
X = rng.standard_normal((300, 2))
y = (X[:, 0] * X[:, 1] > 0).astype(int) + (X[:, 0] > 1).astype(int)

dense1, relu, dense2 = Dense(2, 32, rng), ReLU(), Dense(32, 3, rng)
loss_fn, optimizer = SoftmaxCrossEntropy(), MomentumEMA()
for epoch in range(601):
    dense1.forward(X)
    relu.forward(dense1.output)
    dense2.forward(relu.output)
    loss = loss_fn.forward(dense2.output, y)
    if epoch % 200 == 0:
        print("epoch %d loss %.4f" % (epoch, loss))
    loss_fn.backward(loss_fn.output, y)                             # bp: error
    dense2.backward(loss_fn.dinputs)                                # bp: F2
    relu.backward(dense2.dinputs)                                   # bp: F1
    dense1.backward(relu.dinputs)                                   # bp: F2
    for layer in (dense1, dense2):
        optimizer.update_params(layer)                              # bp: update
