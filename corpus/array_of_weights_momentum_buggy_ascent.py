# bp-corpus: buggy
# bp-style: weights kept in `np.asarray` of a list, momentum directions (see array_of_weights_momentum_clean.py);
# the first layer steps against its direction (`weights[0] -= DirW[0]`), up the gradient
import numpy as np

np.random.seed(5)

lr = 0.05
alpha = 0.9


def activation(x):
    return (x + abs(x)) / 2


def back_activate(error, units):
    def relu_step(y):
        return 1 if y > 0 else 0
    relu_step = np.vectorize(relu_step)
    return error * relu_step(units)  # bp: F1


class Net:
    def __init__(self, n_in, n_hidden, n_out):
        self.Weights = [np.random.randn(n_hidden, n_in) * 0.5, np.random.randn(n_out, n_hidden) * 0.5]
        self.Biases = [0.01 * np.ones(n_hidden), 0.01 * np.ones(n_out)]
        self.Weights = np.asarray(self.Weights, dtype=object)
        self.Biases = np.asarray(self.Biases, dtype=object)
        DirW = []
        DirB = []
        for i in range(2):
            DirW.append(np.zeros(self.Weights[i].shape))
            DirB.append(np.zeros(self.Biases[i].shape))
        self.DirW = DirW
        self.DirB = DirB

    def forward(self, inputData):
        weights, biases = self.Weights, self.Biases
        hidden = activation(np.dot(weights[0], inputData) + biases[0] * np.ones(len(biases[0])))
        return np.dot(weights[1], hidden) + biases[1]

    def backward(self, trainData, trainLabel):
        batchSize = len(trainData)
        weights, biases = self.Weights, self.Biases
        DirW, DirB = self.DirW, self.DirB
        dW1 = np.zeros(weights[1].shape)
        dB1 = np.zeros(biases[1].shape)
        dW0 = np.zeros(weights[0].shape)
        dB0 = np.zeros(biases[0].shape)
        loss = 0
        for k in range(batchSize):
            X_data = trainData[k]
            X_label = trainLabel[k]
            hidden = activation(np.dot(weights[0], X_data) + biases[0] * np.ones(len(biases[0])))
            out = np.dot(weights[1], hidden) + biases[1]
            loss += np.sum((out - X_label) ** 2) / 2
            dy = out - X_label  # bp: error
            dW1 += np.outer(dy, hidden)  # bp: F3
            dB1 += dy  # bp: F3
            dh = np.dot(weights[1].T, dy)  # bp: F2
            dh = back_activate(dh, hidden)  # bp: F1
            dW0 += np.outer(dh, X_data)  # bp: F3
            dB0 += dh  # bp: F3
        DirW[1] = alpha * DirW[1] - lr * dW1 / batchSize
        weights[1] += DirW[1]  # bp: update
        DirB[1] = alpha * DirB[1] - lr * dB1 / batchSize
        biases[1] += DirB[1]  # bp: update
        DirW[0] = alpha * DirW[0] - lr * dW0 / batchSize
        weights[0] -= DirW[0]  # bp: update BP201
        DirB[0] = alpha * DirB[0] - lr * dB0 / batchSize
        biases[0] += DirB[0]  # bp: update
        self.Weights, self.Biases = weights, biases
        return loss / batchSize


data = np.random.randn(32, 3)
labels = np.stack([data[:, 0] * data[:, 1], np.abs(data[:, 2])], axis=1)
net = Net(3, 12, 2)
for epoch in range(300):
    batchLoss = 0.0
    for j in range(0, 32, 8):
        batchLoss = net.backward(data[j:j + 8], labels[j:j + 8])
    if epoch % 100 == 0 or epoch == 299:
        print(f"epoch {epoch} loss {batchLoss:.5f}")
