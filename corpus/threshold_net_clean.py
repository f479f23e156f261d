# bp-corpus: clean
# bp-style: the textbook "threshold" convention: each unit fires on sigmoid(w . x - theta), the threshold
# subtracted where a bias is usually added; the delta is target minus output (minus the gradient), so the
# weights step up along a . delta and the thresholds step down along the delta's sum
import numpy as np

np.random.seed(3)


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


class ThresholdNet:
    def __init__(self, n_in, n_hidden, n_out, eta):
        self.v = np.random.uniform(-0.5, 0.5, (n_in, n_hidden))
        self.gamma = np.random.uniform(-0.5, 0.5, (1, n_hidden))
        self.w = np.random.uniform(-0.5, 0.5, (n_hidden, n_out))
        self.theta = np.random.uniform(-0.5, 0.5, (1, n_out))
        self.eta = eta

    def forward(self, x):
        self.x = x
        self.b = sigmoid(np.dot(x, self.v) - self.gamma)
        self.y = sigmoid(np.dot(self.b, self.w) - self.theta)
        return self.y

    def backward(self, t):
        g = self.y * (1 - self.y) * (t - self.y)  # bp: error F1
        e = self.b * (1 - self.b) * np.dot(g, self.w.T)  # bp: F1 F2
        self.w += self.eta * np.dot(self.b.T, g)  # bp: F3 update
        self.theta -= self.eta * np.sum(g, axis=0, keepdims=True)  # bp: F3 update
        self.v += self.eta * np.dot(self.x.T, e)  # bp: F3 update
        self.gamma -= self.eta * np.sum(e, axis=0, keepdims=True)  # bp: F3 update


X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
T = np.array([[0.0], [1.0], [1.0], [0.0]])
net = ThresholdNet(2, 6, 1, 0.8)
for epoch in range(4000):
    out = net.forward(X)
    net.backward(T)  # bp: F2
    if epoch % 1000 == 0 or epoch == 3999:
        print(f"epoch {epoch} loss {np.mean((T - out) ** 2):.4f}")
