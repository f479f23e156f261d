# bp-corpus: clean
# bp-style: computational-graph tutorial style, row convention: gate objects MultiplyGate (np.dot(X, W)), AddGate
# (X + b), Tanh and Softmax with forward/backward methods (backward(W, X, dZ) returning (dW, dX), backward(X, b, dZ)
# returning (db, dX) with db = ones @ dZ, Tanh.backward(X, top_diff) recomputing its output, Softmax.diff(X, y)
# subtracting 1 at the labels); a Model keeping lists self.W and self.b, whose train stores forward.append((mul, add,
# input)) per layer (tanh on hidden layers, identity on the output layer), starts backprop from
# softmaxOutput.diff(forward[len(forward) - 1][2], y) and loops for i in range(len(forward) - 1, 0, -1), adding
# reg_lambda * W to dW and stepping self.W[i - 1] -= epsilon * dW
"""Two interleaving half moons classified by a 2-8-8-2 network built from gate objects, trained full-batch with
L2 regularisation; the forward pass keeps (mul, add, output) of every layer in a list the backward pass walks."""
import numpy as np


class MultiplyGate:
    def forward(self, W, X):
        return np.dot(X, W)

    def backward(self, W, X, dZ):
        dW = np.dot(np.transpose(X), dZ)  # bp: F3
        dX = np.dot(dZ, np.transpose(W))  # bp: F2
        return dW, dX


class AddGate:
    def forward(self, X, b):
        return X + b

    def backward(self, X, b, dZ):
        dX = dZ * np.ones_like(X)
        db = np.dot(np.ones((1, dZ.shape[0]), dtype=np.float64), dZ)  # bp: F3
        return db, dX


class Tanh:
    def forward(self, X):
        return np.tanh(X)

    def backward(self, X, top_diff):
        output = self.forward(X)
        return (1.0 - np.square(output)) * top_diff  # bp: F1


class Softmax:
    def predict(self, X):
        exp_scores = np.exp(X)
        return exp_scores / np.sum(exp_scores, axis=1, keepdims=True)

    def loss(self, X, y):
        num_examples = X.shape[0]
        probs = self.predict(X)
        corect_logprobs = -np.log(probs[range(num_examples), y])
        data_loss = np.sum(corect_logprobs)
        return 1. / num_examples * data_loss

    def diff(self, X, y):
        num_examples = X.shape[0]
        probs = self.predict(X)
        probs[range(num_examples), y] -= 1  # bp: error F1
        return probs


class Model:
    def __init__(self, layers_dim):
        self.b = []
        self.W = []
        for i in range(len(layers_dim) - 1):
            self.W.append(np.random.randn(layers_dim[i], layers_dim[i + 1]) / np.sqrt(layers_dim[i]))
            self.b.append(np.random.randn(layers_dim[i + 1]).reshape(1, layers_dim[i + 1]))

    def calculate_loss(self, X, y):
        mulGate = MultiplyGate()
        addGate = AddGate()
        layer = Tanh()
        softmaxOutput = Softmax()
        input = X
        for i in range(len(self.W)):
            mul = mulGate.forward(self.W[i], input)
            add = addGate.forward(mul, self.b[i])
            input = layer.forward(add) if i < len(self.W) - 1 else add
        return softmaxOutput.loss(input, y)

    def train(self, X, y, num_passes=2000, epsilon=0.01, reg_lambda=0.01, print_loss=False):
        mulGate = MultiplyGate()
        addGate = AddGate()
        layer = Tanh()
        softmaxOutput = Softmax()

        for epoch in range(num_passes):
            # forward propagation
            input = X
            forward = [(None, None, input)]
            for i in range(len(self.W)):
                mul = mulGate.forward(self.W[i], input)
                add = addGate.forward(mul, self.b[i])
                input = layer.forward(add) if i < len(self.W) - 1 else add
                forward.append((mul, add, input))

            # back propagation
            dtanh = softmaxOutput.diff(forward[len(forward) - 1][2], y)  # bp: error F1
            for i in range(len(forward) - 1, 0, -1):
                dadd = layer.backward(forward[i][1], dtanh) if i < len(forward) - 1 else dtanh  # bp: F1
                db, dmul = addGate.backward(forward[i][0], self.b[i - 1], dadd)  # bp: F3
                dW, dtanh = mulGate.backward(self.W[i - 1], forward[i - 1][2], dmul)  # bp: F2 F3
                # regularisation of the weights (the biases have none)
                dW += reg_lambda * self.W[i - 1]  # bp: F3
                # gradient descent step
                self.b[i - 1] += -epsilon * db  # bp: update
                self.W[i - 1] -= epsilon * dW  # bp: update

            if print_loss and epoch % 400 == 0:
                print("iteration %i: loss %f" % (epoch, self.calculate_loss(X, y)))


def make_moons(n, noise):
    t = np.random.uniform(0, np.pi, n)
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    X = np.vstack([upper, lower]) + np.random.normal(0, noise, (2 * n, 2))
    y = np.concatenate([np.zeros(n, dtype=int), np.ones(n, dtype=int)])
    return X, y


np.random.seed(0)
X, y = make_moons(100, 0.2)
model = Model([2, 8, 8, 2])
model.train(X, y, num_passes=2001, print_loss=True)
