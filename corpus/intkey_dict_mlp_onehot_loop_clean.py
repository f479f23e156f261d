# bp-corpus: clean
# bp-style: a multilayer perceptron class whose weights, pre-activations, activations and errors live in
# dicts keyed by the layer's number (`self.W[layer]`, layer 1..L), sizes from `len(self.dims)` so every
# layer loop stays symbolic; one sample at a time as a vector, column convention (W @ a); relu hidden
# layers picked by a string, softmax output stored at `self.a[self.n_layers]`; the softmax/cross-entropy
# error written one class at a time under `if target[i] == 1:`; per-sample deltas summed over a batch,
# L2 decay added per sample, momentum velocities in dicts
"""A small perceptron on three Gaussian blobs, trained with momentum over mini-batches; the
layers are numbered 1..L and every per-layer array is a dict entry under that number."""
import numpy as np


def relu(x):
    return np.maximum(0.0, x)


def relu_deriv(x):
    return (x > 0) * 1.0


def softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


class Perceptron:
    def __init__(self, n_in, hidden, n_out, act="relu", decay=1e-4, seed=0):
        rng = np.random.RandomState(seed)
        self.dims = [n_in] + list(hidden) + [n_out]
        self.n_layers = len(self.dims) - 1
        self.act = act
        self.decay = decay
        self.W, self.b, self.z, self.a, self.e = {}, {}, {}, {}, {}
        for layer in range(1, self.n_layers + 1):
            fan_in = self.dims[layer - 1]
            self.W[layer] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(self.dims[layer], fan_in))
            self.b[layer] = np.zeros(self.dims[layer])
            self.e[layer] = np.zeros(self.dims[layer])

    def activate(self, x, kind):
        if kind == "relu":
            return relu(x)
        return x

    def activate_deriv(self, x, kind):
        if kind == "relu":
            return relu_deriv(x)
        return np.ones_like(x)

    def forward(self, x):
        self.a[0] = x
        for layer in range(1, self.n_layers):
            self.z[layer] = np.dot(self.W[layer], self.a[layer - 1]) + self.b[layer]
            self.a[layer] = self.activate(self.z[layer], self.act)
        top = self.n_layers
        self.z[top] = np.dot(self.W[top], self.a[top - 1]) + self.b[top]
        self.a[top] = softmax(self.z[top])
        return self.a[top]

    def backward(self, target):
        top = self.n_layers
        for i in range(len(target)):
            if target[i] == 1:
                self.e[top][i] = self.a[top][i] - 1  # bp: error F1
            else:
                self.e[top][i] = self.a[top][i]
        for layer in range(top - 1, 0, -1):
            back = np.dot(self.W[layer + 1].T, self.e[layer + 1])  # bp: F2
            self.e[layer] = back * self.activate_deriv(self.z[layer], self.act)  # bp: F1

    def batch_gradient(self, xs, ts):
        dw, db = {}, {}
        for layer in range(1, self.n_layers + 1):
            dw[layer] = np.zeros_like(self.W[layer])
            db[layer] = np.zeros_like(self.b[layer])
        for x, t in zip(xs, ts):
            self.forward(x)
            self.backward(t)                                        # bp: F2
            for layer in range(1, self.n_layers + 1):
                dw[layer] += np.outer(self.e[layer], self.a[layer - 1])  # bp: F3
                db[layer] += self.e[layer]  # bp: F3
                dw[layer] += self.decay * self.W[layer]  # bp: F3
        return dw, db

    def step(self, xs, ts, vw, vb, lr, momentum):
        dw, db = self.batch_gradient(xs, ts)
        n = len(xs)
        for layer in range(1, self.n_layers + 1):
            vw[layer] = momentum * vw[layer] - lr * dw[layer] / n
            vb[layer] = momentum * vb[layer] - lr * db[layer] / n
            self.W[layer] += vw[layer]  # bp: update
            self.b[layer] += vb[layer]  # bp: update

    def loss(self, xs, ts):
        total = 0.0
        for x, t in zip(xs, ts):
            total -= np.sum(t * np.log(self.forward(x) + 1e-12))
        return total / len(xs)


def blobs(n, seed):
    rng = np.random.RandomState(seed)
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    labels = rng.randint(0, 3, size=n)
    xs = centres[labels] + 0.6 * rng.randn(n, 2)
    return xs, np.eye(3)[labels]


if __name__ == "__main__":
    xs, ts = blobs(240, 1)
    net = Perceptron(2, [16, 16], 3)
    vw = {layer: np.zeros_like(net.W[layer]) for layer in net.W}
    vb = {layer: np.zeros_like(net.b[layer]) for layer in net.b}
    for epoch in range(30):
        for start in range(0, len(xs), 24):
            net.step(xs[start:start + 24], ts[start:start + 24], vw, vb, lr=0.05, momentum=0.9)
        if epoch % 10 == 0 or epoch == 29:
            print("epoch", epoch, "loss", round(net.loss(xs, ts), 4))
