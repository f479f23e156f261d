# bp-corpus: buggy
# bp-style: one class holding both layers, row convention, ReLU hidden layer and linear output with squared error, forward caching its tensors on self; the backward sends the error through W2 but forgets the ReLU mask
# bp-layers: self.W1:relu self.W2:linear
import numpy as np


class ReluNet:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rng = np.random.default_rng(seed)
        self.W1 = rng.normal(0, 0.4, (n_in, n_hidden))
        self.b1 = np.zeros(n_hidden)
        self.W2 = rng.normal(0, 0.4, (n_hidden, n_out))
        self.b2 = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        self.z1 = x @ self.W1 + self.b1
        self.a1 = np.maximum(self.z1, 0)
        return self.a1 @ self.W2 + self.b2

    def backward(self, out, t, lr):
        n = len(t)
        d_out = (out - t) / n                      # bp: error
        g_W2 = self.a1.T @ d_out                   # bp: F3[self.W2]
        g_b2 = d_out.sum(axis=0)                   # bp: F3
        d_a1 = d_out @ self.W2.T                   # bp: F2
        g_W1 = self.x.T @ d_a1                     # bp: F3[self.W1] BP309
        g_b1 = d_a1.sum(axis=0)                    # bp: F3
        self.W2 -= lr * g_W2                       # bp: update[self.W2]
        self.b2 -= lr * g_b2                       # bp: update
        self.W1 -= lr * g_W1                       # bp: update[self.W1]
        self.b1 -= lr * g_b1                       # bp: update


rng = np.random.default_rng(4)
x = rng.uniform(-1, 1, (128, 2))
t = np.abs(x[:, :1]) + x[:, 1:] ** 2
net = ReluNet(2, 16, 1)
for epoch in range(501):
    out = net.forward(x)
    net.backward(out, t, 0.1)                                       # bp: F2
    if epoch % 100 == 0:
        print("epoch", epoch, "loss", float(np.mean((out - t) ** 2)))
