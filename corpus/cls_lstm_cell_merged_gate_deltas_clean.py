"""One LSTM time step as a layer class: the four gates are column blocks of a single
pre-activation, backward walks the cell state back and stacks the four gate deltas into one
delta for the weights."""
# bp-corpus: clean
# bp-style: layer class with no training run in the file, each gate delta written in one statement (d_out = dh_next * tanh_c * gate_out * (1 - gate_out)), row convention (x @ Wx + h_prev @ Wh + b), LSTM cell with gates sliced from one pre-activation (input, forget, output, candidate in that column order), self.params/self.grads lists written in place with [...], a tuple cache, backward(dh_next, dc_next) returning dx, dh_prev, dc_prev, module-level sigmoid helper
# bp-driver: drivers/cls_lstm_cell_merged_gate_deltas_clean_driver.py
import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


class LSTMCell:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev, c_prev):
        Wx, Wh, b = self.params
        n = h_prev.shape[1]
        z = x @ Wx + h_prev @ Wh + b
        gate_in = sigmoid(z[:, :n])
        gate_forget = sigmoid(z[:, n:2 * n])
        gate_out = sigmoid(z[:, 2 * n:3 * n])
        cand = np.tanh(z[:, 3 * n:])
        c_next = gate_forget * c_prev + gate_in * cand
        squashed = np.tanh(c_next)
        h_next = gate_out * squashed
        self.cache = (x, h_prev, c_prev, gate_in, gate_forget, gate_out, cand, squashed)
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        Wx, Wh, b = self.params
        x, h_prev, c_prev, gate_in, gate_forget, gate_out, cand, squashed = self.cache

        # the cell state gets the carried gradient plus what comes down through tanh(c)
        dc = dc_next + dh_next * gate_out * (1 - squashed ** 2)  # bp: F1
        dc_prev = dc * gate_forget  # bp: F1

        d_out = dh_next * squashed * gate_out * (1 - gate_out)  # bp: F1
        d_in = dc * cand * gate_in * (1 - gate_in)  # bp: F1
        d_forget = dc * c_prev * gate_forget * (1 - gate_forget)  # bp: F1
        d_cand = dc * gate_in * (1 - cand ** 2)  # bp: F1

        dz = np.hstack((d_in, d_forget, d_out, d_cand))

        dWx = x.T @ dz  # bp: F3
        dWh = h_prev.T @ dz  # bp: F3
        db = dz.sum(axis=0)  # bp: F3
        self.grads[0][...] = dWx
        self.grads[1][...] = dWh
        self.grads[2][...] = db

        dx = dz @ Wx.T  # bp: F2
        dh_prev = dz @ Wh.T  # bp: F2
        return dx, dh_prev, dc_prev
