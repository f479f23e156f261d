# bp-corpus: clean
# bp-style: layer-object network in a list that mixes layers with parameters and a parameter-free ReLU; the momentum optimiser keeps only the layers that have gradients (`[l for l in layers if hasattr(l, "gK")]`) and walks them beside their velocity dicts, stepping `lyr.K` and `lyr.c` - every layer's parameters are updated, the first Affine's as much as the last's (no missing update); row convention, squared error
"""Fits a random linear map with a two-layer ReLU network and an optimiser that skips parameter-free layers."""
import numpy as np


class Affine:
    def __init__(self, n_in, n_out, rng):
        self.K = rng.normal(0.0, 0.3, (n_in, n_out))
        self.c = np.zeros(n_out)
        self.gK, self.gc = np.zeros((n_in, n_out)), np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.K + self.c

    def backward(self, g):
        self.gK = self.x.T @ g  # bp: F3
        self.gc = g.sum(axis=0)  # bp: F3
        return g @ self.K.T  # bp: F2


class ReLU:
    def forward(self, x):
        self.on = x > 0
        return x * self.on

    def backward(self, g):
        return g * self.on  # bp: F1


class Momentum:
    def __init__(self, layers, lr=0.05, mu=0.9):
        self.layers = [l for l in layers if hasattr(l, "gK")]
        self.vels = [{"K": np.zeros_like(l.K), "c": np.zeros_like(l.c)} for l in self.layers]
        self.lr, self.mu = lr, mu

    def step(self):
        for lyr, vel in zip(self.layers, self.vels):
            vel["K"] = self.mu * vel["K"] + lyr.gK
            vel["c"] = self.mu * vel["c"] + lyr.gc
            lyr.K -= self.lr * vel["K"]  # bp: update
            lyr.c -= self.lr * vel["c"]  # bp: update


rng = np.random.default_rng(41)
xs = rng.normal(size=(32, 4))
ys = xs @ rng.normal(size=(4, 2))
layers = [Affine(4, 8, rng), ReLU(), Affine(8, 2, rng)]
opt = Momentum(layers)
for it in range(301):
    h = xs
    for layer in layers:
        h = layer.forward(h)
    if it % 100 == 0:
        print(f"step {it:3d} loss {0.5 * np.mean(np.sum((h - ys) ** 2, axis=1)):.5f}")
    g = (h - ys) / len(xs)  # bp: error
    for layer in reversed(layers):
        g = layer.backward(g)  # bp: F1 F2
    opt.step()                                                      # bp: update
