"""LSTM cells chained by hand; each cell keeps its state and learns from the diff handed down."""
# bp-corpus: clean
# bp-style: LSTM cells chained by hand in a module beside the script, column vectors (np.dot(W, joined) over np.hstack((x, h_before))), four gate weights on a shared Weights object with *_grad buffers summed by += np.outer(delta, joined) and applied by Weights.step; each Cell keeps its gates on a Memory object (feed) and takes the gradients of h and c from above (receive); the hidden state h = cell * gate_out is the output, compared with the target by a loss object of the driver
import numpy as np


def sig(v):
    return 1.0 / (1.0 + np.exp(-v))


def sig_grad(s):
    return s * (1.0 - s)


def tanh_grad(t):
    return 1.0 - t ** 2


def uniform(lo, hi, *shape):
    return np.random.rand(*shape) * (hi - lo) + lo


class Weights:
    def __init__(self, cells, n_in):
        self.cells = cells
        self.n_in = n_in
        width = cells + n_in
        self.w_c = uniform(-0.1, 0.1, cells, width)
        self.w_in = uniform(-0.1, 0.1, cells, width)
        self.w_fg = uniform(-0.1, 0.1, cells, width)
        self.w_out = uniform(-0.1, 0.1, cells, width)
        self.b_c = uniform(-0.1, 0.1, cells)
        self.b_in = uniform(-0.1, 0.1, cells)
        self.b_fg = uniform(-0.1, 0.1, cells)
        self.b_out = uniform(-0.1, 0.1, cells)
        self.w_c_grad = np.zeros((cells, width))
        self.w_in_grad = np.zeros((cells, width))
        self.w_fg_grad = np.zeros((cells, width))
        self.w_out_grad = np.zeros((cells, width))
        self.b_c_grad = np.zeros(cells)
        self.b_in_grad = np.zeros(cells)
        self.b_fg_grad = np.zeros(cells)
        self.b_out_grad = np.zeros(cells)

    def step(self, rate=1.0):
        self.w_c -= rate * self.w_c_grad  # bp: update
        self.w_in -= rate * self.w_in_grad  # bp: update
        self.w_fg -= rate * self.w_fg_grad  # bp: update
        self.w_out -= rate * self.w_out_grad  # bp: update
        self.b_c -= rate * self.b_c_grad  # bp: update
        self.b_in -= rate * self.b_in_grad  # bp: update
        self.b_fg -= rate * self.b_fg_grad  # bp: update
        self.b_out -= rate * self.b_out_grad  # bp: update
        self.w_c_grad = np.zeros_like(self.w_c)
        self.w_in_grad = np.zeros_like(self.w_in)
        self.w_fg_grad = np.zeros_like(self.w_fg)
        self.w_out_grad = np.zeros_like(self.w_out)
        self.b_c_grad = np.zeros_like(self.b_c)
        self.b_in_grad = np.zeros_like(self.b_in)
        self.b_fg_grad = np.zeros_like(self.b_fg)
        self.b_out_grad = np.zeros_like(self.b_out)


class Memory:
    def __init__(self, cells):
        self.cand = np.zeros(cells)
        self.gate_in = np.zeros(cells)
        self.gate_fg = np.zeros(cells)
        self.gate_out = np.zeros(cells)
        self.cell = np.zeros(cells)
        self.hidden = np.zeros(cells)
        self.carry_h = np.zeros_like(self.hidden)
        self.carry_c = np.zeros_like(self.cell)


class Cell:
    def __init__(self, weights, memory):
        self.mem = memory
        self.w = weights
        self.joined = None

    def feed(self, x, c_before=None, h_before=None):
        if c_before is None:
            c_before = np.zeros_like(self.mem.cell)
        if h_before is None:
            h_before = np.zeros_like(self.mem.hidden)
        self.c_before = c_before
        self.h_before = h_before
        joined = np.hstack((x, h_before))
        self.mem.cand = np.tanh(np.dot(self.w.w_c, joined) + self.w.b_c)
        self.mem.gate_in = sig(np.dot(self.w.w_in, joined) + self.w.b_in)
        self.mem.gate_fg = sig(np.dot(self.w.w_fg, joined) + self.w.b_fg)
        self.mem.gate_out = sig(np.dot(self.w.w_out, joined) + self.w.b_out)
        self.mem.cell = self.mem.cand * self.mem.gate_in + c_before * self.mem.gate_fg
        self.mem.hidden = self.mem.cell * self.mem.gate_out
        self.joined = joined

    def receive(self, grad_h, grad_c):
        d_cell = self.mem.gate_out * grad_h + grad_c  # bp: F1
        d_out = self.mem.cell * grad_h  # bp: F1
        d_in = self.mem.cand * d_cell  # bp: F1
        d_cand = self.mem.gate_in * d_cell  # bp: F1
        d_fg = self.c_before * d_cell  # bp: F1

        d_in_pre = sig_grad(self.mem.gate_in) * d_in  # bp: F1
        d_fg_pre = sig_grad(self.mem.gate_fg) * d_fg  # bp: F1
        d_out_pre = sig_grad(self.mem.gate_out) * d_out  # bp: F1
        d_cand_pre = tanh_grad(self.mem.cand) * d_cand  # bp: F1

        self.w.w_in_grad += np.outer(d_in_pre, self.joined)  # bp: F3
        self.w.w_fg_grad += np.outer(d_fg_pre, self.joined)  # bp: F3
        self.w.w_out_grad += np.outer(d_out_pre, self.joined)  # bp: F3
        self.w.w_c_grad += np.outer(d_cand_pre, self.joined)  # bp: F3
        self.w.b_in_grad += d_in_pre  # bp: F3
        self.w.b_fg_grad += d_fg_pre  # bp: F3
        self.w.b_out_grad += d_out_pre  # bp: F3
        self.w.b_c_grad += d_cand_pre  # bp: F3

        d_joined = np.zeros_like(self.joined)
        d_joined += np.dot(self.w.w_in.T, d_in_pre)  # bp: F2
        d_joined += np.dot(self.w.w_fg.T, d_fg_pre)  # bp: F2
        d_joined += np.dot(self.w.w_out.T, d_out_pre)  # bp: F2
        d_joined += np.dot(self.w.w_c.T, d_cand_pre)  # bp: F2

        self.mem.carry_c = d_cell * self.mem.gate_fg  # bp: F1
        self.mem.carry_h = d_joined[self.w.n_in:]


class Chain:
    def __init__(self, weights):
        self.weights = weights
        self.cells = []
        self.inputs = []

    def score_against(self, ys, scorer):
        assert len(ys) == len(self.inputs)
        k = len(self.inputs) - 1
        total = scorer.loss(self.cells[k].mem.hidden, ys[k])
        g_h = scorer.diff(self.cells[k].mem.hidden, ys[k])  # bp: error
        g_c = np.zeros(self.weights.cells)
        self.cells[k].receive(g_h, g_c)                             # bp: F2
        k -= 1
        while k >= 0:
            total += scorer.loss(self.cells[k].mem.hidden, ys[k])
            g_h = scorer.diff(self.cells[k].mem.hidden, ys[k])  # bp: error
            g_h += self.cells[k + 1].mem.carry_h
            g_c = self.cells[k + 1].mem.carry_c
            self.cells[k].receive(g_h, g_c)                         # bp: F2
            k -= 1
        return total

    def clear(self):
        self.inputs = []

    def push(self, x):
        self.inputs.append(x)
        if len(self.inputs) > len(self.cells):
            self.cells.append(Cell(self.weights, Memory(self.weights.cells)))
        k = len(self.inputs) - 1
        if k == 0:
            self.cells[k].feed(x)
        else:
            c_before = self.cells[k - 1].mem.cell
            h_before = self.cells[k - 1].mem.hidden
            self.cells[k].feed(x, c_before, h_before)
