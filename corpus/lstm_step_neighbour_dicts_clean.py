"""One LSTM time step as a cell object whose forward returns a dict of every value it computed and
whose backward is handed those dicts.

Column convention: ``x`` is (n_in, batch), ``h`` and ``c`` are (n_hidden, batch), and every
weight multiplies from the left (``W @ x``).  The gates are ``a`` (the tanh candidate), ``i``
(input), ``f`` (forget) and ``o`` (output); each has an input weight ``W``, a recurrent weight
``R`` and a bias ``b``, kept in one dict under ``"Wa"``, ``"Ra"``, ``"ba"`` and so on, beside the
output projection ``"Wy"``, ``"by"``.  The gate nonlinearities are objects whose ``prime`` takes
the pre-activation.

``backward(dy, fd, prev_fd, next_fd, next_gd)`` takes the gradient at this step's output ``y``, this
step's forward dict, the dicts of the steps before and after it (the cell state it started from is
``prev_fd["c"]``, the hidden state its gates read is ``prev_fd["h"]``) and the dict this same method
returned for the next step (its gate deltas and the gradient at its cell state).  It returns this step's
deltas and weight gradients; the caller sums the weight gradients over time.  Past either end the caller
hands dicts of zeros.
"""
# bp-corpus: clean
# bp-style: layer class with no training run in the file, column convention (W @ x + R @ h_prev + b), LSTM cell with four gates a/i/f/o whose weights live in one dict self.weights["Wa"], ["Ra"], ["ba"], ... plus an output projection Wy/by, gate activations as objects (self.act_gate = Sigmoid(), self.act_cell = Tanh() with forward/prime of the pre-activation), forward(self, x, c, h) returning a dict of all its values, backward(self, dy, fd, prev_fd, next_fd, next_gd) handed the gradient at its output, the forward dicts of this step and of its two neighbours and the gradient dict of the next step, returning a dict of deltas and weight gradients
# bp-driver: drivers/lstm_step_neighbour_dicts_clean_driver.py
import numpy as np


class Sigmoid:
    def forward(self, x):
        return 1.0 / (1.0 + np.exp(-x))

    def prime(self, x):
        s = self.forward(x)
        return s * (1.0 - s)


class Tanh:
    def forward(self, x):
        return np.tanh(x)

    def prime(self, x):
        return 1.0 - np.tanh(x) ** 2


class LSTMCell:
    def __init__(self, n_hidden, n_in, n_out, seed=0):
        rng = np.random.default_rng(seed)
        self.act_gate = Sigmoid()
        self.act_cell = Tanh()
        self.weights = {}
        for g in ["a", "i", "f", "o"]:
            self.weights["W" + g] = rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_hidden, n_in))
            self.weights["R" + g] = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), (n_hidden, n_hidden))
            # (the forget gate starts open: the cell state is kept at first)
            self.weights["b" + g] = np.ones((n_hidden, 1)) if g == "f" else np.zeros((n_hidden, 1))
        self.weights["Wy"] = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), (n_out, n_hidden))
        self.weights["by"] = np.zeros((n_out, 1))

    def forward(self, x, c, h):
        w = self.weights
        abar = w["Wa"] @ x + w["Ra"] @ h + w["ba"]
        a = self.act_cell.forward(abar)
        ibar = w["Wi"] @ x + w["Ri"] @ h + w["bi"]
        i = self.act_gate.forward(ibar)
        fbar = w["Wf"] @ x + w["Rf"] @ h + w["bf"]
        f = self.act_gate.forward(fbar)
        obar = w["Wo"] @ x + w["Ro"] @ h + w["bo"]
        o = self.act_gate.forward(obar)
        c = a * i + c * f
        h = self.act_cell.forward(c) * o
        y = w["Wy"] @ h + w["by"]
        return {"x": x, "c": c, "h": h, "y": y,
                "abar": abar, "a": a, "ibar": ibar, "i": i, "fbar": fbar, "f": f, "obar": obar, "o": o}

    def backward(self, dy, fd, prev_fd, next_fd, next_gd):
        w = self.weights
        dWy = dy @ fd["h"].T  # bp: F3
        dby = dy.sum(axis=1, keepdims=True)  # bp: F3
        # the hidden state feeds this step's output and all four gates of the next step
        dh = w["Wy"].T @ dy + w["Ra"].T @ next_gd["da"] + w["Ri"].T @ next_gd["di"] \
            + w["Rf"].T @ next_gd["df"] + w["Ro"].T @ next_gd["do"]  # bp: F2
        do = dh * self.act_cell.forward(fd["c"]) * self.act_gate.prime(fd["obar"])  # bp: F1
        # the cell state feeds this step's h and, through the next forget gate, the next cell state
        dc = dh * fd["o"] * self.act_cell.prime(fd["c"]) + next_gd["dc"] * next_fd["f"]  # bp: F1
        df = dc * prev_fd["c"] * self.act_gate.prime(fd["fbar"])  # bp: F1
        di = dc * fd["a"] * self.act_gate.prime(fd["ibar"])  # bp: F1
        da = dc * fd["i"] * self.act_cell.prime(fd["abar"])  # bp: F1
        dWa = da @ fd["x"].T  # bp: F3
        dWi = di @ fd["x"].T  # bp: F3
        dWf = df @ fd["x"].T  # bp: F3
        dWo = do @ fd["x"].T  # bp: F3
        dRa = da @ prev_fd["h"].T  # bp: F3
        dRi = di @ prev_fd["h"].T  # bp: F3
        dRf = df @ prev_fd["h"].T  # bp: F3
        dRo = do @ prev_fd["h"].T  # bp: F3
        dba = da.sum(axis=1, keepdims=True)  # bp: F3
        dbi = di.sum(axis=1, keepdims=True)  # bp: F3
        dbf = df.sum(axis=1, keepdims=True)  # bp: F3
        dbo = do.sum(axis=1, keepdims=True)  # bp: F3
        return {"dc": dc, "da": da, "di": di, "df": df, "do": do, "dWy": dWy, "dby": dby,
                "dWa": dWa, "dWi": dWi, "dWf": dWf, "dWo": dWo,
                "dRa": dRa, "dRi": dRi, "dRf": dRf, "dRo": dRo,
                "dba": dba, "dbi": dbi, "dbf": dbf, "dbo": dbo}
