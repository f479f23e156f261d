# bp-corpus: clean
# bp-style: layer objects (Dense with momentum inside backward, Rectifier, sigmoid cross-entropy head), row convention, a Trainer that chains them
# bp-layers: self.first.w:relu self.second.w:sigmoid
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.w = rng.normal(0, 0.3, (n_in, n_out))
        self.b = np.zeros(n_out)
        self.vw = np.zeros_like(self.w)
        self.vb = np.zeros_like(self.b)

    def forward(self, x):
        return x @ self.w + self.b

    def backward(self, grad_out, x, lr, beta):
        grad_in = grad_out @ self.w.T              # bp: F2
        gw = x.T @ grad_out / len(x)               # bp: F3
        gb = grad_out.mean(axis=0)                 # bp: F3
        self.vw = beta * self.vw - lr * gw
        self.vb = beta * self.vb - lr * gb
        self.w += self.vw                          # bp: update
        self.b += self.vb                          # bp: update
        return grad_in


class Rectifier:
    def forward(self, s):
        self.s = s
        return np.maximum(s, 0)

    def backward(self, grad_out):
        return grad_out * (self.s > 0)             # bp: F1


class SigmoidXent:
    def forward(self, s):
        self.p = 1 / (1 + np.exp(-s))
        return self.p

    def loss(self, t):
        p = np.clip(self.p, 1e-9, 1 - 1e-9)
        return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))


class Trainer:
    def __init__(self, n_in, n_hidden, seed=0):
        rng = np.random.default_rng(seed)
        self.first = Dense(n_in, n_hidden, rng)
        self.act = Rectifier()
        self.second = Dense(n_hidden, 1, rng)
        self.head = SigmoidXent()

    def step(self, x, t, lr=0.5, beta=0.5):
        s1 = self.first.forward(x)
        h = self.act.forward(s1)
        p = self.head.forward(self.second.forward(h))
        g = p - t                                  # bp: error F1
        gh = self.second.backward(g, h, lr, beta)  # bp: F2
        self.first.backward(self.act.backward(gh), x, lr, beta)     # bp: F2
        return self.head.loss(t)


rng = np.random.default_rng(1)
x = rng.normal(size=(64, 3))
t = (x[:, :1] * x[:, 1:2] > 0).astype(float)
model = Trainer(3, 8)
for epoch in range(301):
    loss = model.step(x, t)
    if epoch % 100 == 0:
        print("epoch", epoch, "loss", round(loss, 4))
