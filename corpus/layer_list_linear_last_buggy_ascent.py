"""A small framework of layer objects kept in two lists: the affine layers, and the activations that follow every
layer but the last. The network walks them forward (the last layer's output goes to the softmax as it is), walks
them back in reverse, and steps every affine layer's kept gradients. Backward and step are called on lines of their
own from a training function run under `__main__`.

The bug: the step adds each affine layer's weight gradient (`layer.W += lr * layer.dW`): the weights climb the
loss while the biases descend it.
"""
# bp-corpus: buggy
# bp-style: layer objects in lists (`self.layers`, `self.acts`), last layer without activation by `if i < len(self.acts)`, softmax cross-entropy object, `net.backward()` / `net.step(lr)` on lines of their own in a function run under __main__
import numpy as np


class Affine:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out))
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, g):
        self.dW = self.x.T @ g  # bp: F3
        self.db = g.sum(axis=0)  # bp: F3
        return g @ self.W.T  # bp: F2


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, g):
        return g * (1.0 - self.out ** 2)  # bp: F1


class SoftmaxXent:
    def forward(self, scores, onehot):
        shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
        self.p = shifted / shifted.sum(axis=1, keepdims=True)
        self.t = onehot
        return -np.sum(onehot * np.log(self.p + 1e-12)) / len(onehot)

    def backward(self):
        return (self.p - self.t) / len(self.t)  # bp: error


class Network:
    def __init__(self, sizes, rng):
        self.layers = []
        self.acts = []
        for i in range(len(sizes) - 1):
            self.layers.append(Affine(sizes[i], sizes[i + 1], rng))
            if i < len(sizes) - 2:
                self.acts.append(Tanh())
        self.head = SoftmaxXent()

    def forward(self, x, onehot):
        h = x
        for i, layer in enumerate(self.layers):
            h = layer.forward(h)
            if i < len(self.acts):
                h = self.acts[i].forward(h)
        return self.head.forward(h, onehot)

    def backward(self):
        g = self.head.backward()  # bp: error
        for i in range(len(self.layers) - 1, -1, -1):
            if i < len(self.acts):
                g = self.acts[i].backward(g)  # bp: F1
            g = self.layers[i].backward(g)  # bp: F2

    def step(self, lr):
        for layer in self.layers:
            layer.W += lr * layer.dW  # bp: update BP201
            layer.b -= lr * layer.db  # bp: update



def main():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(240, 4))
    labels = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int) + (X[:, 3] > 1.0).astype(int)
    Y = np.eye(3)[labels]
    net = Network([4, 24, 3], rng)
    for epoch in range(300):
        loss = net.forward(X, Y)
        net.backward()                                              # bp: F2
        net.step(0.5)                                               # bp: update
        if epoch % 100 == 0 or epoch == 299:
            print(f"epoch {epoch} loss {loss:.5f}")


if __name__ == "__main__":
    main()
