"""Layer classes with pooling over groups of features (max and mean), whose backward passes route the upstream
gradient to each group's maximum or spread it evenly: formula 1 with no weight."""
# bp-corpus: clean
# bp-style: layer classes forward/backward, MaxPool1D keeping an argmax and scattering into np.zeros_like(x), AvgPool1D spreading with np.repeat and dividing by the window, dense layers, relu, softmax cross-entropy, SGD over a list of layers
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0, np.sqrt(2.0 / n_in), (n_in, n_out))
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout  # bp: F3
        self.db = dout.sum(axis=0)  # bp: F3
        return dout @ self.W.T  # bp: F2


class ReLU:
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask  # bp: F1


class MaxPool1D:
    def __init__(self, size):
        self.size = size

    def forward(self, x):
        n, d = x.shape
        groups = x.reshape(n, d // self.size, self.size)
        self.shape = x.shape
        self.arg = groups.argmax(axis=2)
        return groups.max(axis=2)

    def backward(self, dout):
        n, g = dout.shape
        dgroups = np.zeros((n, g, self.size))
        rows, cols = np.meshgrid(np.arange(n), np.arange(g), indexing="ij")
        dgroups[rows, cols, self.arg] = dout  # bp: F1
        return dgroups.reshape(self.shape)


class AvgPool1D:
    def __init__(self, size):
        self.size = size

    def forward(self, x):
        n, d = x.shape
        return x.reshape(n, d // self.size, self.size).mean(axis=2)

    def backward(self, dout):
        return np.repeat(dout, self.size, axis=1) / self.size  # bp: F1


def softmax_xent(scores, y):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    loss = -np.log(p[np.arange(len(y)), y]).mean()
    d = p.copy()  # bp: error
    d[np.arange(len(y)), y] -= 1  # bp: error F1
    return loss, d / len(y)  # bp: error


rng = np.random.default_rng(6)
X = rng.normal(size=(256, 4))
y = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 0.5).astype(int)
net = [Dense(4, 32, rng), ReLU(), MaxPool1D(2), Dense(16, 16, rng), ReLU(), AvgPool1D(2), Dense(8, 3, rng)]
for epoch in range(300):
    out = X
    for layer in net:
        out = layer.forward(out)
    loss, grad = softmax_xent(out, y)  # bp: F1 error
    for layer in reversed(net):
        grad = layer.backward(grad)  # bp: F1 F2
    for layer in net:
        if isinstance(layer, Dense):
            layer.W -= 0.2 * layer.dW  # bp: update
            layer.b -= 0.2 * layer.db  # bp: update
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")
print(f"final loss {loss:.4f}")
