"""`bpscan verify` on networks kept in lists built from a list of layer sizes (the book style of
`self.weights = [np.random.randn(y, x) for x, y in zip(sizes[:-1], sizes[1:])]`): one row per element
of each list, the sizes verify chose said, and every planted bug a mismatch or an ascent, never `ok`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan.verify.command import check_path, render_full

# our own network in the shape of the book's: lists from a list of widths, a forward method, a backward
# method of (x, y) returning the gradient lists, negative indexes and `range(2, self.depth)`
LAYERED = '''\
import numpy as np


def logistic(v):
    return 1.0 / (1.0 + np.exp(-v))


def logistic_slope(v):
    s = logistic(v)
    return s * (1 - s)


class LayeredNet(object):
    def __init__(self, widths):
        self.depth = len(widths)
        self.widths = widths
        self.offsets = [np.random.randn(n, 1) for n in widths[1:]]
        self.kernels = [np.random.randn(n, m) for m, n in zip(widths[:-1], widths[1:])]

    def run(self, a):
        for c, k in zip(self.offsets, self.kernels):
            a = logistic(np.dot(k, a) + c)
        return a

    def step(self, batch, rate):
        acc_c = [np.zeros(c.shape) for c in self.offsets]
        acc_k = [np.zeros(k.shape) for k in self.kernels]
        for x, y in batch:
            g_c, g_k = self.backprop(x, y)
            acc_c = [a + g for a, g in zip(acc_c, g_c)]
            acc_k = [a + g for a, g in zip(acc_k, g_k)]
        self.kernels = [k - (rate / len(batch)) * g for k, g in zip(self.kernels, acc_k)]
        self.offsets = [c - (rate / len(batch)) * g for c, g in zip(self.offsets, acc_c)]

    def backprop(self, x, y):
        g_c = [np.zeros(c.shape) for c in self.offsets]
        g_k = [np.zeros(k.shape) for k in self.kernels]
        out = x
        outs = [x]
        pres = []
        for c, k in zip(self.offsets, self.kernels):
            pre = np.dot(k, out) + c
            pres.append(pre)
            out = logistic(pre)
            outs.append(out)
        err = self.output_error(outs[-1], y) * logistic_slope(pres[-1])
        g_c[-1] = err
        g_k[-1] = np.dot(err, outs[-2].transpose())
        for j in range(2, self.depth):
            slope = logistic_slope(pres[-j])
            err = np.dot(self.kernels[-j + 1].transpose(), err) * slope
            g_c[-j] = err
            g_k[-j] = np.dot(err, outs[-j - 1].transpose())
        return (g_c, g_k)

    def output_error(self, out, y):
        return out - y
'''

HIDDEN_DELTA = "err = np.dot(self.kernels[-j + 1].transpose(), err) * slope"

# the same network with cost classes chosen in the constructor and L2 weight decay in the update
COSTED = '''\
import numpy as np


def logistic(v):
    return 1.0 / (1.0 + np.exp(-v))


def logistic_slope(v):
    return logistic(v) * (1 - logistic(v))


class SquaredCost(object):
    @staticmethod
    def fn(a, y):
        return 0.5 * np.linalg.norm(a - y) ** 2

    @staticmethod
    def delta(z, a, y):
        return (a - y) * logistic_slope(z)


class LogCost(object):
    @staticmethod
    def fn(a, y):
        return np.sum(np.nan_to_num(-y * np.log(a) - (1 - y) * np.log(1 - a)))

    @staticmethod
    def delta(z, a, y):
        return a - y


class CostedNet(object):
    def __init__(self, sizes, cost=LogCost):
        self.n_layers = len(sizes)
        self.sizes = sizes
        self.cost = cost
        self.init_params()

    def init_params(self):
        self.biases = [np.random.randn(y, 1) for y in self.sizes[1:]]
        self.weights = [np.random.randn(y, x) / np.sqrt(x) for x, y in zip(self.sizes[:-1], self.sizes[1:])]

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = logistic(np.dot(w, a) + b)
        return a

    def update_batch(self, batch, eta, lmbda, n):
        nb = [np.zeros(b.shape) for b in self.biases]
        nw = [np.zeros(w.shape) for w in self.weights]
        for x, y in batch:
            dnb, dnw = self.backprop(x, y)
            nb = [p + q for p, q in zip(nb, dnb)]
            nw = [p + q for p, q in zip(nw, dnw)]
        self.weights = [(1 - eta * (lmbda / n)) * w - (eta / len(batch)) * g for w, g in zip(self.weights, nw)]
        self.biases = [b - (eta / len(batch)) * g for b, g in zip(self.biases, nb)]

    def backprop(self, x, y):
        nb = [np.zeros(b.shape) for b in self.biases]
        nw = [np.zeros(w.shape) for w in self.weights]
        act = x
        acts = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, act) + b
            zs.append(z)
            act = logistic(z)
            acts.append(act)
        delta = (self.cost).delta(zs[-1], acts[-1], y)
        nb[-1] = delta
        nw[-1] = np.dot(delta, acts[-2].transpose())
        for l in range(2, self.n_layers):
            sp = logistic_slope(zs[-l])
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nb[-l] = delta
            nw[-l] = np.dot(delta, acts[-l - 1].transpose())
        return (nb, nw)
'''

# row convention, a reversed loop over indexes, ReLU hidden layers and a softmax output with p - t
ROWS = '''\
import numpy as np


def relu(v):
    return np.maximum(v, 0)


def relu_grad(v):
    return (v > 0).astype(float)


def softmax(v):
    e = np.exp(v - np.max(v))
    return e / np.sum(e)


class MLP:
    def __init__(self, layer_sizes, lr=0.1):
        self.lr = lr
        self.W = [np.random.randn(a, b) * 0.1 for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
        self.b = [np.zeros(b) for b in layer_sizes[1:]]

    def forward(self, x):
        h = x
        for i in range(len(self.W) - 1):
            h = relu(h @ self.W[i] + self.b[i])
        return softmax(h @ self.W[-1] + self.b[-1])

    def gradients(self, x, t):
        hs = [x]
        pre = []
        h = x
        for i in range(len(self.W) - 1):
            z = h @ self.W[i] + self.b[i]
            pre.append(z)
            h = relu(z)
            hs.append(h)
        p = softmax(h @ self.W[-1] + self.b[-1])
        d = p - t
        gW = [None] * len(self.W)
        gb = [None] * len(self.b)
        for i in reversed(range(len(self.W))):
            gW[i] = np.outer(hs[i], d)
            gb[i] = d
            if i > 0:
                d = (d @ self.W[i].T) * relu_grad(pre[i - 1])
        return gW, gb

    def train_step(self, x, t):
        gW, gb = self.gradients(x, t)
        for i in range(len(self.W)):
            self.W[i] -= self.lr * gW[i]
            self.b[i] -= self.lr * gb[i]
'''


def _write(tmp_path: Path, text: str, name: str = "net.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path: Path) -> dict[str, object]:
    return {c.param: c for c in check_path(str(path)).params}


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_a_network_in_lists_verifies_element_by_element_with_the_sizes_said(tmp_path: Path) -> None:
    path = _write(tmp_path, LAYERED)
    report = check_path(str(path))
    rows = {c.param: c for c in report.params}
    # sizes [3, 5, 4, 2]: three layers, each list element a row (the scan's `self.kernels[*]` row gives way)
    assert sorted(rows) == sorted(f"self.{f}[{k}]" for f in ("offsets", "kernels") for k in range(3))
    assert {c.verdict for c in rows.values()} == {"ok"}
    assert {c.update for c in rows.values()} == {"descent"}
    assert all(c.rel_error is not None and c.rel_error < 1e-6 for c in rows.values())
    # each row names the statement that made that element: the output layer's before the loop, the others in it
    lines = LAYERED.splitlines()
    assert "g_k[-1] = " in lines[rows["self.kernels[2]"].line - 1]
    assert "g_k[-j] = " in lines[rows["self.kernels[0]"].line - 1]
    table = render_full([report])
    assert "class LayeredNet built with widths=[3, 5, 4, 2]" in table
    assert "layer" not in table.split("parameter")[1]  # no layer rows of the class beside them


@pytest.mark.parametrize("name, old, new, wrong, blamed", [
    ("sign of the hidden delta", HIDDEN_DELTA, "err = -np.dot(self.kernels[-j + 1].transpose(), err) * slope",
     {"self.offsets[1]", "self.kernels[1]"}, "err = -np.dot("),
    ("missing derivative in the hidden layers", HIDDEN_DELTA, "err = np.dot(self.kernels[-j + 1].transpose(), err)",
     {"self.offsets[0]", "self.offsets[1]", "self.kernels[0]", "self.kernels[1]"}, "err = np.dot("),
    ("activation of the wrong layer", "g_k[-j] = np.dot(err, outs[-j - 1].transpose())",
     "g_k[-j] = np.dot(err, outs[-j].transpose())", {"self.kernels[0]", "self.kernels[1]"}, "g_k[-j] = "),
    # the derivative written on a line of its own: the delta that multiplies it in is where the value departs
    ("derivative of the activation instead of the pre-activation", "slope = logistic_slope(pres[-j])",
     "slope = logistic_slope(outs[-j])", {"self.offsets[0]", "self.offsets[1]", "self.kernels[0]", "self.kernels[1]"},
     "err = np.dot("),
])
def test_a_bug_in_the_backward_loop_is_a_mismatch_on_the_elements_it_reaches(
        tmp_path: Path, name: str, old: str, new: str, wrong: set[str], blamed: str) -> None:
    text = _edit(LAYERED, old, new)
    rows = _rows(_write(tmp_path, text))
    bad = {p for p, c in rows.items() if c.verdict == "mismatch"}
    assert bad == wrong, name
    # the output layer, computed before the loop, still matches
    assert rows["self.kernels[2]"].verdict == "ok" and rows["self.offsets[2]"].verdict == "ok"
    # each wrong element is blamed on the first statement of its chain whose value departs
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip().startswith(blamed))
    assert {rows[p].culprit_line for p in bad} == {line}, name


def test_a_backward_that_fails_on_the_shapes_the_forward_takes_is_not_verified_with_its_line(tmp_path: Path) -> None:
    # the derivative of the next layer's pre-activation: it cannot be multiplied in, and what target shape
    # the file expects is not known, so it is not called a mismatch
    text = _edit(LAYERED, "slope = logistic_slope(pres[-j])", "slope = logistic_slope(pres[-j + 1])")
    rows = _rows(_write(tmp_path, text))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "err = np.dot(self.kernels" in t)
    assert rows and {c.verdict for c in rows.values()} == {"not verified"}
    assert all("ValueError" in c.reason and f"line {line}" in c.reason for c in rows.values())


def test_a_sign_error_the_whole_network_shares_climbs_the_loss_and_is_never_ok(tmp_path: Path) -> None:
    rows = _rows(_write(tmp_path, _edit(LAYERED, "return out - y", "return y - out")))
    assert {c.verdict for c in rows.values()} == {"ascent"}
    assert {c.sign for c in rows.values()} == {"negative gradient"}
    rows = _rows(_write(tmp_path, _edit(LAYERED, "self.kernels = [k - (rate", "self.kernels = [k + (rate"), "up.py"))
    assert {rows[f"self.kernels[{k}]"].verdict for k in range(3)} == {"ascent"}
    assert {rows[f"self.offsets[{k}]"].verdict for k in range(3)} == {"ok"}


def test_every_cost_class_is_checked_with_its_own_loss(tmp_path: Path) -> None:
    report = check_path(str(_write(tmp_path, COSTED)))
    rows = {c.param: c for c in report.params}
    assert len(rows) == 12 and {c.verdict for c in rows.values()} == {"ok"}
    assert {p.rsplit(" ", 1)[1] for p in rows} == {"[cost=LogCost]", "[cost=SquaredCost]"}
    # the decay in the update is said, not silently taken for part of the gradient
    assert all("decays self.weights" in (c.reason or "") for p, c in rows.items() if "weights" in p)
    assert any("cost=SquaredCost" in b and "SquaredCost.fn" in b for b in report.built)


def test_a_cost_whose_delta_disagrees_with_its_loss_is_a_mismatch_for_that_cost_only(tmp_path: Path) -> None:
    text = _edit(COSTED, "        return a - y\n", "        return (a - y) * logistic_slope(z)\n")
    rows = _rows(_write(tmp_path, text))
    assert {c.verdict for p, c in rows.items() if "LogCost" in p} == {"mismatch"}
    assert {c.verdict for p, c in rows.items() if "SquaredCost" in p} == {"ok"}


def test_a_weight_decay_that_grows_the_weights_is_a_mismatch_at_the_update(tmp_path: Path) -> None:
    text = _edit(COSTED, "(1 - eta * (lmbda / n)) * w", "(1 + eta * (lmbda / n)) * w")
    rows = _rows(_write(tmp_path, text))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "(1 + eta" in t)
    weights = [c for p, c in rows.items() if "weights" in p]
    assert weights and all(c.verdict == "mismatch" and c.culprit_line == line for c in weights)
    assert {c.verdict for p, c in rows.items() if "biases" in p} == {"ok"}


def test_row_vectors_a_reversed_index_loop_and_relu_softmax_verify(tmp_path: Path) -> None:
    rows = _rows(_write(tmp_path, ROWS))
    assert len(rows) == 6 and {c.verdict for c in rows.values()} == {"ok"}
    assert {c.update for c in rows.values()} == {"descent"}
    bug = _edit(ROWS, "relu_grad(pre[i - 1])", "relu_grad(hs[i - 1] @ self.W[i - 1])")
    rows = _rows(_write(tmp_path, bug, "bug.py"))
    assert "mismatch" in {c.verdict for c in rows.values()} and "ok" in {c.verdict for c in rows.values()}


@pytest.mark.parametrize("old, new, construct", [
    ("        out = x\n", "        out = x\n        with open('log.txt', 'w') as fh:\n            fh.write('x')\n",
     "`with` statement"),
    ("        out = x\n", "        out = x\n        helper = lambda v: v\n", "Lambda"),
    ("        out = x\n", "        out = x\n        import os\n", "`import` statement"),
])
def test_a_construct_outside_the_whitelist_is_not_verified_with_its_line(
        tmp_path: Path, old: str, new: str, construct: str) -> None:
    text = _edit(LAYERED, old, new)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip() and t.strip() in new.splitlines()[1])
    rows = _rows(_write(tmp_path, text))
    assert rows and {c.verdict for c in rows.values()} == {"not verified"}
    for c in rows.values():
        assert construct in c.reason and f"line {line}" in c.reason
    assert not (tmp_path / "log.txt").exists()


def test_a_constructor_argument_verify_cannot_choose_is_said(tmp_path: Path) -> None:
    text = _edit(LAYERED, "def __init__(self, widths):", "def __init__(self, widths, seed_source):")
    rows = _rows(_write(tmp_path, text))
    assert {c.verdict for c in rows.values()} == {"not verified"}
    assert all("seed_source has no default" in c.reason for c in rows.values())


def test_string_modes_of_the_constructor_are_each_checked(tmp_path: Path) -> None:
    text = _edit(LAYERED, "def __init__(self, widths):\n",
                 "def __init__(self, widths, mode):\n        self.f = {'logistic': logistic, 'tanh': np.tanh}[mode]\n")
    rows = _rows(_write(tmp_path, text))
    assert {p.rsplit(" ", 1)[1] for p in rows} == {"[mode='logistic']", "[mode='tanh']"}
    assert {c.verdict for c in rows.values()} == {"ok"}


def test_the_cli_says_the_sizes_and_the_json_carries_them(tmp_path: Path) -> None:
    path = _write(tmp_path, LAYERED)
    code = "import sys; from bpscan.cli import main; sys.exit(main(['verify', *sys.argv[1:]]))"
    proc = subprocess.run([sys.executable, "-c", code, "--format", "json", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    entry = json.loads(proc.stdout)["files"][0]
    assert any("widths=[3, 5, 4, 2]" in b for b in entry["built"])
    assert {p["verdict"] for p in entry["params"]} == {"ok"}
    bug = _write(tmp_path, _edit(LAYERED, HIDDEN_DELTA, "err = np.dot(self.kernels[-j + 1].transpose(), err)"), "b.py")
    proc = subprocess.run([sys.executable, "-c", code, "--format", "concise", str(bug)], capture_output=True, text=True)
    assert proc.returncode == 1 and "MISMATCH" in proc.stdout and "widths=[3, 5, 4, 2]" in proc.stdout


APPENDED = '''\
import numpy as np


class Net:
    def __init__(self, dims, rng):
        self.Ws = []
        self.bs = []
        for i in range(len(dims) - 1):
            self.Ws.append(rng.standard_normal((dims[i], dims[i + 1])) * 0.3)
            self.bs.append(rng.standard_normal(dims[i + 1]) * 0.1)

    def predict(self, x):
        a = x
        for W, b in zip(self.Ws, self.bs):
            a = np.tanh(a.dot(W) + b)
        return a

    def grads(self, x, y):
        acts = [x]
        for W, b in zip(self.Ws, self.bs):
            acts.append(np.tanh(acts[-1].dot(W) + b))
        delta = (acts[-1] - y) * (1 - acts[-1] ** 2)
        dWs, dbs = [], []
        for i in range(len(self.Ws) - 1, -1, -1):
            dWs.insert(0, np.outer(acts[i], delta))
            dbs.insert(0, delta)
            delta = delta.dot(self.Ws[i].T) * (1 - acts[i] ** 2)
        return dWs, dbs
'''


def test_lists_filled_by_append_with_the_files_generator_verify(tmp_path: Path) -> None:
    rows = _rows(_write(tmp_path, APPENDED))
    assert len(rows) == 6 and {c.verdict for c in rows.values()} == {"ok"}
    lines = APPENDED.splitlines()
    assert all("insert(0" in lines[c.line - 1] for c in rows.values())
    # the tanh derivative written without its square in the hidden layers
    bug = _edit(APPENDED, "delta = delta.dot(self.Ws[i].T) * (1 - acts[i] ** 2)",
                "delta = delta.dot(self.Ws[i].T) * (1 - acts[i])")
    rows = _rows(_write(tmp_path, bug, "bug.py"))
    assert {p for p, c in rows.items() if c.verdict == "mismatch"} == {"self.Ws[0]", "self.Ws[1]", "self.bs[0]",
                                                                       "self.bs[1]"}


def test_the_scans_verify_reports_a_list_networks_mismatch_as_bp601_at_its_line() -> None:
    from bpscan.analysis import analyze_source

    assert [f for f in analyze_source(LAYERED, "net.py", verify=True).findings if f.code == "BP601"] == []
    bug = _edit(LAYERED, HIDDEN_DELTA, "err = np.dot(self.kernels[-j + 1].transpose(), err)")
    lines = {f.line for f in analyze_source(bug, "net.py", verify=True).findings if f.code == "BP601"}
    # the elements the loop makes are wrong: reported at the delta they are made from, once
    assert lines == {i for i, t in enumerate(bug.splitlines(), 1) if t.strip().startswith("err = np.dot(")}


def test_a_mode_looked_up_in_a_module_table_is_checked_for_each_entry(tmp_path: Path) -> None:
    # the forward applies the chosen activation, the backward always the logistic one: right for one entry only
    text = _edit(LAYERED, "class LayeredNet(object):\n",
                 "ACTS = dict(zip(['logistic', 'tanh'], [logistic, np.tanh]))\n\n\nclass LayeredNet(object):\n")
    text = _edit(text, "def __init__(self, widths):\n",
                 "def __init__(self, widths, act):\n        self.f = ACTS[act]\n")
    text = _edit(text, "a = logistic(np.dot(k, a) + c)", "a = self.f(np.dot(k, a) + c)")
    rows = _rows(_write(tmp_path, text))
    assert {c.verdict for p, c in rows.items() if "'logistic'" in p} == {"ok"}
    tanh = [c for p, c in rows.items() if "'tanh'" in p]
    # the output error `out - y` is read (the batch's pairs are a sample and its target), so the loss is the
    # squared error it is the gradient of; under tanh the logistic slope the backward applies is wrong for it
    assert tanh and "mismatch" in {c.verdict for c in tanh}
    assert {c.verdict for c in tanh} <= {"mismatch", "ok"}
    # pairs whose names say nothing of sample and target: no output error is read, no loss is written, and
    # none of the standard ones fits the output layer under tanh: not verified, and why
    vague = _edit(text, "for x, y in batch:\n            g_c, g_k = self.backprop(x, y)",
                  "for u, v in batch:\n            g_c, g_k = self.backprop(u, v)")
    tanh = [c for p, c in _rows(_write(tmp_path, vague)).items() if "'tanh'" in p]
    assert tanh and {c.verdict for c in tanh} == {"not verified"}
    assert all("fits none of the squared error" in c.reason for c in tanh)


BATCHED = '''\
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class BatchNet:
    def __init__(self, layers):
        self.W = [np.random.randn(i, o) * 0.5 for i, o in zip(layers[:-1], layers[1:])]
        self.b = [np.zeros((1, o)) for o in layers[1:]]

    def forward(self, X):
        A = X
        for W, b in zip(self.W, self.b):
            A = sigmoid(A @ W + b)
        return A

    def backward(self, X, Y):
        m = X.shape[0]
        As = [X]
        for W, b in zip(self.W, self.b):
            As.append(sigmoid(As[-1] @ W + b))
        dZ = (As[-1] - Y) / m
        dW, db = [], []
        for l in range(len(self.W) - 1, -1, -1):
            dW.insert(0, As[l].T @ dZ)
            db.insert(0, dZ.sum(axis=0, keepdims=True))
            if l > 0:
                dZ = (dZ @ self.W[l].T) * As[l] * (1 - As[l])
        return dW, db

    def fit(self, X, Y, lr=0.5, epochs=100):
        for _ in range(epochs):
            dW, db = self.backward(X, Y)
            self.W = [W - lr * g for W, g in zip(self.W, dW)]
            self.b = [b - lr * g for b, g in zip(self.b, db)]
'''


def test_a_network_that_takes_batches_is_checked_on_a_row_layout_with_its_update(tmp_path: Path) -> None:
    report = check_path(str(_write(tmp_path, BATCHED)))
    rows = {c.param: c for c in report.params}
    assert len(rows) == 6 and {c.verdict for c in rows.values()} == {"ok"}
    # fit(X, Y, lr=0.5, epochs=100) run for one epoch: a descent
    assert {c.update for c in rows.values()} == {"descent"}
    assert "x of shape (1, 3)" in report.built[0]
    bug = _edit(BATCHED, "db.insert(0, dZ.sum(axis=0, keepdims=True))", "db.insert(0, dZ.sum(axis=1, keepdims=True))")
    rows = _rows(_write(tmp_path, bug, "bug.py"))
    # the bias gradients summed over the wrong axis: a mismatch by shape, whatever the loss; the weights stay ok
    assert {p for p, c in rows.items() if c.verdict == "mismatch"} == {f"self.b[{k}]" for k in range(3)}
    assert all("its shape (1, 1) differs" in rows[f"self.b[{k}]"].reason for k in range(3))
    assert {rows[f"self.W[{k}]"].verdict for k in range(3)} == {"ok"}


def test_a_gradient_of_the_parameters_size_in_another_shape_is_not_a_mismatch(tmp_path: Path) -> None:
    # db of shape (n,) for a (1, n) bias: `b - lr * db` broadcasts to the same step
    text = _edit(BATCHED, "db.insert(0, dZ.sum(axis=0, keepdims=True))", "db.insert(0, dZ.sum(axis=0))")
    rows = _rows(_write(tmp_path, text))
    assert len(rows) == 6 and {c.verdict for c in rows.values()} == {"ok"}


def test_a_method_returning_the_parameter_lists_is_never_taken_for_the_gradient(tmp_path: Path) -> None:
    # the backward stops at a construct verify does not model; a getter of the same shape is no gradient
    text = _edit(LAYERED, "        out = x\n", "        out = x\n        with np.errstate(all='ignore'):\n            pass\n")
    text = _edit(text, "    def output_error(self, out, y):\n",
                 "    def lists(self, scale, shift):\n        return (self.offsets, self.kernels)\n\n"
                 "    def output_error(self, out, y):\n")
    rows = _rows(_write(tmp_path, text))
    assert rows and {c.verdict for c in rows.values()} == {"not verified"}
    assert all("`with` statement" in c.reason for c in rows.values())
