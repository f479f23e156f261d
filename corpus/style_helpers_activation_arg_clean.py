"""tanh hidden layer, sigmoid output, squared error; derivative helpers take the layer OUTPUT."""
# bp-corpus: clean
# bp-layers: self.w_ih:tanh self.w_ho:sigmoid
# bp-style: row convention, class with named weight attributes, dsigmoid(y)/dtanh(y) helpers expecting the activation, error written target - output with += updates
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def dsigmoid(y):
    # y is sigmoid(x), already computed in the forward pass
    return y * (1.0 - y)


def dtanh(y):
    # y is tanh(x)
    return 1.0 - y * y


class NN:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rng = np.random.RandomState(seed)
        self.w_ih = rng.uniform(-0.5, 0.5, (n_in, n_hidden))
        self.b_h = np.zeros(n_hidden)
        self.w_ho = rng.uniform(-0.5, 0.5, (n_hidden, n_out))
        self.b_o = np.zeros(n_out)

    def update(self, inputs):
        # "update" in the old sense: run the net forward and keep the activations
        self.ai = inputs
        self.ah = np.tanh(self.ai.dot(self.w_ih) + self.b_h)
        self.ao = sigmoid(self.ah.dot(self.w_ho) + self.b_o)
        return self.ao

    def back_propagate(self, targets, lr):
        output_error = targets - self.ao  # bp: error
        output_deltas = dsigmoid(self.ao) * output_error  # bp: F1
        hidden_error = output_deltas.dot(self.w_ho.T)  # bp: F2
        hidden_deltas = dtanh(self.ah) * hidden_error  # bp: F1

        change_ho = self.ah.T.dot(output_deltas)  # bp: F3[self.w_ho]
        change_ih = self.ai.T.dot(hidden_deltas)  # bp: F3[self.w_ih]
        self.w_ho += lr * change_ho  # bp: update[self.w_ho]
        self.w_ih += lr * change_ih  # bp: update[self.w_ih]
        self.b_o += lr * output_deltas.sum(axis=0)  # bp: F3[self.b_o] update[self.b_o]
        self.b_h += lr * hidden_deltas.sum(axis=0)  # bp: F3[self.b_h] update[self.b_h]

        return 0.5 * float(np.sum(output_error ** 2)) / len(targets)

    def train(self, patterns, targets, iterations, lr, batch=16, seed=0):
        rng = np.random.RandomState(seed)
        n = len(patterns)
        for i in range(iterations + 1):
            if i % 100 == 0:
                out = self.update(patterns)
                err = 0.5 * float(np.sum((targets - out) ** 2)) / n
                print("iteration %4d loss %.5f" % (i, err))
            if i == iterations:
                break
            idx = rng.permutation(n)
            for k in range(0, n, batch):
                rows = idx[k:k + batch]
                self.update(patterns[rows])
                self.back_propagate(targets[rows], lr)              # bp: F2


def demo():
    rng = np.random.RandomState(21)
    # a smooth 2-D bump squashed into (0, 1), plus a second output that is its complement
    X = rng.uniform(-2, 2, size=(256, 2))
    bump = np.exp(-(X[:, 0] ** 2 + X[:, 1] ** 2))
    T = np.stack([bump, 1.0 - bump], axis=1) * 0.8 + 0.1
    net = NN(2, 10, 2, seed=3)
    net.train(X, T, iterations=500, lr=0.2)


if __name__ == "__main__":
    demo()
