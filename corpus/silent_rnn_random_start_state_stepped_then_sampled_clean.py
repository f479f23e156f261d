# bp-corpus: clean
# bp-driver: drivers/silent_rnn_random_start_state_stepped_then_sampled_clean_driver.py
# bp-style: column-vector RNN class whose training method has a name of its own (`learn`, called by the driver with the forward's states) and whose start state `self.h` is drawn at random and stepped by its gradient, `self.h -= lr * dh` - a state stepped like a parameter, so what it holds after the step is no gradient: the `sample` method's forward step `np.dot(self.Whh, h)` from that state is inference, not formula 2 (no missing transpose, no stale weight); softmax outputs with cross-entropy
"""A next-symbol RNN with a learned start state, and a sampler that runs from it."""
import numpy as np


def softmax(v):
    e = np.exp(v - np.max(v))
    return e / np.sum(e)


class StepRNN:
    def __init__(self, n_sym, n_hid):
        self.Wxh = np.random.randn(n_hid, n_sym) * 0.1
        self.Whh = np.random.randn(n_hid, n_hid) * 0.1
        self.bh = np.zeros(n_hid)
        self.Why = np.random.randn(n_sym, n_hid) * 0.1
        self.by = np.zeros(n_sym)
        self.h = np.random.randn(n_hid) * 0.01

    def forward(self, xs):
        hs, ps = [], []
        for t in range(xs.shape[1]):
            prev = self.h if t == 0 else hs[t - 1]
            h = np.tanh(np.dot(self.Wxh, xs[:, t]) + np.dot(self.Whh, prev) + self.bh)
            hs.append(h)
            ps.append(softmax(np.dot(self.Why, h) + self.by))
        return hs, ps

    def learn(self, xs, ys, hs, ps, lr=0.05):
        gWxh, gWhh, gbh = np.zeros_like(self.Wxh), np.zeros_like(self.Whh), np.zeros_like(self.bh)
        gWhy, gby = np.zeros_like(self.Why), np.zeros_like(self.by)
        dnext = np.zeros_like(self.h)
        for t in reversed(range(xs.shape[1])):
            dy = ps[t] - ys[:, t]  # bp: error F1
            gWhy += np.outer(dy, hs[t])  # bp: F3[self.Why]
            gby += dy  # bp: F3[self.by]
            dh = np.dot(self.Why.T, dy) + dnext  # bp: F2
            dz = (1 - hs[t] ** 2) * dh  # bp: F1
            gWxh += np.outer(dz, xs[:, t])  # bp: F3[self.Wxh]
            gbh += dz  # bp: F3[self.bh]
            gWhh += np.outer(dz, hs[t - 1] if t > 0 else self.h)  # bp: F3[self.Whh]
            dnext = np.dot(self.Whh.T, dz)  # bp: F2
        self.Wxh -= lr * gWxh  # bp: update[self.Wxh]
        self.Whh -= lr * gWhh  # bp: update[self.Whh]
        self.bh -= lr * gbh  # bp: update[self.bh]
        self.Why -= lr * gWhy  # bp: update[self.Why]
        self.by -= lr * gby  # bp: update[self.by]
        self.h -= lr * dnext  # bp: update[self.h]

    def sample(self, x, steps):
        h = self.h
        out = []
        for _ in range(steps):
            h = np.tanh(np.dot(self.Wxh, x) + np.dot(self.Whh, h) + self.bh)
            k = int(np.argmax(np.dot(self.Why, h) + self.by))
            out.append(k)
            x = np.zeros_like(x)
            x[k] = 1.0
        return out
