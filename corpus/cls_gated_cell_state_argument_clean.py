# bp-corpus: clean
# bp-driver: drivers/cls_gated_cell_state_argument_clean_driver.py
# bp-style: class, column vectors, one sample at a time; a two-gate cell whose forward takes the
# previous cell state as an argument (c = f * c_prev): that state is data, not a weight, and the
# cell's own weights (kept on the instance) are what it trains
import numpy as np


def logistic(v):
    return 1.0 / (1.0 + np.exp(-v))


class GatedCell:
    def __init__(self, n_in, n_h, rng):
        self.Wo = rng.normal(0.0, 0.3, (n_h, n_in))
        self.bo = np.zeros((n_h, 1))
        self.Wf = rng.normal(0.0, 0.3, (n_h, n_in))
        self.bf = np.zeros((n_h, 1))

    def forward(self, x, c_prev):
        f = logistic(self.Wf @ x + self.bf)
        o = logistic(self.Wo @ x + self.bo)
        c = f * c_prev
        h = o * np.tanh(c)
        self.saved = (x, c_prev, c, f, o)
        return h, c

    def backward(self, dh, lr):
        x, c_prev, c, f, o = self.saved
        d_o = dh * np.tanh(c) * o * (1 - o)                  # bp: F1
        dc = dh * o * (1 - np.tanh(c) ** 2)                  # bp: F1
        d_f = dc * c_prev * f * (1 - f)                      # bp: F1
        dWo = d_o @ x.T                                      # bp: F3[self.Wo]
        dWf = d_f @ x.T                                      # bp: F3[self.Wf]
        dx = self.Wo.T @ d_o + self.Wf.T @ d_f               # bp: F2
        self.Wo -= lr * dWo                                  # bp: update[self.Wo]
        self.Wf -= lr * dWf                                  # bp: update[self.Wf]
        self.bo -= lr * d_o.sum(axis=1, keepdims=True)       # bp: F3[self.bo] update[self.bo]
        self.bf -= lr * d_f.sum(axis=1, keepdims=True)       # bp: F3[self.bf] update[self.bf]
        return dx
