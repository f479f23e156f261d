"""Layer objects with a softmax activation object whose backward builds each sample's Jacobian
diag(s) - s s^T with np.eye and broadcasting, and applies it to the incoming gradient; the
cross-entropy loss hands it -y / p / n (its derivative by the probabilities), so the softmax's
derivative is taken explicitly instead of cancelling. Trains a three-class classifier."""
# bp-corpus: clean
# bp-layers: Dense[1].W:tanh Dense[2].W:softmax
# bp-style: layer classes in a list, row convention (x @ W), mini-batch; Dense keeps self.dW / self.db for the training loop to step; Tanh object; Softmax object with s = self.out[..., np.newaxis], jac = s * (np.eye(k) - s.transpose((0, 2, 1))), backward returns (jac @ g[..., np.newaxis]).squeeze(-1); CrossEntropy object whose backward is -y / p / n
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_out))
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, g):
        self.dW = self.x.T @ g  # bp: F3
        self.db = np.sum(g, axis=0)  # bp: F3
        return g @ self.W.T  # bp: F2


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, g):
        return g * (1.0 - self.out ** 2)  # bp: F1


class Softmax:
    def forward(self, x):
        e = np.exp(x - np.max(x, axis=1, keepdims=True))
        self.out = e / np.sum(e, axis=1, keepdims=True)
        return self.out

    def backward(self, g):
        k = self.out.shape[1]
        s = self.out[..., np.newaxis]
        jac = s * (np.eye(k) - s.transpose((0, 2, 1)))
        return (jac @ g[..., np.newaxis]).squeeze(-1)  # bp: F1


class CrossEntropy:
    def forward(self, p, y):
        return -np.sum(y * np.log(p + 1e-12)) / len(p)

    def backward(self, p, y):
        n = len(p)
        return -y / p / n  # bp: error


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    X = rng.normal(0.0, 1.0, (240, 2))
    labels = (X[:, 0] > 0).astype(int) + (X[:, 0] + X[:, 1] > 1).astype(int)
    Y = np.eye(3)[labels]
    dense1, dense2 = Dense(2, 16, rng), Dense(16, 3, rng)
    net = [dense1, Tanh(), dense2, Softmax()]
    loss_fn = CrossEntropy()
    lr = 0.5
    for epoch in range(301):
        out = X
        for layer in net:
            out = layer.forward(out)
        if epoch % 100 == 0:
            print(f"epoch {epoch} loss {loss_fn.forward(out, Y):.4f}")
        g = loss_fn.backward(out, Y)  # bp: error
        for layer in reversed(net):
            g = layer.backward(g)  # bp: F1 F2
        for layer in (dense1, dense2):
            layer.W -= lr * layer.dW  # bp: update
            layer.b -= lr * layer.db  # bp: update
