# bp-corpus: clean
# bp-layers: self.Wx:tanh self.Wh:tanh self.Wy:linear
# bp-driver: drivers/rnn_layer_foward_bptt_step_clean_driver.py
# bp-style: a recurrent layer library with no driver in the file: the forward method is spelled `foward` by
# the class and by its caller alike, backward takes the states as arguments and hands the gradients to a step
# method, a bptt method walks the kept states backwards, and the network's training method names its targets
# `ts`
"""A vanilla RNN layer and a sequence regressor built on it; a training script imports them."""
import numpy as np


class RecurrentLayer:
    def __init__(self, n_in, n_hidden, n_out):
        self.n_hidden = n_hidden
        self.Wx = np.random.randn(n_hidden, n_in) * np.sqrt(1.0 / n_in)
        self.Wh = np.random.randn(n_hidden, n_hidden) * np.sqrt(1.0 / n_hidden)
        self.Wy = np.random.randn(n_out, n_hidden) * np.sqrt(1.0 / n_hidden)
        self.bh = np.zeros((n_hidden, 1))
        self.by = np.zeros((n_out, 1))
        self.states = [np.zeros((n_hidden, 1))]

    def clear(self):
        self.states = [np.zeros((self.n_hidden, 1))]

    def foward(self, x, h_prev):
        h = np.tanh(self.Wx @ x + self.Wh @ h_prev + self.bh)
        y = self.Wy @ h + self.by
        self.states.append(h)
        return y, h

    def backward(self, dy, dh_next, x, h, h_prev, lr):
        dWy = dy @ h.T                                         # bp: F3[self.Wy]
        dby = dy                                               # bp: F3[self.by]
        dh = self.Wy.T @ dy + dh_next                          # bp: F2
        da = (1 - h ** 2) * dh                                 # bp: F1
        dWx = da @ x.T                                         # bp: F3[self.Wx]
        dWh = da @ h_prev.T                                    # bp: F3[self.Wh]
        dbh = da                                               # bp: F3[self.bh]
        dh_prev = self.Wh.T @ da                               # bp: F2
        self.apply(dWx, dWh, dWy, dbh, dby, lr)                     # bp: update
        return dh_prev

    def bptt(self, xs, dys, lr):
        dh_next = np.zeros_like(self.states[-1])
        for t in reversed(range(len(dys))):
            dh_next = self.backward(dys[t], dh_next, xs[t], self.states[t + 1], self.states[t], lr)  # bp: F2
        self.clear()

    def apply(self, dWx, dWh, dWy, dbh, dby, lr):
        self.Wx -= lr * np.clip(dWx, -5, 5)                    # bp: update[self.Wx]
        self.Wh -= lr * np.clip(dWh, -5, 5)                    # bp: update[self.Wh]
        self.Wy -= lr * np.clip(dWy, -5, 5)                    # bp: update[self.Wy]
        self.bh -= lr * np.clip(dbh, -5, 5)                    # bp: update[self.bh]
        self.by -= lr * np.clip(dby, -5, 5)                    # bp: update[self.by]


class SequenceRegressor:
    def __init__(self, n_in, n_hidden, n_out):
        self.layer = RecurrentLayer(n_in, n_hidden, n_out)

    def foward(self, xs):
        h = np.zeros((self.layer.n_hidden, 1))
        ys = []
        for x in xs:
            y, h = self.layer.foward(x, h)
            ys.append(y)
        return ys

    def train(self, xs, ts, lr=0.01):
        self.layer.clear()
        ys = self.foward(xs)
        loss = sum(float(np.sum((y - t) ** 2)) for y, t in zip(ys, ts))
        dys = [2 * (y - t) for y, t in zip(ys, ts)]            # bp: error
        self.layer.bptt(xs, dys, lr)                                # bp: F2
        return loss
