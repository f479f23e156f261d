# bp-corpus: clean
# bp-layers: Dense[1].weights:relu Dense[2].weights:softmax
# bp-style: numpy, row convention, layer objects (forward keeps what backward needs, backward sets self.dinputs and the parameter gradients, a `step(lr)` method per layer); between the hidden layer and the output a max-pool over pairs of units whose backward scatters the gradient with np.put_along_axis; a train(x, y) function the epoch loop calls, which runs every forward, backward and step by hand
"""Four blobs: a dense layer, ReLU, a max over pairs of units, and a softmax output, trained by a train() function."""
import numpy as np


def blobs(n, rng):
    centres = np.array([[0.0, 2.5], [2.5, 0.0], [0.0, -2.5], [-2.5, 0.0]])
    y = rng.randint(0, 4, n)
    return centres[y] + 0.7 * rng.randn(n, 2), y


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.weights = 0.3 * rng.randn(n_in, n_out)
        self.biases = np.zeros((1, n_out))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs @ self.weights + self.biases

    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues  # bp: F3
        self.dbiases = dvalues.sum(axis=0, keepdims=True)  # bp: F3
        self.dinputs = dvalues @ self.weights.T  # bp: F2

    def step(self, lr):
        self.weights -= lr * self.dweights  # bp: update
        self.biases -= lr * self.dbiases  # bp: update


class ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues * (self.inputs > 0)  # bp: F1


class PairMaxPool:
    def forward(self, inputs):
        n = inputs.shape[0]
        pairs = inputs.reshape(n, -1, 2)
        self.arg = pairs.argmax(axis=2)
        self.shape = inputs.shape
        self.output = pairs.max(axis=2)

    def backward(self, dvalues):
        n = dvalues.shape[0]
        spread = np.zeros((n, dvalues.shape[1], 2))
        np.put_along_axis(spread, self.arg[..., None], dvalues[..., None], axis=2)
        self.dinputs = spread.reshape(self.shape)


class SoftmaxCrossEntropy:
    def forward(self, inputs, y_true):
        e = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = e / e.sum(axis=1, keepdims=True)
        return -np.mean(np.log(self.output[np.arange(len(y_true)), y_true] + 1e-12))

    def backward(self, y_true):
        n = len(y_true)
        self.dinputs = self.output.copy()  # bp: error
        self.dinputs[np.arange(n), y_true] -= 1  # bp: error F1
        self.dinputs = self.dinputs / n  # bp: error


rng = np.random.RandomState(5)
X, y = blobs(320, rng)
dense1 = Dense(2, 24, rng)
relu1 = ReLU()
pool1 = PairMaxPool()
dense2 = Dense(12, 4, rng)
head = SoftmaxCrossEntropy()


def train(x, labels, lr):
    dense1.forward(x)
    relu1.forward(dense1.output)
    pool1.forward(relu1.output)
    dense2.forward(pool1.output)
    loss = head.forward(dense2.output, labels)
    head.backward(labels)                                           # bp: error
    dense2.backward(head.dinputs)                                   # bp: F2
    pool1.backward(dense2.dinputs)
    relu1.backward(pool1.dinputs)
    dense1.backward(relu1.dinputs)
    dense1.step(lr)                                                 # bp: update
    dense2.step(lr)                                                 # bp: update
    return loss


for epoch in range(301):
    loss = train(X, y, 0.3)
    if epoch % 100 == 0:
        print("epoch", epoch, "loss", round(float(loss), 4))
