# bp-corpus: buggy
# bp-style: NumPy, row convention (X @ W), a ReLU hidden layer and a softmax output kept on a layer object;
# the softmax/cross-entropy error is written as an assignment of the picked entries minus one
# (`delta[np.arange(n), y] = delta[np.arange(n), y] - 1.`) rather than `-= 1`; gradients averaged by hand;
# the hidden layer's error goes back through the output weight untransposed
"""Buggy: a softmax classifier with one hidden layer on four Gaussian blobs."""
import numpy as np


class TwoLayer:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rng = np.random.RandomState(seed)
        self.W1 = rng.randn(n_in, n_hidden) * np.sqrt(2.0 / n_in)
        self.b1 = np.zeros(n_hidden)
        self.W2 = rng.randn(n_hidden, n_out) * 0.1
        self.b2 = np.zeros(n_out)

    def train_step(self, X, y, lr):
        n = X.shape[0]
        h_pre = X @ self.W1 + self.b1
        h = np.maximum(0.0, h_pre)
        scores = h @ self.W2 + self.b2
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        prob = e / e.sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(prob[np.arange(n), y] + 1e-12))

        delta = prob.copy()  # bp: error
        delta[np.arange(n), y] = delta[np.arange(n), y] - 1.  # bp: error F1
        dW2 = h.T @ delta / n  # bp: F3
        db2 = delta.sum(axis=0) / n  # bp: F3
        dh = delta @ self.W2  # bp: F2 BP304
        dh_pre = dh * (h_pre > 0)  # bp: F1
        dW1 = X.T @ dh_pre / n  # bp: F3
        db1 = dh_pre.sum(axis=0) / n  # bp: F3

        self.W2 -= lr * dW2  # bp: update
        self.b2 -= lr * db2  # bp: update
        self.W1 -= lr * dW1  # bp: update
        self.b1 -= lr * db1  # bp: update
        return loss


if __name__ == "__main__":
    rng = np.random.RandomState(5)
    centres = np.array([[2.0, 2.0], [-2.0, 2.0], [-2.0, -2.0], [2.0, -2.0]])
    y = rng.randint(0, 4, 400)
    X = centres[y] + 0.8 * rng.randn(400, 2)
    net = TwoLayer(2, 24, 4)
    for epoch in range(200):
        loss = net.train_step(X, y, lr=0.2)
        if epoch % 50 == 0 or epoch == 199:
            print("epoch", epoch, "loss", round(float(loss), 4))
