# bp-corpus: buggy
# bp-layers: DenseLayer[1].weights:relu DenseLayer[2].weights:softmax
# bp-style: numpy, row convention, layer objects in the "from scratch" book style: forward(inputs) keeps self.inputs and self.output, backward(dvalues) sets self.dweights, self.dbiases and self.dinputs; a ReLU object, a softmax with cross-entropy object whose backward takes the prediction as `dvalues` beside the targets, a cross-entropy object on its own, an optimiser object stepping each layer (`-= lr * grad` for the weights, `+= -lr * grad` for the biases); the driver calls every method by hand
"""A spiral-free toy classifier trained with layer, loss and optimiser objects, each method called by the driver."""
import numpy as np


class DenseLayer:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
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
        self.dinputs[dvalues <= 0] = 0  # bp: F1 BP302


class Softmax:
    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)


class CrossEntropy:
    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        correct = clipped[range(samples), y_true]
        return np.mean(-np.log(correct))

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        labels = len(dvalues[0])
        if len(y_true.shape) == 1:
            y_true = np.eye(labels)[y_true]
        self.dinputs = -y_true / dvalues  # bp: error
        self.dinputs = self.dinputs / samples  # bp: error


class SoftmaxCrossEntropy:
    def __init__(self):
        self.activation = Softmax()
        self.loss = CrossEntropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.forward(self.output, y_true)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        if len(y_true.shape) == 2:
            y_true = np.argmax(y_true, axis=1)
        self.dinputs = dvalues.copy()  # bp: error
        self.dinputs[range(samples), y_true] -= 1  # bp: error F1
        self.dinputs = self.dinputs / samples  # bp: error


class SGD:
    def __init__(self, learning_rate=1.0):
        self.learning_rate = learning_rate

    def update_params(self, layer):
        layer.weights -= self.learning_rate * layer.dweights  # bp: update
        layer.biases += -self.learning_rate * layer.dbiases  # bp: update


X = np.random.randn(300, 2)
y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)
dense1 = DenseLayer(2, 64)
activation1 = ReLU()
dense2 = DenseLayer(64, 3)
loss_activation = SoftmaxCrossEntropy()
optimizer = SGD(learning_rate=0.5)
for epoch in range(1001):
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    loss = loss_activation.forward(dense2.output, y)
    if epoch % 100 == 0:
        print("epoch", epoch, "loss", loss)
    loss_activation.backward(loss_activation.output, y)             # bp: error
    dense2.backward(loss_activation.dinputs)                        # bp: F2
    activation1.backward(dense2.dinputs)                            # bp: F1
    dense1.backward(activation1.dinputs)                            # bp: F2
    optimizer.update_params(dense1)                                 # bp: update
    optimizer.update_params(dense2)                                 # bp: update
