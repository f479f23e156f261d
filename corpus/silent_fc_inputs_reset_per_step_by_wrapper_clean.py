# bp-corpus: clean
# bp-driver: drivers/silent_fc_inputs_reset_per_step_by_wrapper_clean_driver.py
# bp-style: row-convention fully connected layer class (forward keeps `self.inp`, backward `self.inp.transpose() @ err`) reused at every time step by a wrapper class; before each step's backward the wrapper puts that step's input back, written `np.transpose(x_t.reshape(-1, 1))` - a row, as forward saw it, whose orientation the reshape fixes - so the layer's formula 3 is right, no missing transpose; a layer library trained by its driver
"""A dense layer and a wrapper that runs it at every step of a sequence and replays each step backward."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 0.3, (n_in, n_out))
        self.inp = None
        self.grad = None

    def forward(self, x):
        self.inp = x
        return x @ self.W

    def backward(self, err):
        self.grad = self.inp.transpose() @ err  # bp: F3[self.W]
        return err @ self.W.T  # bp: F2


class EachStep:
    def __init__(self, n_in, n_out, rng):
        self.layer = Dense(n_in, n_out, rng)
        self.xs = None

    def forward(self, xs):
        self.xs = xs
        return np.vstack([self.layer.forward(xs[t].reshape(1, -1)) for t in range(len(xs))])

    def backward(self, errs):
        total = np.zeros_like(self.layer.W)
        for t in reversed(range(len(self.xs))):
            self.layer.inp = np.transpose(self.xs[t].reshape(-1, 1))
            self.layer.backward(errs[t].reshape(1, -1))             # bp: F2
            total += self.layer.grad  # bp: F3
        return total
