# bp-corpus: buggy
# bp-layers: Dense[1].W:linear self.gain:tanh Dense[2].W:softmax
# bp-style: layer classes, row convention (x @ W + b): Dense -> LayerNorm (gain/shift) -> tanh -> Dense ->
# softmax cross-entropy; the layer norm's backward recomputes mean, variance and the normalised input from
# the cached x, accumulates self.d_gain += ... and self.d_shift += ... (zeroed by zero_grad), and every
# parameter is stepped through opt.update(param, grad, name), a momentum optimiser keeping self.v[name]; the norm's step swaps the gain's and the shift's gradients (BP103 on the optimiser's update, the gain's step)
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng, name):
        self.W = rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_out))
        self.b = np.zeros(n_out)
        self.name = name

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dy):
        self.dW = self.x.T @ dy  # bp: F3
        self.db = dy.sum(axis=0)  # bp: F3
        return dy @ self.W.T  # bp: F2

    def step(self, opt):
        opt.update(self.W, self.dW, self.name + ".W")               # bp: update
        opt.update(self.b, self.db, self.name + ".b")               # bp: update


class LayerNorm:
    def __init__(self, n, eps=1e-5):
        self.gain, self.shift, self.eps = np.ones(n), np.zeros(n), eps
        self.zero_grad()

    def zero_grad(self):
        self.d_gain = np.zeros_like(self.gain)
        self.d_shift = np.zeros_like(self.shift)

    def forward(self, x):
        self.x = x
        mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
        x_hat = (x - mu) / np.sqrt(var + self.eps)
        return self.gain * x_hat + self.shift

    def backward(self, dy):
        x = self.x
        mu = x.mean(axis=1, keepdims=True)
        inv = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + self.eps)
        x_hat = (x - mu) * inv
        self.d_gain += np.sum(dy * x_hat, axis=0)  # bp: F3[self.gain]
        self.d_shift += np.sum(dy, axis=0)  # bp: F3[self.shift]
        dx_hat = dy * self.gain  # bp: F2
        n = x.shape[1]
        return inv / n * (n * dx_hat - dx_hat.sum(axis=1, keepdims=True) - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True))

    def step(self, opt):
        opt.update(self.gain, self.d_shift, "ln.gain")              # bp: update
        opt.update(self.shift, self.d_gain, "ln.shift")             # bp: update


class Momentum:
    def __init__(self, lr=0.1, mu=0.9):
        self.lr, self.mu, self.v = lr, mu, {}

    def update(self, param, grad, name):
        if name not in self.v:
            self.v[name] = np.zeros_like(param)
        self.v[name] = self.mu * self.v[name] - self.lr * grad
        param += self.v[name]  # bp: update BP103


rng = np.random.default_rng(2)
X = rng.standard_normal((150, 4))
onehot = np.eye(3)[(X[:, 0] * X[:, 1] > 0).astype(int) + (X[:, 2] > 0.8)]
fc1, norm, fc2 = Dense(4, 16, rng, "fc1"), LayerNorm(16), Dense(16, 3, rng, "fc2")
opt = Momentum(lr=0.05, mu=0.9)
for it in range(301):
    h = np.tanh(norm.forward(fc1.forward(X)))
    s = fc2.forward(h)
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    loss = -np.mean(np.sum(onehot * np.log(p + 1e-12), axis=1))
    d_s = (p - onehot) / len(X)  # bp: error F1
    d_h = fc2.backward(d_s)  # bp: F2
    norm.zero_grad()
    fc1.backward(norm.backward(d_h * (1 - h ** 2)))  # bp: F1
    for layer in (fc1, norm, fc2):
        layer.step(opt)                                             # bp: update
    if it % 100 == 0:
        print(f"iter {it} loss {loss:.4f}")
