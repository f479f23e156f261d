"""An RNN cell class in the course-framework style: its activation is an object whose backward(state) gives
the derivative at a state it is handed, and the cell's backward(delta, h_t, h_prev_l, h_prev_t) is handed
the values its forward saw (the caller keeps them per time step) instead of reading them from self; the
cell's gradients are summed over time into dW buffers that a zero_grad clears."""
# bp-corpus: clean
# bp-style: layer classes, torch convention (x @ W.T with W of shape (out, in)), a Tanh object with forward/backward(state) and __call__, an RNN cell whose backward takes the upstream gradient first and then forward's output and inputs by name, BPTT over a short sequence with a linear read-out, gradients accumulated with += and averaged over the batch
import numpy as np


class Tanh:
    def __init__(self):
        self.state = None

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        self.state = np.tanh(x)
        return self.state

    def backward(self, state):
        return 1 - state ** 2


class RNNCell:
    def __init__(self, input_size, hidden_size, rng):
        self.activation = Tanh()
        self.W_ih = rng.normal(0, 0.3, (hidden_size, input_size))
        self.W_hh = rng.normal(0, 0.3, (hidden_size, hidden_size))
        self.b_ih = np.zeros(hidden_size)
        self.b_hh = np.zeros(hidden_size)
        self.zero_grad()

    def zero_grad(self):
        self.dW_ih = np.zeros_like(self.W_ih)
        self.dW_hh = np.zeros_like(self.W_hh)
        self.db_ih = np.zeros_like(self.b_ih)
        self.db_hh = np.zeros_like(self.b_hh)

    def __call__(self, x, h_prev_t):
        return self.forward(x, h_prev_t)

    def forward(self, x, h_prev_t):
        h_t = self.activation(x @ self.W_ih.T + self.b_ih + h_prev_t @ self.W_hh.T + self.b_hh)
        return h_t

    def backward(self, delta, h_t, x, h_prev_t):
        batch = delta.shape[0]
        dz = delta * self.activation.backward(h_t)  # bp: F1
        self.dW_ih += dz.T @ x / batch  # bp: F3[self.W_ih]
        self.dW_hh += dz.T @ h_prev_t / batch  # bp: F3[self.W_hh]
        self.db_ih += dz.mean(axis=0)  # bp: F3
        self.db_hh += dz.mean(axis=0)  # bp: F3
        dx = dz @ self.W_ih  # bp: F2
        dh_prev_t = dz @ self.W_hh  # bp: F2
        return dx, dh_prev_t


rng = np.random.default_rng(4)
batch, steps, n_in, n_hidden = 16, 4, 3, 8
xs = rng.normal(size=(steps, batch, n_in))
target = xs.sum(axis=0)[:, :1] * 0.3
cell = RNNCell(n_in, n_hidden, rng)
W_out = rng.normal(0, 0.3, (1, n_hidden))
lr = 0.1

for epoch in range(301):
    hs = [np.zeros((batch, n_hidden))]
    for t in range(steps):
        hs.append(cell(xs[t], hs[-1]))
    pred = hs[-1] @ W_out.T
    loss = 0.5 * np.mean((pred - target) ** 2)
    dpred = (pred - target)  # bp: error
    dW_out = dpred.T @ hs[-1] / batch  # bp: F3[W_out]
    dh = dpred @ W_out  # bp: F2
    cell.zero_grad()
    for t in reversed(range(steps)):
        _, dh = cell.backward(dh, hs[t + 1], xs[t], hs[t])  # bp: F2
    W_out -= lr * dW_out  # bp: update[W_out]
    cell.W_ih -= lr * cell.dW_ih  # bp: update[self.W_ih]
    cell.W_hh -= lr * cell.dW_hh  # bp: update[self.W_hh]
    cell.b_ih -= lr * cell.db_ih  # bp: update[self.b_ih]
    cell.b_hh -= lr * cell.db_hh  # bp: update[self.b_hh]
    if epoch % 100 == 0:
        print("epoch", epoch, "loss", round(float(loss), 5))
