# bp-corpus: clean
# bp-style: layer objects whose backward returns (input gradient, dict of parameter gradients); blocks re-key their layers' gradients with f-strings and the model merges them with `grads.update({f"stage{i}_{k}": v for k, v in g.items()})`; a params dict built over the same arrays under the same keys; a name-keyed momentum optimiser (`self.params[name] -= ...`) applies every gradient; row convention, tanh inside each block, a final elementwise gain/offset layer, mean squared error
"""Fits a smooth vector-valued function with two stacked tanh blocks and an output gain."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.kernel = rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_out))
        self.bias = np.zeros(n_out)

    def forward(self, a):
        self.a = a
        return a @ self.kernel + self.bias

    def backward(self, d):
        g_kernel = self.a.T @ d  # bp: F3
        g_bias = d.sum(axis=0)  # bp: F3
        return d @ self.kernel.T, {"kernel": g_kernel, "bias": g_bias}  # bp: F2


class Gain:
    def __init__(self, n):
        self.gain = np.ones(n)
        self.offset = np.zeros(n)

    def forward(self, a):
        self.a = a
        return a * self.gain + self.offset

    def backward(self, d):
        g_gain = np.sum(d * self.a, axis=0)  # bp: F3[self.gain]
        g_offset = np.sum(d, axis=0)  # bp: F3[self.offset]
        return d * self.gain, {"gain": g_gain, "offset": g_offset}  # bp: F2


class TanhBlock:
    def __init__(self, width, hidden, rng):
        self.expand = Dense(width, hidden, rng)
        self.shrink = Dense(hidden, width, rng)

    def forward(self, a):
        self.h = np.tanh(self.expand.forward(a))
        return self.shrink.forward(self.h)

    def backward(self, d):
        d_h, g_shrink = self.shrink.backward(d)  # bp: F2
        d_a, g_expand = self.expand.backward(d_h * (1.0 - self.h ** 2))  # bp: F2 F1
        named = {}
        for key, value in g_expand.items():
            named[f"expand_{key}"] = value
        for key, value in g_shrink.items():
            named[f"shrink_{key}"] = value
        return d_a, named


class Model:
    def __init__(self, width, hidden, n_blocks, rng):
        self.stages = [TanhBlock(width, hidden, rng) for _ in range(n_blocks)]
        self.out = Gain(width)

    def forward(self, a):
        for stage in self.stages:
            a = stage.forward(a)
        return self.out.forward(a)

    def backward(self, d):
        d, g_out = self.out.backward(d)  # bp: F2
        grads = {f"out_{k}": v for k, v in g_out.items()}
        for i in reversed(range(len(self.stages))):
            d, g = self.stages[i].backward(d)  # bp: F2
            grads.update({f"stage{i}_{k}": v for k, v in g.items()})
        return grads

    def parameters(self):
        params = {"out_gain": self.out.gain, "out_offset": self.out.offset}
        for i, stage in enumerate(self.stages):
            params[f"stage{i}_expand_kernel"] = stage.expand.kernel
            params[f"stage{i}_expand_bias"] = stage.expand.bias
            params[f"stage{i}_shrink_kernel"] = stage.shrink.kernel
            params[f"stage{i}_shrink_bias"] = stage.shrink.bias
        return params


class NamedMomentum:
    def __init__(self, params, lr, beta=0.8):
        self.params = params
        self.lr = lr
        self.beta = beta
        self.velocity = {name: np.zeros_like(p) for name, p in params.items()}

    def step(self, grads):
        for name in self.params:
            self.velocity[name] = self.beta * self.velocity[name] + grads[name]
            self.params[name] -= self.lr * self.velocity[name]  # bp: update


rng = np.random.default_rng(8)
inputs = rng.uniform(-1.0, 1.0, (64, 3))
targets = np.column_stack([np.sin(2 * inputs[:, 0]), inputs[:, 1] * inputs[:, 2], np.cos(inputs[:, 2])])
model = Model(width=3, hidden=16, n_blocks=2, rng=rng)
opt = NamedMomentum(model.parameters(), lr=0.05)

for epoch in range(201):
    pred = model.forward(inputs)
    loss = np.mean((pred - targets) ** 2)
    if epoch % 40 == 0:
        print(f"epoch {epoch:3d} loss {loss:.5f}")
    dpred = 2.0 * (pred - targets) / pred.size  # bp: error
    grads = model.backward(dpred)  # bp: F3
    opt.step(grads)                                                 # bp: update
