"""An LSTM node for mini-batches: `load` runs one time step and keeps its gates on a state object,
`backward` takes the gradients of h and c from above and sums the weight gradients."""
# bp-corpus: buggy
# bp-style: layer class with no driver in the file, row convention (cat.dot(W) over np.hstack((x, h_prev))), LSTM node whose forward method has no forward name (load) and keeps its gates on a state object it was handed (self.st.g = ...), backward(self, dh, dc_next) reading them, h = c * o with no tanh, gate derivatives written inline, parameter gradients summed into dW buffers of a shared GateParams object (+= cat.T.dot(delta)), F2 summed into dcat; the forget gate's bias gradient sums its delta over every axis
# bp-driver: drivers/cls_lstm_node_state_object_buggy_bias_allsum_driver.py
import numpy as np


def logistic(a):
    return 1.0 / (1.0 + np.exp(-a))


class GateParams:
    def __init__(self, n_hidden, n_x, rng):
        n_cat = n_x + n_hidden
        self.n_x = n_x
        scale = 1.0 / np.sqrt(n_cat)
        self.Wg = rng.randn(n_cat, n_hidden) * scale
        self.Wi = rng.randn(n_cat, n_hidden) * scale
        self.Wf = rng.randn(n_cat, n_hidden) * scale
        self.Wo = rng.randn(n_cat, n_hidden) * scale
        self.bg = np.zeros(n_hidden)
        self.bi = np.zeros(n_hidden)
        self.bf = np.ones(n_hidden)
        self.bo = np.zeros(n_hidden)
        self.clear()

    def clear(self):
        self.dWg = np.zeros_like(self.Wg)
        self.dWi = np.zeros_like(self.Wi)
        self.dWf = np.zeros_like(self.Wf)
        self.dWo = np.zeros_like(self.Wo)
        self.dbg = np.zeros_like(self.bg)
        self.dbi = np.zeros_like(self.bi)
        self.dbf = np.zeros_like(self.bf)
        self.dbo = np.zeros_like(self.bo)

    def descend(self, lr):
        self.Wg -= lr * self.dWg  # bp: update
        self.Wi -= lr * self.dWi  # bp: update
        self.Wf -= lr * self.dWf  # bp: update
        self.Wo -= lr * self.dWo  # bp: update
        self.bg -= lr * self.dbg  # bp: update
        self.bi -= lr * self.dbi  # bp: update
        self.bf -= lr * self.dbf  # bp: update
        self.bo -= lr * self.dbo  # bp: update
        self.clear()


class StepState:
    def __init__(self):
        self.g = None
        self.i = None
        self.f = None
        self.o = None
        self.c = None
        self.h = None


class Node:
    def __init__(self, params, state):
        self.p = params
        self.st = state

    def load(self, x, c_prev, h_prev):
        self.c_prev = c_prev
        self.cat = np.hstack((x, h_prev))
        self.st.g = np.tanh(self.cat.dot(self.p.Wg) + self.p.bg)
        self.st.i = logistic(self.cat.dot(self.p.Wi) + self.p.bi)
        self.st.f = logistic(self.cat.dot(self.p.Wf) + self.p.bf)
        self.st.o = logistic(self.cat.dot(self.p.Wo) + self.p.bo)
        self.st.c = self.st.g * self.st.i + c_prev * self.st.f
        self.st.h = self.st.c * self.st.o
        return self.st.h, self.st.c

    def backward(self, dh, dc_next):
        dc = self.st.o * dh + dc_next  # bp: F1
        do = self.st.c * dh  # bp: F1
        di = self.st.g * dc  # bp: F1
        dg = self.st.i * dc  # bp: F1
        df = self.c_prev * dc  # bp: F1
        di_raw = self.st.i * (1.0 - self.st.i) * di  # bp: F1
        df_raw = self.st.f * (1.0 - self.st.f) * df  # bp: F1
        do_raw = self.st.o * (1.0 - self.st.o) * do  # bp: F1
        dg_raw = (1.0 - self.st.g ** 2) * dg  # bp: F1
        self.p.dWi += self.cat.T.dot(di_raw)  # bp: F3
        self.p.dWf += self.cat.T.dot(df_raw)  # bp: F3
        self.p.dWo += self.cat.T.dot(do_raw)  # bp: F3
        self.p.dWg += self.cat.T.dot(dg_raw)  # bp: F3
        self.p.dbi += di_raw.sum(axis=0)  # bp: F3
        self.p.dbf += df_raw.sum()  # bp: F3 BP401
        self.p.dbo += do_raw.sum(axis=0)  # bp: F3
        self.p.dbg += dg_raw.sum(axis=0)  # bp: F3
        dcat = di_raw.dot(self.p.Wi.T)  # bp: F2
        dcat += df_raw.dot(self.p.Wf.T)  # bp: F2
        dcat += do_raw.dot(self.p.Wo.T)  # bp: F2
        dcat += dg_raw.dot(self.p.Wg.T)  # bp: F2
        return dcat[:, self.p.n_x:], dc * self.st.f  # bp: F1
