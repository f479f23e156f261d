# bp-corpus: clean
# bp-layers: Dense[1].W:tanh Dense[2].W:softmax
# bp-style: layer objects in a list, column vectors, one sample at a time; cross-entropy's derivative
# -t / p, and a softmax layer whose backward is the Jacobian written by broadcasting,
# (I - s^T) * s, applied to the incoming gradient; each dense layer updates its own weights
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 0.5, (n_out, n_in))
        self.b = np.zeros((n_out, 1))

    def forward(self, x):
        self.x = x
        return np.dot(self.W, self.x) + self.b

    def backward(self, grad, lr):
        dW = np.dot(grad, self.x.T)                               # bp: F3
        db = grad                                                 # bp: F3
        dx = np.dot(self.W.T, grad)                               # bp: F2
        self.W -= lr * dW                                         # bp: update
        self.b -= lr * db                                         # bp: update
        return dx


class Tanh:
    def forward(self, x):
        self.x = x
        return np.tanh(x)

    def backward(self, grad, lr):
        return grad * (1 - np.tanh(self.x) ** 2)                  # bp: F1


class SoftmaxOut:
    def forward(self, x):
        e = np.exp(x - np.max(x))
        self.out = e / np.sum(e)
        return self.out

    def backward(self, grad, lr):
        n = self.out.shape[0]
        return np.dot((np.identity(n) - self.out.T) * self.out, grad)  # bp: F1


def cross_entropy(t, p):
    return float(-np.sum(t * np.log(p + 1e-12)))


def cross_entropy_grad(t, p):
    return -t / (p + 1e-12)                                       # bp: error


def train(net, X, Y, epochs, lr):
    for epoch in range(epochs):
        total = 0.0
        for x, y in zip(X, Y):
            out = x
            for layer in net:
                out = layer.forward(out)
            total += cross_entropy(y, out)
            g = cross_entropy_grad(y, out)  # bp: error
            for layer in reversed(net):
                g = layer.backward(g, lr)  # bp: F1 F2
        if epoch % 10 == 0 or epoch == epochs - 1:
            print(f"epoch {epoch} loss {total / len(X):.4f}")


rng = np.random.default_rng(2)
X = rng.normal(0.0, 1.0, (90, 2, 1))
labels = (X[:, 0, 0] > 0).astype(int) + (X[:, 1, 0] > 0.5).astype(int)
Y = np.eye(3)[labels].reshape(90, 3, 1)
train([Dense(2, 8, rng), Tanh(), Dense(8, 3, rng), SoftmaxOut()], X, Y, 40, 0.05)
