# bp-corpus: clean
# bp-layers: self.W1:tanh self.W2:linear
# bp-style: CuPy with a NumPy fallback (xp alias), column convention (samples as columns, xp.dot(W, a)), small class with forward/backward/step methods, tanh hidden, linear output with MSE, error written target-minus-output with += updates
"""A tanh regressor class written against the xp array module so it runs under CuPy or NumPy."""
try:
    import cupy as xp
except ImportError:
    import numpy as xp


class TanhRegressor:
    def __init__(self, n_in, n_hid, n_out):
        self.W1 = xp.random.randn(n_hid, n_in) / n_in ** 0.5
        self.b1 = xp.zeros((n_hid, 1))
        self.W2 = xp.random.randn(n_out, n_hid) / n_hid ** 0.5
        self.b2 = xp.zeros((n_out, 1))

    def forward(self, x):
        self.x = x
        self.h = xp.tanh(xp.dot(self.W1, x) + self.b1)
        self.out = xp.dot(self.W2, self.h) + self.b2
        return self.out

    def backward(self, target):
        m = target.shape[1]
        err = (target - self.out) / m  # bp: error
        self.gW2 = xp.dot(err, self.h.T)  # bp: F3[self.W2]
        self.gb2 = err.sum(axis=1, keepdims=True)  # bp: F3[self.b2]
        back = xp.dot(self.W2.T, err)  # bp: F2
        local = back * (1.0 - self.h ** 2)  # bp: F1
        self.gW1 = xp.dot(local, self.x.T)  # bp: F3[self.W1]
        self.gb1 = local.sum(axis=1, keepdims=True)  # bp: F3[self.b1]

    def step(self, lr):
        # err was target - output, so the g* point downhill: add them
        self.W1 += lr * self.gW1  # bp: update[self.W1]
        self.b1 += lr * self.gb1  # bp: update[self.b1]
        self.W2 += lr * self.gW2  # bp: update[self.W2]
        self.b2 += lr * self.gb2  # bp: update[self.b2]


def mean_sq(a, b):
    return float(((a - b) ** 2).mean())


xp.random.seed(21)
x = xp.random.uniform(-1, 1, (3, 200))  # 3 features x 200 samples
y = xp.vstack([xp.sin(2 * x[0]) * x[1], x[2] ** 2 - 0.3])  # 2 outputs

model = TanhRegressor(3, 24, 2)
for epoch in range(800):
    pred = model.forward(x)
    if epoch % 200 == 0 or epoch == 799:
        print(f"epoch {epoch:3d} loss {mean_sq(pred, y):.5f}")
    model.backward(y)                                               # bp: F2
    model.step(0.2)                                                 # bp: update
