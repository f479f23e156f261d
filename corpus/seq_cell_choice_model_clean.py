# bp-corpus: clean
# bp-driver: drivers/seq_cell_choice_model_clean_driver.py
# bp-style: a sequence classifier in the shape of cs231n's captioning model: step functions for two recurrent cells
# (a tanh cell and a ReLU cell, whose caches are tuples of different lengths), time loops that keep each
# step's cache in a dict under its time index, and a model class whose parameters live in `self.params`, are
# scaled in place where they are made (`self.params['Wh'] /= np.sqrt(hidden)`), and whose `loss(feats, seqs, y)`
# picks the cell by `self.cell`, a string the class cannot know; the initial state is a projection of the
# features, trained from the gradient the time loop hands back for it
import numpy as np


def tanh_step_forward(x, h_prev, Wx, Wh, b):
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    return h, (x, h_prev, Wx, Wh, h)


def tanh_step_backward(dh, cache):
    x, h_prev, Wx, Wh, h = cache
    dpre = dh * (1.0 - h ** 2)  # bp: F1
    dx = dpre @ Wx.T  # bp: F2
    dh_prev = dpre @ Wh.T  # bp: F2
    dWx = x.T @ dpre  # bp: F3
    dWh = h_prev.T @ dpre  # bp: F3
    db = dpre.sum(axis=0)  # bp: F3
    return dx, dh_prev, dWx, dWh, db


def relu_step_forward(x, h_prev, Wx, Wh, b):
    pre = x @ Wx + h_prev @ Wh + b
    mask = pre > 0
    h = pre * mask
    return h, (x, h_prev, Wx, Wh, pre, mask)


def relu_step_backward(dh, cache):
    x, h_prev, Wx, Wh, pre, mask = cache
    dpre = dh * mask  # bp: F1
    dx = dpre @ Wx.T  # bp: F2
    dh_prev = dpre @ Wh.T  # bp: F2
    dWx = x.T @ dpre  # bp: F3
    dWh = h_prev.T @ dpre  # bp: F3
    db = dpre.sum(axis=0)  # bp: F3
    return dx, dh_prev, dWx, dWh, db


def run_forward(xs, h0, Wx, Wh, b, step):
    n, t_len, _ = xs.shape
    hs = np.zeros((n, t_len, h0.shape[1]))
    cache = {}
    for t in range(t_len):
        if t == 0:
            hs[:, t, :], cache[t] = step(xs[:, t, :], h0, Wx, Wh, b)
        else:
            hs[:, t, :], cache[t] = step(xs[:, t, :], hs[:, t - 1, :], Wx, Wh, b)
    return hs[:, -1, :], cache


def run_backward(dh_last, cache, step_back):
    t_len = len(cache)
    x_first, _, Wx, Wh = cache[0][:4]
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    db = np.zeros(Wh.shape[0])
    dh = dh_last
    for t in reversed(range(t_len)):
        _, dh, dWx_t, dWh_t, db_t = step_back(dh, cache[t])  # bp: F2
        dWx += dWx_t  # bp: F3
        dWh += dWh_t  # bp: F3
        db += db_t  # bp: F3
    return dh, dWx, dWh, db


class SequenceClassifier:
    def __init__(self, n_feat, n_in, hidden, n_cls, cell="tanh", seed=0):
        rng = np.random.default_rng(seed)
        self.cell = cell
        self.params = {}
        self.params['W_proj'] = rng.normal(0.0, 1.0, (n_feat, hidden))
        self.params['W_proj'] /= np.sqrt(n_feat)
        self.params['b_proj'] = np.zeros(hidden)
        self.params['Wx'] = rng.normal(0.0, 1.0, (n_in, hidden))
        self.params['Wx'] /= np.sqrt(n_in)
        self.params['Wh'] = rng.normal(0.0, 1.0, (hidden, hidden))
        self.params['Wh'] /= np.sqrt(hidden)
        self.params['b'] = np.zeros(hidden)
        self.params['W_out'] = rng.normal(0.0, 1.0, (hidden, n_cls))
        self.params['W_out'] *= 0.1
        self.params['b_out'] = np.zeros(n_cls)

    def loss(self, feats, seqs, y):
        W_proj, b_proj = self.params['W_proj'], self.params['b_proj']
        Wx, Wh, b = self.params['Wx'], self.params['Wh'], self.params['b']
        W_out, b_out = self.params['W_out'], self.params['b_out']
        h0 = feats @ W_proj + b_proj
        if self.cell == "tanh":
            h_last, cache = run_forward(seqs, h0, Wx, Wh, b, tanh_step_forward)
        elif self.cell == "relu":
            h_last, cache = run_forward(seqs, h0, Wx, Wh, b, relu_step_forward)
        scores = h_last @ W_out + b_out
        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        n = seqs.shape[0]
        loss = -np.mean(np.log(probs[np.arange(n), y]))

        grads = {}
        dscores = probs.copy()  # bp: error
        dscores[np.arange(n), y] -= 1  # bp: error F1
        dscores /= n  # bp: error
        grads['W_out'] = h_last.T @ dscores  # bp: F3
        grads['b_out'] = dscores.sum(axis=0)  # bp: F3
        dh_last = dscores @ W_out.T  # bp: F2
        if self.cell == "tanh":
            dh0, grads['Wx'], grads['Wh'], grads['b'] = run_backward(dh_last, cache, tanh_step_backward)  # bp: F2
        elif self.cell == "relu":
            dh0, grads['Wx'], grads['Wh'], grads['b'] = run_backward(dh_last, cache, relu_step_backward)  # bp: F2
        grads['W_proj'] = feats.T @ dh0  # bp: F3
        grads['b_proj'] = np.sum(dh0, axis=0)  # bp: F3
        return loss, grads
