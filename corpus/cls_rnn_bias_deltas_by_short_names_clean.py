# bp-corpus: clean
# bp-driver: drivers/cls_rnn_bias_deltas_by_short_names_clean_driver.py
# bp-style: class, column vectors, an Elman RNN trained through time on short sequences; each bias
# gradient is the delta itself under a short name (d_by = d_y, d_b = d_raw for the bias bh)
import numpy as np


class Elman:
    def __init__(self, n_in, n_out, n_h, rng):
        self.Wxh = rng.normal(0.0, 0.3, (n_h, n_in))
        self.Whh = rng.normal(0.0, 0.3, (n_h, n_h))
        self.Why = rng.normal(0.0, 0.3, (n_out, n_h))
        self.bh = np.zeros((n_h, 1))
        self.by = np.zeros((n_out, 1))

    def forward(self, xs):
        h = np.zeros((self.Whh.shape[0], 1))
        self.xs = xs
        self.hs = {0: h}
        for i, x in enumerate(xs):
            h = np.tanh(self.Wxh @ x + self.Whh @ h + self.bh)
            self.hs[i + 1] = h
        return self.Why @ h + self.by

    def backprop(self, d_y, rate):
        n = len(self.xs)
        d_Why = d_y @ self.hs[n].T                                        # bp: F3[self.Why]
        d_by = d_y                                                        # bp: F3[self.by]
        d_h = self.Why.T @ d_y                                            # bp: F2
        d_Whh = np.zeros_like(self.Whh)
        d_Wxh = np.zeros_like(self.Wxh)
        d_bh = np.zeros_like(self.bh)
        for t in reversed(range(n)):
            d_raw = (1 - self.hs[t + 1] ** 2) * d_h                       # bp: F1
            d_b = d_raw                                                   # bp: F3[self.bh]
            d_bh += d_b  # bp: F3
            d_Whh += d_raw @ self.hs[t].T                                 # bp: F3[self.Whh]
            d_Wxh += d_raw @ self.xs[t].T                                 # bp: F3[self.Wxh]
            d_h = self.Whh.T @ d_raw                                      # bp: F2
        self.Whh -= rate * d_Whh                                          # bp: update[self.Whh]
        self.Wxh -= rate * d_Wxh                                          # bp: update[self.Wxh]
        self.Why -= rate * d_Why                                          # bp: update[self.Why]
        self.bh -= rate * d_bh                                            # bp: update[self.bh]
        self.by -= rate * d_by                                            # bp: update[self.by]

