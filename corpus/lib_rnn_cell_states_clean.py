"""A recurrent cell in the homework-framework style: forward(x, h) takes the previous hidden state and applies
tanh to x W_ih^T + h W_hh^T + b_ih + b_hh; backward(delta, h, h_prev_l, h_prev_t) is handed the cell's own
output `h` and the two states its forward saw under other names, and sums each call's averaged gradients into
the cell's buffers."""
# bp-corpus: clean
# bp-style: layer class with no driver in the file, weights shaped (out, in) and used transposed (x @ W.T, torch's layout), backward(self, delta, h, h_prev_l, h_prev_t) taking the output and the forward's inputs under new names, gradients accumulated with += into buffers zeroed by zero_grad, dx and dh returned
# bp-driver: drivers/lib_rnn_cell_states_clean_driver.py
import numpy as np


class RNNCell:
    def __init__(self, input_size, hidden_size, seed=0):
        rng = np.random.RandomState(seed)
        scale = 1.0 / np.sqrt(hidden_size)
        self.W_ih = rng.uniform(-scale, scale, (hidden_size, input_size))
        self.W_hh = rng.uniform(-scale, scale, (hidden_size, hidden_size))
        self.b_ih = np.zeros(hidden_size)
        self.b_hh = np.zeros(hidden_size)
        self.zero_grad()

    def zero_grad(self):
        self.dW_ih = np.zeros_like(self.W_ih)
        self.dW_hh = np.zeros_like(self.W_hh)
        self.db_ih = np.zeros_like(self.b_ih)
        self.db_hh = np.zeros_like(self.b_hh)

    def __call__(self, x, h):
        return self.forward(x, h)

    def forward(self, x, h):
        return np.tanh(x @ self.W_ih.T + self.b_ih + h @ self.W_hh.T + self.b_hh)

    def backward(self, delta, h, h_prev_l, h_prev_t):
        batch_size = delta.shape[0]
        dz = delta * (1 - h ** 2)  # bp: F1
        self.dW_ih += dz.T @ h_prev_l / batch_size  # bp: F3[self.W_ih]
        self.dW_hh += dz.T @ h_prev_t / batch_size  # bp: F3[self.W_hh]
        self.db_ih += dz.sum(axis=0) / batch_size  # bp: F3[self.b_ih]
        self.db_hh += dz.sum(axis=0) / batch_size  # bp: F3[self.b_hh]
        dx = dz @ self.W_ih  # bp: F2
        dh = dz @ self.W_hh  # bp: F2
        return dx, dh
