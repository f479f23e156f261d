# bp-corpus: clean
# bp-layers: self.params['W1']:leaky_relu self.params['W2']:linear
# bp-style: numpy, row convention, class holding a self.params dict and a squared-gradient cache, leaky ReLU via np.where, linear output with mean squared error, RMSProp (cache = rho * cache + (1 - rho) * g**2; p -= lr * g / (sqrt(cache) + eps)), shuffled mini-batches
"""Leaky-ReLU regressor as a small class; a running mean of squared gradients scales each step."""
import numpy as np


class LeakyRegressor:
    slope = 0.1

    def __init__(self, n_in, n_hidden, seed=0, lr=3e-3, rho=0.9, eps=1e-8):
        rs = np.random.RandomState(seed)
        self.params = {
            'W1': rs.randn(n_in, n_hidden) * np.sqrt(2.0 / n_in),
            'b1': np.zeros(n_hidden),
            'W2': rs.randn(n_hidden, 1) * np.sqrt(1.0 / n_hidden),
            'b2': np.zeros(1),
        }
        self.cache = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.lr, self.rho, self.eps = lr, rho, eps

    def predict(self, X):
        pre = X @ self.params['W1'] + self.params['b1']
        act = np.where(pre > 0, pre, self.slope * pre)
        return act @ self.params['W2'] + self.params['b2'], pre, act

    def gradients(self, X, y):
        out, pre, act = self.predict(X)
        resid = 2.0 * (out - y) / len(X)  # bp: error
        g = {}
        g['W2'] = act.T @ resid  # bp: F3
        g['b2'] = resid.sum(axis=0)  # bp: F3
        g_act = resid @ self.params['W2'].T  # bp: F2
        g_pre = np.where(pre > 0, g_act, self.slope * g_act)  # bp: F1
        g['W1'] = X.T @ g_pre  # bp: F3
        g['b1'] = g_pre.sum(axis=0)  # bp: F3
        return g

    def rmsprop_step(self, g):
        for name in ('W1', 'b1', 'W2', 'b2'):
            self.cache[name] = self.rho * self.cache[name] + (1 - self.rho) * g[name] ** 2
            self.params[name] -= self.lr * g[name] / (np.sqrt(self.cache[name]) + self.eps)  # bp: update

    def mse(self, X, y):
        return float(np.mean((self.predict(X)[0] - y) ** 2))


if __name__ == '__main__':
    rs = np.random.RandomState(99)
    X = rs.uniform(-1, 1, size=(300, 4))
    y = (np.abs(X[:, :1]) + X[:, 1:2] * X[:, 2:3] - 0.3 * X[:, 3:4])
    net = LeakyRegressor(4, 32, seed=3)
    print('start loss %.5f' % net.mse(X, y))
    for epoch in range(1, 41):
        order = rs.permutation(len(X))
        for lo in range(0, len(X), 30):
            idx = order[lo:lo + 30]
            net.rmsprop_step(net.gradients(X[idx], y[idx]))
        if epoch % 10 == 0:
            print('epoch %2d loss %.5f' % (epoch, net.mse(X, y)))
