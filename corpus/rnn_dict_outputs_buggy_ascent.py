# bp-corpus: buggy
# bp-driver: drivers/rnn_dict_outputs_buggy_ascent_driver.py
# bp-layers: self.w_xh:tanh self.w_hh:tanh self.w_hy:linear
# bp-style: (every weight is stepped up its gradient) a class whose forward keeps the hidden states and the outputs in dicts keyed by time step and returns
# the outputs; its backward takes one output gradient per step and steps the weights itself (nothing in the file
# calls it: it is driven the way a gradient check would)
"""A many-to-many Elman RNN cell, column vectors, per-step output gradients handed in by its caller."""
import numpy as np


class ElmanRNN:
    def __init__(self, n_in, n_hidden, n_out):
        self.n_in = n_in
        self.n_hidden = n_hidden
        self.w_xh = np.random.randn(n_hidden, n_in) * 0.1
        self.w_hh = np.random.randn(n_hidden, n_hidden) * 0.1
        self.w_hy = np.random.randn(n_out, n_hidden) * 0.1
        self.b_h = np.zeros((n_hidden, 1))
        self.b_y = np.zeros((n_out, 1))

    def forward(self, xs):
        self.xs = xs
        self.states = {-1: np.zeros((self.n_hidden, 1))}
        self.outs = {}
        for t in range(len(xs)):
            x = np.reshape(xs[t], (self.n_in, 1))
            self.states[t] = np.tanh(self.w_xh @ x + self.w_hh @ self.states[t - 1] + self.b_h)
            self.outs[t] = self.w_hy @ self.states[t] + self.b_y
        return self.outs

    def backward(self, d_outs, lr=0.05):
        g_xh = np.zeros_like(self.w_xh)
        g_hh = np.zeros_like(self.w_hh)
        g_hy = np.zeros_like(self.w_hy)
        g_bh = np.zeros_like(self.b_h)
        g_by = np.zeros_like(self.b_y)
        carry = np.zeros((self.n_hidden, 1))
        for t in reversed(range(len(self.xs))):
            d_y = d_outs[t]
            g_hy += d_y @ self.states[t].T                      # bp: F3[self.w_hy]
            g_by += d_y                                         # bp: F3[self.b_y]
            d_h = self.w_hy.T @ d_y + carry                     # bp: F2
            d_z = (1 - self.states[t] ** 2) * d_h               # bp: F1
            g_bh += d_z                                         # bp: F3[self.b_h]
            g_xh += d_z @ np.reshape(self.xs[t], (1, self.n_in))  # bp: F3[self.w_xh]
            g_hh += d_z @ self.states[t - 1].T                  # bp: F3[self.w_hh]
            carry = self.w_hh.T @ d_z                           # bp: F2
        for p, g in zip([self.w_xh, self.w_hh, self.w_hy, self.b_h, self.b_y], [g_xh, g_hh, g_hy, g_bh, g_by]):
            p += lr * g                                         # bp: update BP201


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    net = ElmanRNN(2, 6, 1)
    seq = [rng.normal(size=2) for _ in range(5)]
    print({t: o.ravel() for t, o in net.forward(seq).items()})
