# bp-corpus: clean
# bp-driver: drivers/silent_rnn_learned_initial_state_then_generate_clean_driver.py
# bp-style: column-vector RNN class over one-hot sequences with a learned initial state `self.h0` (made by np.zeros, multiplied by the recurrent weight at the first step, and stepped with its own gradient after BPTT: trained, not a buffer), softmax output with cross-entropy; after training the driver calls `generate`, a forward step from h0 with the updated weights - inference, not formula 2, so no missing transpose and no stale weight; a library trained by its driver
"""Learns to continue a repeating four-symbol pattern, then generates from its learned start state."""
import numpy as np


def softmax(v):
    e = np.exp(v - np.max(v))
    return e / np.sum(e)


class PatternRNN:
    def __init__(self, n_sym, n_hid, rng):
        self.U = rng.normal(0.0, 0.3, (n_hid, n_sym))
        self.R = rng.normal(0.0, 0.3, (n_hid, n_hid))
        self.bh = np.zeros(n_hid)
        self.V = rng.normal(0.0, 0.3, (n_sym, n_hid))
        self.bo = np.zeros(n_sym)
        self.h0 = np.zeros(n_hid)

    def forward(self, xs):
        hs, ps = [], []
        prev = self.h0
        for t in range(xs.shape[1]):
            h = np.tanh(self.U @ xs[:, t] + self.R @ prev + self.bh)
            hs.append(h)
            ps.append(softmax(self.V @ h + self.bo))
            prev = h
        return hs, ps

    def backward(self, xs, ys, hs, ps, lr):
        gU, gR, gbh = np.zeros_like(self.U), np.zeros_like(self.R), np.zeros_like(self.bh)
        gV, gbo = np.zeros_like(self.V), np.zeros_like(self.bo)
        carry = np.zeros_like(self.h0)
        for t in reversed(range(xs.shape[1])):
            dout = ps[t] - ys[:, t]  # bp: error F1
            gV += np.outer(dout, hs[t])  # bp: F3[self.V]
            gbo += dout  # bp: F3[self.bo]
            dh = self.V.T @ dout + carry  # bp: F2
            dz = (1 - hs[t] ** 2) * dh  # bp: F1
            gU += np.outer(dz, xs[:, t])  # bp: F3[self.U]
            gbh += dz  # bp: F3[self.bh]
            gR += np.outer(dz, hs[t - 1] if t > 0 else self.h0)  # bp: F3[self.R]
            carry = self.R.T @ dz  # bp: F2
        self.U -= lr * gU  # bp: update[self.U]
        self.R -= lr * gR  # bp: update[self.R]
        self.bh -= lr * gbh  # bp: update[self.bh]
        self.V -= lr * gV  # bp: update[self.V]
        self.bo -= lr * gbo  # bp: update[self.bo]
        self.h0 -= lr * carry  # bp: update[self.h0]

    def generate(self, first, steps):
        x = np.eye(self.U.shape[1])[first]
        h = np.tanh(self.U @ x + self.R @ self.h0 + self.bh)
        out = [first]
        for _ in range(steps):
            k = int(np.argmax(self.V @ h + self.bo))
            out.append(k)
            x = np.eye(self.U.shape[1])[k]
            h = np.tanh(self.U @ x + self.R @ h + self.bh)
        return out
