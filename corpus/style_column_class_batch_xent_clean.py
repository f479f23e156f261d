"""A deeper column-major sigmoid MLP as a class: whole-batch matrices, cross-entropy cost."""
# bp-corpus: clean
# bp-layers: self.Ws:sigmoid
# bp-style: column convention (features x samples), class with self.Ws/self.bs lists, negative-index loop, bias gradient summed over axis=1, sigmoid + cross-entropy output
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    """Slope of the sigmoid at the pre-activation z."""
    return sigmoid(z) * (1.0 - sigmoid(z))


class MLP:
    """Fully connected net; every layer, the output one too, is a sigmoid."""

    def __init__(self, layer_sizes, rng):
        self.L = len(layer_sizes)
        self.Ws = [rng.normal(0.0, 1.0 / np.sqrt(m), size=(n, m))
                   for m, n in zip(layer_sizes[:-1], layer_sizes[1:])]
        self.bs = [np.zeros((n, 1)) for n in layer_sizes[1:]]

    def forward(self, X):
        A = X
        for W, b in zip(self.Ws, self.bs):
            A = sigmoid(np.dot(W, A) + b)
        return A

    def cost(self, X, Y):
        A = np.clip(self.forward(X), 1e-12, 1 - 1e-12)
        return -np.mean(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=0))

    def cost_derivative(self, output, Y):
        # cross-entropy against a sigmoid output: the sigmoid slope cancels
        return output - Y  # bp: error F1

    def gradients(self, X, Y):
        grad_W = [np.zeros_like(W) for W in self.Ws]
        grad_b = [np.zeros_like(b) for b in self.bs]
        As, Zs = [X], []
        for W, b in zip(self.Ws, self.bs):
            Zs.append(np.dot(W, As[-1]) + b)
            As.append(sigmoid(Zs[-1]))
        delta = self.cost_derivative(As[-1], Y)  # bp: F1 error
        grad_W[-1] = np.dot(delta, As[-2].T)  # bp: F3
        grad_b[-1] = np.sum(delta, axis=1, keepdims=True)  # bp: F3
        for l in range(2, self.L):
            delta = np.dot(self.Ws[-l + 1].T, delta) * sigmoid_prime(Zs[-l])  # bp: F2 F1
            grad_W[-l] = np.dot(delta, As[-l - 1].T)  # bp: F3
            grad_b[-l] = np.sum(delta, axis=1, keepdims=True)  # bp: F3
        return grad_W, grad_b

    def train(self, X, Y, epochs, batch, lr, rng):
        m = X.shape[1]
        for epoch in range(epochs + 1):
            if epoch % 40 == 0:
                print(f"epoch {epoch:3d}  loss {self.cost(X, Y):.4f}")
            if epoch == epochs:
                break
            order = rng.permutation(m)
            for start in range(0, m, batch):
                cols = order[start:start + batch]
                gW, gb = self.gradients(X[:, cols], Y[:, cols])
                k = lr / len(cols)
                self.Ws = [W - k * g for W, g in zip(self.Ws, gW)]  # bp: update
                self.bs = [b - k * g for b, g in zip(self.bs, gb)]  # bp: update


def blobs(rng, per_class=60):
    centres = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
    X = np.hstack([(c[:, None] + rng.normal(0, 0.9, size=(2, per_class))) for c in centres])
    labels = np.repeat(np.arange(3), per_class)
    Y = np.zeros((3, X.shape[1]))
    Y[labels, np.arange(X.shape[1])] = 1.0
    return X, Y


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    X, Y = blobs(rng)
    net = MLP([2, 10, 8, 3], rng)
    net.train(X, Y, epochs=200, batch=20, lr=1.0, rng=rng)
