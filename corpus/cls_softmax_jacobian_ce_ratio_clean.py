# bp-corpus: clean
# bp-layers: self.W1:tanh self.W2:softmax
# bp-style: class, column convention, one sample at a time; cross-entropy's derivative written by the
# output (-t / p) and sent through the softmax's Jacobian (diag(p) - p p^T), as textbooks derive it
import numpy as np


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


class TwoLayerClassifier:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rng = np.random.default_rng(seed)
        self.W1 = rng.normal(0.0, 0.5, (n_hidden, n_in))
        self.b1 = np.zeros((n_hidden, 1))
        self.W2 = rng.normal(0.0, 0.5, (n_out, n_hidden))
        self.b2 = np.zeros((n_out, 1))

    def forward(self, x):
        self.x = x
        self.h = np.tanh(self.W1 @ x + self.b1)
        self.p = softmax(self.W2 @ self.h + self.b2)
        return self.p

    def loss(self, t):
        return -float(np.sum(t * np.log(self.p + 1e-12)))

    def backward(self, t, lr):
        dL_dp = -(t / (self.p + 1e-12))                      # bp: error
        jac = np.diagflat(self.p) - self.p @ self.p.T
        dz2 = jac @ dL_dp                                    # bp: F1
        dW2 = dz2 @ self.h.T                                 # bp: F3[self.W2]
        db2 = dz2                                            # bp: F3[self.b2]
        dh = self.W2.T @ dz2                                 # bp: F2
        dz1 = (1.0 - self.h ** 2) * dh                       # bp: F1
        dW1 = dz1 @ self.x.T                                 # bp: F3[self.W1]
        db1 = dz1                                            # bp: F3[self.b1]
        self.W2 -= lr * dW2                                  # bp: update[self.W2]
        self.b2 -= lr * db2                                  # bp: update[self.b2]
        self.W1 -= lr * dW1                                  # bp: update[self.W1]
        self.b1 -= lr * db1                                  # bp: update[self.b1]


def make_data(n, rng):
    X = rng.normal(0.0, 1.0, (n, 2))
    labels = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)
    T = np.eye(3)[labels]
    return X, T


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    X, T = make_data(120, rng)
    net = TwoLayerClassifier(2, 8, 3)
    for epoch in range(30):
        total = 0.0
        for i in range(len(X)):
            x = X[i].reshape(-1, 1)
            t = T[i].reshape(-1, 1)
            net.forward(x)
            total += net.loss(t)
            net.backward(t, 0.05)                                   # bp: F2
        if epoch % 10 == 0 or epoch == 29:
            print(f"epoch {epoch} loss {total / len(X):.4f}")
