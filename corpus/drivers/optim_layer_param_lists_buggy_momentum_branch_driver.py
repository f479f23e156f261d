"""Trains a small softmax classifier whose layers expose .params and .grads lists with the
optimiser of optim_layer_param_lists_buggy_momentum_branch, once without momentum and once with it."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import optim_layer_param_lists_buggy_momentum_branch as optim  # noqa: E402


class Linear:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0, np.sqrt(2.0 / n_in), (n_in, n_out))
        self.b = np.zeros(n_out)
        self.params = [self.W, self.b]
        self.grads = [np.zeros_like(self.W), np.zeros_like(self.b)]

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, d):
        self.grads[0][...] = self.x.T @ d
        self.grads[1][...] = d.sum(axis=0)
        return d @ self.W.T


class ReLU:
    params, grads = [], []

    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, d):
        return d * self.mask


def make_net(seed):
    rng = np.random.default_rng(seed)
    return [Linear(2, 32, rng), ReLU(), Linear(32, 3, rng)]


rng = np.random.default_rng(4)
X = rng.normal(size=(300, 2))
labels = (np.floor((np.arctan2(X[:, 1], X[:, 0]) + np.pi) / (2 * np.pi / 3)).astype(int)) % 3

for name, opt in (("sgd", optim.SGDOptimizer(0.5, decay=1e-3)),
                  ("momentum", optim.SGDOptimizer(0.1, momentum=0.9, decay=1e-3))):
    net = make_net(1)
    for epoch in range(301):
        out = X
        for layer in net:
            out = layer.forward(out)
        e = np.exp(out - out.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(probs[np.arange(len(X)), labels]))
        if epoch % 100 == 0:
            print(f"{name:8s} epoch {epoch:3d} loss {loss:.4f}")
        d = probs.copy()
        d[np.arange(len(X)), labels] -= 1
        d /= len(X)
        for layer in reversed(net):
            d = layer.backward(d)
        for layer in net:
            opt.update_params(layer)
        opt.end_epoch()
