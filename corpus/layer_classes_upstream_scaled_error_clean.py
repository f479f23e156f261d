# bp-corpus: clean
# bp-style: layer classes in the "neural networks from scratch" shape whose backward takes the upstream gradient
# as an argument with a default of 1 (`backward(self, doutput=1)`): the loss layers scale their error by it and
# by the batch in one statement (`dinput = doutput * dinput / samples`) after computing it; a dense layer, a
# ReLU and a softmax fused with the cross-entropy, trained by a loop
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.weights = rng.normal(0.0, 1.0, (n_in, n_out)) / np.sqrt(n_in)
        self.biases = np.zeros((1, n_out))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs @ self.weights + self.biases
        return self.output

    def backward(self, doutput):
        self.dweights = self.inputs.T @ doutput  # bp: F3
        self.dbiases = np.sum(doutput, axis=0, keepdims=True)  # bp: F3
        self.dinput = doutput @ self.weights.T  # bp: F2
        return self.dinput


class ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0.0, inputs)
        return self.output

    def backward(self, doutput):
        self.dinput = doutput.copy()  # bp: F1
        self.dinput[self.inputs <= 0] = 0  # bp: F1
        return self.dinput


class SoftmaxCrossEntropy:
    def forward(self, scores, labels):
        shifted = scores - scores.max(axis=1, keepdims=True)
        exps = np.exp(shifted)
        self.probs = exps / exps.sum(axis=1, keepdims=True)
        self.labels = labels
        return -np.mean(np.log(self.probs[np.arange(len(labels)), labels]))

    def backward(self, doutput=1):
        samples = len(self.labels)
        dinput = self.probs.copy()  # bp: error
        dinput[np.arange(samples), self.labels] -= 1  # bp: error F1
        dinput = doutput * dinput / samples  # bp: error
        return dinput


def sgd_step(layer, lr):
    layer.weights -= lr * layer.dweights  # bp: update
    layer.biases -= lr * layer.dbiases  # bp: update


rng = np.random.default_rng(7)
n_cls, n_in, n = 3, 2, 300
centres = rng.normal(0.0, 3.0, (n_cls, n_in))
labels = rng.integers(0, n_cls, n)
X = centres[labels] + rng.normal(0.0, 1.0, (n, n_in))

hidden = Dense(n_in, 16, rng)
relu = ReLU()
out = Dense(16, n_cls, rng)
head = SoftmaxCrossEntropy()

for epoch in range(120):
    loss = head.forward(out.forward(relu.forward(hidden.forward(X))), labels)
    if epoch % 40 == 0 or epoch == 119:
        print("epoch", epoch, "loss", round(float(loss), 4))
    hidden.backward(relu.backward(out.backward(head.backward())))   # bp: F2
    sgd_step(out, 0.5)                                              # bp: update
    sgd_step(hidden, 0.5)                                           # bp: update
