# bp-corpus: clean
# bp-layers: Linear[1].w:relu Linear[2].w:softmax
# bp-style: layer objects keeping their inputs, row convention; a softmax layer whose backward builds
# each sample's Jacobian in a loop, a cross-entropy object returning dL/dp = -t / p, an SGD object
import numpy as np


class Linear:
    def __init__(self, n_in, n_out, rng):
        self.w = 0.1 * rng.standard_normal((n_in, n_out))
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        self.out = x @ self.w + self.b

    def backward(self, grad):
        self.dw = self.x.T @ grad                                   # bp: F3
        self.db = grad.sum(axis=0, keepdims=True)                   # bp: F3
        self.dx = grad @ self.w.T                                   # bp: F2


class Rectifier:
    def forward(self, x):
        self.x = x
        self.out = np.maximum(0.0, x)

    def backward(self, grad):
        self.dx = grad.copy()                                       # bp: F1
        self.dx[self.x <= 0] = 0.0                                  # bp: F1


class SoftmaxLayer:
    def forward(self, x):
        shifted = np.exp(x - x.max(axis=1, keepdims=True))
        self.out = shifted / shifted.sum(axis=1, keepdims=True)

    def backward(self, grad):
        self.dx = np.zeros_like(grad)
        for k, (p_row, g_row) in enumerate(zip(self.out, grad)):
            p_col = p_row.reshape(-1, 1)
            jac = np.diagflat(p_col) - p_col @ p_col.T
            self.dx[k] = jac @ g_row                                # bp: F1


class CrossEntropyLoss:
    def forward(self, p, t):
        return float(np.mean(-np.log(np.sum(np.clip(p, 1e-9, 1.0) * t, axis=1))))

    def backward(self, p, t):
        n = p.shape[0]
        self.dx = -t / np.clip(p, 1e-9, 1.0)                        # bp: error
        self.dx = self.dx / n  # bp: error


class PlainSGD:
    def __init__(self, rate):
        self.rate = rate

    def step(self, layer):
        layer.w -= self.rate * layer.dw                             # bp: update
        layer.b -= self.rate * layer.db                             # bp: update


rng = np.random.default_rng(3)
X = rng.standard_normal((150, 2))
labels = (X[:, 0] * X[:, 1] > 0).astype(int) + (X[:, 0] > 1).astype(int)
T = np.eye(3)[labels]

first = Linear(2, 16, rng)
relu = Rectifier()
second = Linear(16, 3, rng)
head = SoftmaxLayer()
criterion = CrossEntropyLoss()
sgd = PlainSGD(0.5)
for epoch in range(300):
    first.forward(X)
    relu.forward(first.out)
    second.forward(relu.out)
    head.forward(second.out)
    loss = criterion.forward(head.out, T)
    criterion.backward(head.out, T)                                 # bp: error
    head.backward(criterion.dx)                                     # bp: F1
    second.backward(head.dx)                                        # bp: F2
    relu.backward(second.dx)                                        # bp: F1
    first.backward(relu.dx)                                         # bp: F2
    sgd.step(first)                                                 # bp: update
    sgd.step(second)                                                # bp: update
    if epoch % 50 == 0 or epoch == 299:
        print(f"epoch {epoch} loss {loss:.4f}")
