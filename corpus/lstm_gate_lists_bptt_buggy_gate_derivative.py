# bp-corpus: buggy
# bp-layers: self.Wf:sigmoid self.Wi:sigmoid self.Wg:tanh self.Wo:sigmoid self.Wy:linear
# bp-style: (the tanh gate takes a sigmoid's derivative) an LSTM cell class with one weight per gate over the stacked [h; x], the gate values kept in
# lists by time step, a backward that takes them as arguments, a bptt method that walks the lists backwards,
# and a separate method that steps every weight and bias; no driver in the file
"""LSTM cell with separate gate weights, trained through time by an external script."""
import numpy as np


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


class GatedCell:
    def __init__(self, n_in, n_hidden, n_out, seed=0):
        rng = np.random.default_rng(seed)
        n_cat = n_hidden + n_in
        self.n_hidden = n_hidden
        self.Wf = rng.normal(0.0, 0.1, (n_hidden, n_cat))
        self.Wi = rng.normal(0.0, 0.1, (n_hidden, n_cat))
        self.Wg = rng.normal(0.0, 0.1, (n_hidden, n_cat))
        self.Wo = rng.normal(0.0, 0.1, (n_hidden, n_cat))
        self.Wy = rng.normal(0.0, 0.1, (n_out, n_hidden))
        self.bf = np.ones((n_hidden, 1))
        self.bi = np.zeros((n_hidden, 1))
        self.bg = np.zeros((n_hidden, 1))
        self.bo = np.zeros((n_hidden, 1))
        self.by = np.zeros((n_out, 1))
        self.reset()

    def reset(self):
        self.h_list = [np.zeros((self.n_hidden, 1))]
        self.c_list = [np.zeros((self.n_hidden, 1))]
        self.f_list, self.i_list, self.g_list, self.o_list = [], [], [], []

    def forward(self, x, h_prev, c_prev):
        hx = np.vstack((h_prev, x))
        f = sigmoid(self.Wf @ hx + self.bf)
        i = sigmoid(self.Wi @ hx + self.bi)
        g = np.tanh(self.Wg @ hx + self.bg)
        o = sigmoid(self.Wo @ hx + self.bo)
        c = f * c_prev + i * g
        h = o * np.tanh(c)
        y = self.Wy @ h + self.by
        self.f_list.append(f)
        self.i_list.append(i)
        self.g_list.append(g)
        self.o_list.append(o)
        self.h_list.append(h)
        self.c_list.append(c)
        return y, h, c

    def backward(self, dy, dh_next, dc_next, x, h, h_prev, c, c_prev, f, i, g, o):
        grads = {"Wy": dy @ h.T, "by": dy}                         # bp: F3[self.Wy]
        dh = self.Wy.T @ dy + dh_next                               # bp: F2
        tc = np.tanh(c)
        dc = dc_next + dh * o * (1 - tc ** 2)                       # bp: F1
        da_o = dh * tc * o * (1 - o)                                # bp: F1
        da_i = dc * g * i * (1 - i)                                 # bp: F1
        da_g = dc * i * g * (1 - g)                                 # bp: F1 BP301
        da_f = dc * c_prev * f * (1 - f)                            # bp: F1
        hx = np.vstack((h_prev, x))
        grads["Wf"] = da_f @ hx.T                                   # bp: F3[self.Wf]
        grads["Wi"] = da_i @ hx.T                                   # bp: F3[self.Wi]
        grads["Wg"] = da_g @ hx.T                                   # bp: F3[self.Wg]
        grads["Wo"] = da_o @ hx.T                                   # bp: F3[self.Wo]
        grads["bf"], grads["bi"], grads["bg"], grads["bo"] = da_f, da_i, da_g, da_o  # bp: F3
        dhx = self.Wf.T @ da_f + self.Wi.T @ da_i + self.Wg.T @ da_g + self.Wo.T @ da_o  # bp: F2
        return grads, dhx[:self.n_hidden], f * dc  # bp: F1

    def bptt(self, xs, dys, lr):
        dh_next = np.zeros_like(self.h_list[0])
        dc_next = np.zeros_like(self.c_list[0])
        for t in reversed(range(len(dys))):
            grads, dh_next, dc_next = self.backward(
                dys[t], dh_next, dc_next, xs[t], self.h_list[t + 1], self.h_list[t], self.c_list[t + 1], self.c_list[t],
                self.f_list[t], self.i_list[t], self.g_list[t], self.o_list[t])
            self.step(grads, lr)                                    # bp: update
        self.reset()

    def step(self, grads, lr):
        self.Wf -= lr * grads["Wf"]                                 # bp: update[self.Wf]
        self.Wi -= lr * grads["Wi"]                                 # bp: update[self.Wi]
        self.Wg -= lr * grads["Wg"]                                 # bp: update[self.Wg]
        self.Wo -= lr * grads["Wo"]                                 # bp: update[self.Wo]
        self.Wy -= lr * grads["Wy"]                                 # bp: update[self.Wy]
        self.bf -= lr * grads["bf"]                                 # bp: update[self.bf]
        self.bi -= lr * grads["bi"]                                 # bp: update[self.bi]
        self.bg -= lr * grads["bg"]                                 # bp: update[self.bg]
        self.bo -= lr * grads["bo"]                                 # bp: update[self.bo]
        self.by -= lr * grads["by"]                                 # bp: update[self.by]
