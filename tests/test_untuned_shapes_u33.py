"""Shapes of real code met in the U33 probes (2026-12-06), in our own words: matrix classes that loop over every
entry, weights drawn and stepped one entry at a time, (parameter, gradient) pairs handed to an optimiser before
any forward pass, a normalisation's gain no step trains. Each test failed on the checkout before its fix, except
the guards that say so."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# ------------------------------------------------------------------ a matrix class of loops over entries

# Rows of floats in `self.cells`; static helpers make a new matrix, in-place methods change the one they are
# called on. The network's backward pass is written as calls of the class.
_MATRIX_NET = '''
    import math
    import random


    class Mat:
        def __init__(self, rows, cols):
            self.rows = rows
            self.cols = cols
            self.cells = [[0 for _ in range(cols)] for _ in range(rows)]

        @staticmethod
        def vector(xs):
            m = Mat(len(xs), 1)
            for i in range(len(xs)):
                m.cells[i][0] = xs[i]
            return m

        def shuffle(self):
            for i in range(self.rows):
                for j in range(self.cols):
                    self.cells[i][j] = random.gauss(0, 1)

        @staticmethod
        def sub(a, b):
            res = Mat(a.rows, a.cols)
            for i in range(a.rows):
                for j in range(a.cols):
                    res.cells[i][j] = a.cells[i][j] - b.cells[i][j]
            return res

        @staticmethod
        def trans(a):
            res = Mat(a.cols, a.rows)
            for i in range(a.rows):
                for j in range(a.cols):
                    res.cells[j][i] = a.cells[i][j]
            return res

        @staticmethod
        def prod(a, b):
            res = Mat(a.rows, b.cols)
            for i in range(a.rows):
                for j in range(b.cols):
                    s = 0
                    for k in range(a.cols):
                        s += a.cells[i][k] * b.cells[k][j]
                    res.cells[i][j] = s
            return res

        @staticmethod
        def each(a, f):
            res = Mat(a.rows, a.cols)
            for i in range(a.rows):
                for j in range(a.cols):
                    res.cells[i][j] = f(a.cells[i][j])
            return res

        def times(self, other):
            if isinstance(other, Mat):
                for i in range(self.rows):
                    for j in range(self.cols):
                        self.cells[i][j] *= other.cells[i][j]
            else:
                for i in range(self.rows):
                    for j in range(self.cols):
                        self.cells[i][j] *= other

        def plus(self, other):
            for i in range(self.rows):
                for j in range(self.cols):
                    self.cells[i][j] += other.cells[i][j]

        def apply(self, f):
            for i in range(self.rows):
                for j in range(self.cols):
                    self.cells[i][j] = f(self.cells[i][j])


    def sig(v):
        return 1 / (1 + math.exp(-v))


    def sig_d(s):
        return s * (1 - s)


    class Net:
        def __init__(self, a, b, c):
            self.wa = Mat(b, a)
            self.wb = Mat(c, b)
            self.ba = Mat(b, 1)
            self.bb = Mat(c, 1)
            self.wa.shuffle()
            self.wb.shuffle()
            self.ba.shuffle()
            self.bb.shuffle()
            self.lr = 0.2

        def fit(self, xs, ts):
            x = Mat.vector(xs)
            h = Mat.prod(self.wa, x)
            h.plus(self.ba)
            h.apply(sig)
            y = Mat.prod(self.wb, h)
            y.plus(self.bb)
            y.apply(sig)
            t = Mat.vector(ts)
            err = Mat.sub(t, y)
            gy = Mat.each(y, sig_d)
            gy.times(err)
            back = Mat.prod(Mat.trans(self.wb), gy)
            gh = Mat.each(h, sig_d)
            gh.times(back)
            dwb = Mat.prod(gy, Mat.trans(h))
            dwa = Mat.prod(gh, Mat.trans(x))
            dwb.times(self.lr)
            dwa.times(self.lr)
            gy.times(self.lr)
            gh.times(self.lr)
            {steps}


    net = Net(2, 4, 1)
    for _ in range(5000):
        net.fit([0.0, 1.0], [1.0])
'''

_STEPS = '''self.wb.plus(dwb)
            self.bb.plus(gy)
            self.wa.plus(dwa)
            self.ba.plus(gh)'''


def test_a_matrix_class_looping_over_entries_reads_as_whole_matrices_at_the_calls() -> None:
    # `res.cells[i][j] = a.cells[i][j] - b.cells[i][j]` over every i and j is `res.cells = a.cells - b.cells`;
    # the formula a helper computes is tagged at the call that uses it, the step at the call that takes it
    src = _MATRIX_NET.replace("{steps}", _STEPS)
    k = _kinds(src)
    assert "error" in k.get(_line(src, "err = Mat.sub(t, y)"), set())
    assert "F1" in k.get(_line(src, "gy.times(err)"), set())
    assert "F2" in k.get(_line(src, "back = Mat.prod(Mat.trans(self.wb), gy)"), set())
    assert "F1" in k.get(_line(src, "gh.times(back)"), set())
    assert "F3" in k.get(_line(src, "dwb = Mat.prod(gy, Mat.trans(h))"), set())
    assert "F3" in k.get(_line(src, "dwa = Mat.prod(gh, Mat.trans(x))"), set())
    for step in ("self.wb.plus(dwb)", "self.bb.plus(gy)", "self.wa.plus(dwa)", "self.ba.plus(gh)"):
        assert "update" in k.get(_line(src, step), set()), step
    # (the bias added in the forward pass, `h.plus(self.ba)`, is no step)
    assert "update" not in k.get(_line(src, "h.plus(self.ba)"), set())
    assert not _result(src).findings


def test_a_matrix_class_network_stepping_up_its_error_is_reported_at_the_caller_s_steps() -> None:
    # the error turned round: each step is reported where the network takes it (not in `plus`, which steps
    # whatever it is handed), and the parameter is named by the attribute that holds it
    src = _MATRIX_NET.replace("{steps}", _STEPS).replace("err = Mat.sub(t, y)", "err = Mat.sub(y, t)")
    found = [(f.code, f.line) for f in _result(src).findings]
    assert sorted(found) == sorted(("BP201", _line(src, s.strip())) for s in _STEPS.split("\n")), found
    assert any("self.wa.cells" in f.message for f in _result(src).findings)


def test_a_matrix_class_network_with_a_step_left_out_keeps_the_others() -> None:
    # the call-site tags come from the steps each call takes, not from the calls' shape
    src = _MATRIX_NET.replace("{steps}", _STEPS.replace("self.ba.plus(gh)", "pass"))
    k = _kinds(src)
    assert "update" in k.get(_line(src, "self.wa.plus(dwa)"), set())
    assert "update" not in k.get(_line(src, "pass"), set())


# ------------------------------------------------------------------ NumPy tables written entry by entry

_ENTRY_TABLES = '''
    import random
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))


    X = np.random.randn(8, 3)
    Y = np.random.randn(8, 2)
    W = np.zeros((3, 2))
    for i in range(3):
        for j in range(2):
            W[i][j] = random.uniform(-1, 1)
    for epoch in range(100):
        Z = np.zeros((8, 2))
        for n in range(8):
            for j in range(2):
                s = 0.0
                for i in range(3):
                    s += X[n][i] * W[i][j]
                Z[n][j] = s
        A = sigmoid(Z)
        D = (A - Y) * A * (1 - A)
        G = X.T.dot(D)
        for i in range(3):
            for j in range(2):
                W[i][j] -= 0.1 * G[i][j]
'''


def test_a_weight_drawn_and_stepped_one_entry_at_a_time_is_the_layer_s_parameter() -> None:
    # `W[i][j] = random.uniform(-1, 1)` fills a fresh array with draws (it stays the parameter), the product
    # summed entry by entry is its layer, and `W[i][j] -= lr * G[i][j]` over every entry is its step
    k = _kinds(_ENTRY_TABLES)
    assert "linear" in k.get(_line(_ENTRY_TABLES, "s += X[n][i] * W[i][j]"), set())
    assert "F1" in k.get(_line(_ENTRY_TABLES, "D = (A - Y) * A * (1 - A)"), set())
    assert "F3" in k.get(_line(_ENTRY_TABLES, "G = X.T.dot(D)"), set())
    assert "update" in k.get(_line(_ENTRY_TABLES, "W[i][j] -= 0.1 * G[i][j]"), set())


def test_a_weight_started_at_zero_and_stepped_is_trained_by_its_entry_product() -> None:
    # `W = np.zeros(...)` stepped down its gradient is a weight (a logistic regression's start), not a sum an
    # optimiser keeps: its entry-by-entry product is the layer
    src = _ENTRY_TABLES.replace('''    for i in range(3):
        for j in range(2):
            W[i][j] = random.uniform(-1, 1)
''', "").replace('''        for i in range(3):
            for j in range(2):
                W[i][j] -= 0.1 * G[i][j]''', "        W -= 0.1 * G")
    k = _kinds(src)
    assert "linear" in k.get(_line(src, "s += X[n][i] * W[i][j]"), set())
    assert "update" in k.get(_line(src, "W -= 0.1 * G"), set())


def test_a_sum_restarted_inside_the_loop_is_no_scalar_parameter() -> None:
    # `s = 0.0` set inside the loop over j that also runs `s += ...`: a sum formed afresh per entry, never a
    # parameter stepped (which read the product with the delta as a step of `s`)
    src = _MATRIX_NET.replace("{steps}", _STEPS)
    res = _result(src)
    line = _line(src, "s += a.cells[i][k] * b.cells[k][j]")
    assert {"F2", "F3"} <= {t.kind for t in res.tags if t.line == line}  # (the helper's product, read)
    assert not any(t.kind == "update" and t.line == line for t in res.tags)
    assert not any(f.line == line for f in res.findings)


# ------------------------------------------------------------------ plain-Python tables in per-layer lists

_NESTED_TABLES = '''
    import math
    import random


    class Perceptron:
        def __init__(self, sizes):
            self.w = []
            self.b = []
            for n_in, n_out in zip(sizes[:-1], sizes[1:]):
                lim = math.sqrt(6.0 / (n_in + n_out))
                self.w.append([[random.uniform(-lim, lim) for _ in range(n_in)] for _ in range(n_out)])
                self.b.append([0.0 for _ in range(n_out)])
            self.gw = None

        def run(self, x):
            self.outs = [x]
            for l in range(len(self.w)):
                row = []
                for j in range(len(self.w[l])):
                    z = self.b[l][j]
                    for k in range(len(self.outs[-1])):
                        z += self.w[l][j][k] * self.outs[-1][k]
                    row.append(1.0 / (1.0 + math.exp(-z)))
                self.outs.append(row)
            return self.outs[-1]

        def learn(self, x, t, rate=0.5):
            out = self.run(x)
            deltas = [[(out[j] - t[j]) * out[j] * (1 - out[j]) for j in range(len(out))]]
            for l in range(len(self.w) - 1, 0, -1):
                here = []
                for k in range(len(self.w[l][0])):
                    s = 0.0
                    for j in range(len(self.w[l])):
                        s += self.w[l][j][k] * deltas[0][j]
                    a = self.outs[l][k]
                    here.append(s * a * (1 - a))
                deltas.insert(0, here)
            for l in range(len(self.w)):
                for j in range(len(self.w[l])):
                    self.b[l][j] -= rate * deltas[l][j]
                    for k in range(len(self.w[l][j])):
                        self.w[l][j][k] -= rate * deltas[l][j] * self.outs[l][k]
'''


def test_tables_drawn_by_nested_comprehensions_in_a_list_are_stepped_entry_by_entry() -> None:
    # `[[random.uniform(-lim, lim) for _ in range(n_in)] for _ in range(n_out)]` is a table of draws, as
    # np.random.uniform(-lim, lim, (n_out, n_in)) would be; `w[l][j][k] -= ...` steps that table
    k = _kinds(_NESTED_TABLES)
    assert "update" in k.get(_line(_NESTED_TABLES, "self.w[l][j][k] -= rate * deltas[l][j] * self.outs[l][k]"), set())


# ------------------------------------------------------------------ parameters handed over before training

_PAIRS_BEFORE_FORWARD = '''
    import torch
    from torch import FloatTensor


    class Dense:
        def __init__(self, n_in, n_out):
            self.w = FloatTensor(n_in, n_out)
            self.gw = FloatTensor(n_in, n_out)
            self.b = FloatTensor(n_out)
            self.gb = FloatTensor(n_out)
            self.reset()

        def reset(self):
            self.w.normal_().mul_(0.1)
            self.b.normal_()
            self.gw.fill_(0)
            self.gb.fill_(0)

        def forward(self, x):
            self.x = x
            return x.matmul(self.w).add(self.b)

        def backward(self, g):
            self.gw.add_(self.x.t().matmul(g))
            self.gb.add_(g.sum(0))
            return g.matmul(self.w.t())

        def pairs(self):
            if self.b is not None:
                return [(self.w, self.gw), (self.b, self.gb)]
            return [(self.w, self.gw)]

        def clear(self):
            self.gw.zero_()
            self.gb.zero_()


    class Sigmoid:
        def forward(self, x):
            self.out = 1 / (1 + (-x).exp())
            return self.out

        def backward(self, g):
            return g * (self.out - self.out ** 2)

        def pairs(self):
            return [(None, None)]

        def clear(self):
            pass


    class Stack:
        def __init__(self, *mods):
            self.mods = []
            for m in mods:
                self.mods.append(m)

        def forward(self, x):
            for m in self.mods:
                x = m.forward(x)
            return x

        def backward(self, g):
            for m in reversed(self.mods):
                g = m.backward(g)
            return g

        def pairs(self):
            out = []
            for m in self.mods:
                out.extend(m.pairs())
            return out

        def reset(self):
            for m in self.mods:
                if isinstance(m, Dense):
                    m.reset()


    class Plain:
        def __init__(self, pairs, lr):
            self.pairs = pairs
            self.lr = lr

        def step(self):
            for pair in self.pairs:
                p, g = pair
                if p is None:
                    continue
                p.add_(-self.lr * g)


    torch.set_grad_enabled(False)
    net = Stack(Dense(2, 8), Sigmoid(), Dense(8, 8), Sigmoid(), Dense(8, 1), Sigmoid())
    opt = Plain(net.pairs(), 0.5)
    net.reset()
    x = torch.randn(32, 2)
    y = torch.rand(32, 1)
    for epoch in range(200):
        for m in net.mods:
            m.clear()
        out = net.forward(x)
        net.backward(2 * (out - y) / 32)
        opt.step()
'''


def test_pairs_a_module_hands_an_optimiser_before_any_forward_pass_keep_each_bias() -> None:
    # `out.extend(m.pairs())` over layers and activations, gathered before the first forward pass: the pairs
    # (w, gw) and (b, gb) merge slot by slot (both slots hold fresh arrays), so the step reaches every bias
    res = _result(_PAIRS_BEFORE_FORWARD)
    assert not [f for f in res.findings if f.code == "BP101"], res.findings
    line = _line(_PAIRS_BEFORE_FORWARD, "p.add_(-self.lr * g)")
    assert any(t.kind == "update" and t.line == line for t in res.tags)


# ------------------------------------------------------------------ a normalisation's gain no step trains

_UNTRAINED_GAIN = '''
    import numpy as np


    class Layer:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_out, n_in) * 0.1
            self.b = np.zeros((n_out, 1))
            self.gamma = np.ones((n_out, 1))
            self.beta = np.zeros((n_out, 1))

        def forward(self, x):
            self.x = x
            z = self.W @ x + self.b
            z = (z - z.mean(axis=1, keepdims=True)) / (z.std(axis=1, keepdims=True) + 1e-8)
            z = self.gamma * z + self.beta
            self.a = np.tanh(z)
            return self.a

        def backward(self, d, lr):
            d = d * (1 - self.a ** 2)
            dW = d @ self.x.T / self.x.shape[1]
            db = d.mean(axis=1, keepdims=True)
            back = self.W.T @ d
            self.W -= lr * dW
            self.b -= lr * db
            return back
'''


def test_a_step_whose_layer_has_a_normalisation_gain_nothing_trains_is_not_crossed() -> None:
    # `gamma * z_hat + beta` after the weight's product, with no step of gamma anywhere: the backward pass leaves
    # the normalisation out (or the network never runs it); BP103 "applies the gradient of gamma" has no premise
    res = _result(_UNTRAINED_GAIN)
    assert not [f for f in res.findings if f.code == "BP103"], res.findings


def test_a_step_applying_a_trained_gain_s_gradient_is_still_crossed() -> None:
    # guard (passes before the fix too): a weight stepped with the gradient of another trained weight is reported
    src = '''
        import numpy as np

        x = np.random.randn(16, 4)
        t = np.random.randn(16, 1)
        w1 = np.random.randn(4, 8)
        w2 = np.random.randn(8, 1)
        for step in range(100):
            h = np.tanh(x.dot(w1))
            out = h.dot(w2)
            err = out - t
            dw2 = h.T.dot(err)
            dh = err.dot(w2.T) * (1 - h ** 2)
            dw1 = x.T.dot(dh)
            w1 -= 0.01 * dw2
            w2 -= 0.01 * dw2
    '''
    assert [f.code for f in _result(src).findings if f.line == _line(src, "w1 -= 0.01 * dw2")] == ["BP103"]


# ------------------------------------------------------------------ guards

def test_a_step_s_own_method_called_with_nothing_keeps_its_findings_on_its_line() -> None:
    # guard (passes before the fix too): `layer.step()` hands nothing; the step stays on its own line in `step`
    src = '''
        import numpy as np


        class Dense:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_in, n_out) * 0.1

            def forward(self, x):
                self.x = x
                return x @ self.W

            def backward(self, g):
                self.gW = self.x.T @ g
                return g @ self.W.T

            def step(self, lr=0.1):
                self.W -= lr * self.gW


        x = np.random.randn(4, 3)
        t = np.random.randn(4, 2)
        layer = Dense(3, 2)
        for _ in range(10):
            out = layer.forward(x)
            layer.backward(out - t)
            layer.step()
    '''
    k = _kinds(src)
    assert "update" in k.get(_line(src, "self.W -= lr * self.gW"), set())
    # (the call is tagged as the line that delegates the step, but a finding on the step is the step's own line's)
    assert "update" in k.get(_line(src, "layer.step()"), set())
    bad = src.replace("self.W -= lr * self.gW", "self.W += lr * self.gW")
    assert [(f.code, f.line) for f in _result(bad).findings] == [("BP201", _line(bad, "self.W += lr * self.gW"))]


def test_rows_of_a_recurrence_over_time_are_read_step_by_step() -> None:
    # guard (passes before the fix too): `h[t + 1] = np.tanh(...)` writes one row per time step, each read from the
    # step before; the recurrence's backward pass keeps its formulas
    src = '''
        import numpy as np

        T, n, m = 5, 3, 4
        x = np.random.randn(T, n)
        y = np.random.randn(T, m)
        Wx = np.random.randn(m, n) * 0.1
        Wh = np.random.randn(m, m) * 0.1
        for it in range(50):
            h = np.zeros((T + 1, m))
            for t in range(T):
                h[t + 1] = np.tanh(Wx @ x[t] + Wh @ h[t])
            dWx = np.zeros_like(Wx)
            dWh = np.zeros_like(Wh)
            dh_next = np.zeros(m)
            for t in reversed(range(T)):
                dh = h[t + 1] - y[t] + dh_next
                dz = dh * (1 - h[t + 1] ** 2)
                dWx += np.outer(dz, x[t])
                dWh += np.outer(dz, h[t])
                dh_next = Wh.T @ dz
            Wx -= 0.01 * dWx
            Wh -= 0.01 * dWh
    '''
    k = _kinds(src)
    assert "F1" in k.get(_line(src, "dz = dh * (1 - h[t + 1] ** 2)"), set())
    assert "F3" in k.get(_line(src, "dWx += np.outer(dz, x[t])"), set())
    assert "update" in k.get(_line(src, "Wh -= 0.01 * dWh"), set())


# ------------------------------------------------------------------ weight clipping, layer lists repeated

_CLIPPED_CRITIC = '''
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))


    class BCE:
        def forward(self, p, label):
            self.p = p
            self.label = label
            return -(label * np.log(p) + (1 - label) * np.log(1 - p))

        def backward(self):
            return (1 - self.label) / (1 - self.p) - self.label / self.p


    class Critic:
        def __init__(self):
            self.w1 = np.random.randn(4, 8) * 0.1
            self.w2 = np.random.randn(8, 1) * 0.1

        def forward(self, x):
            self.x = x
            self.h = np.tanh(x @ self.w1)
            self.y = sigmoid(self.h @ self.w2)
            return self.y

        def backward(self, g, lr=0.01):
            d = g * self.y * (1 - self.y)
            dw2 = self.h.T @ d
            dh = d @ self.w2.T * (1 - self.h ** 2)
            dw1 = self.x.T @ dh
            self.w2 -= lr * dw2
            self.w1 -= lr * dw1
            {clip}


    critic = Critic()
    loss_fn = BCE()
    for it in range(1000):
        real = np.random.randn(1, 4) + 2
        loss = loss_fn.forward(critic.forward(real), 1)
        critic.backward(loss_fn.backward())
        fake = np.random.randn(1, 4)
        loss = loss_fn.forward(critic.forward(fake), 0)
        critic.backward(loss_fn.backward())
'''


def test_a_weight_clipped_after_its_step_stays_the_parameter() -> None:
    # `self.w1 = np.maximum(-c, np.minimum(c, self.w1))` (a WGAN's clipping) bounds the parameter, it does not
    # replace it: the next pass's forward product is still the layer's, so every formula keeps its tags
    src = _CLIPPED_CRITIC.replace("{clip}", "self.w1 = np.maximum(-0.5, np.minimum(0.5, self.w1))\n"
                                  "            self.w2 = np.clip(self.w2, -0.5, 0.5)")
    k = _kinds(src)
    for text, kind in (("d = g * self.y * (1 - self.y)", "F1"), ("dw2 = self.h.T @ d", "F3"),
                       ("dh = d @ self.w2.T * (1 - self.h ** 2)", "F2"), ("dw1 = self.x.T @ dh", "F3"),
                       ("self.w1 -= lr * dw1", "update"), ("self.w2 -= lr * dw2", "update")):
        assert kind in k.get(_line(src, text), set()), text
    assert not _result(src).findings


def test_a_parameter_rebound_to_an_unrelated_bound_is_not_kept() -> None:
    # guard (passes before the fix too): `self.w1 = np.minimum(0.5, self.h)` is no clipping of w1
    src = _CLIPPED_CRITIC.replace("{clip}", "self.w1 = np.minimum(0.5, self.h)")
    k = _kinds(src)
    assert "F3" not in k.get(_line(src, "dw1 = self.x.T @ dh"), set()) or \
        "update" not in k.get(_line(src, "self.w1 -= lr * dw1"), set())


_REPEATED_LAYERS = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.w = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros(n_out)

        def __call__(self, x):
            return x @ self.w + self.b


    class Tanh:
        def __call__(self, x):
            return np.tanh(x)

        def diff(self, y):
            return 1 - y ** 2


    class Net:
        def __init__(self, layers):
            self.layers = layers

        def train(self, x, y, lr=0.01):
            outs = []
            for layer in self.layers:
                outs.append(x)
                x = layer(x)
            g = x - y
            for i in range(len(self.layers) - 1, -1, -1):
                if isinstance(self.layers[i], Tanh):
                    g = g * self.layers[i].diff(outs[i + 1])
                if isinstance(self.layers[i], Dense):
                    dw = outs[i].T @ g
                    db = g.sum(axis=0)
                    g = g @ self.layers[i].w.T
                    self.layers[i].w -= lr * dw
                    self.layers[i].b -= lr * db


    net = Net([Dense(3, 8), Tanh()] + [Dense(8, 8), Tanh()] * 2 + [Dense(8, 1)])
    x = np.random.randn(16, 3)
    y = np.random.randn(16, 1)
    for epoch in range(100):
        net.train(x, y)
'''


def test_layers_listed_with_a_repeated_part_keep_their_order() -> None:
    # `[Dense(8, 8), Tanh()] * 2` among the layers: the same two objects twice, in order (not a blur of every
    # layer, which no `isinstance` test can tell apart)
    k = _kinds(_REPEATED_LAYERS)
    assert "error" in k.get(_line(_REPEATED_LAYERS, "g = x - y"), set())
    assert "F1" in k.get(_line(_REPEATED_LAYERS, "g = g * self.layers[i].diff(outs[i + 1])"), set())
    assert "F3" in k.get(_line(_REPEATED_LAYERS, "dw = outs[i].T @ g"), set())
    assert "update" in k.get(_line(_REPEATED_LAYERS, "self.layers[i].w -= lr * dw"), set())


# ------------------------------------------------------------------ a matrix class that maps a function over entries

_MAPPED_MATRIX = '''
    import math
    import random


    class Table:
        def __init__(self, rows, cols):
            self.rows = rows
            self.cols = cols
            self.cells = [[0.0] * cols for _ in range(rows)]

        def each(self, fn):
            for r in range(self.rows):
                for c in range(self.cols):
                    here = self.cells[r][c]
                    self.cells[r][c] = fn(here, r, c)
            return self

        @staticmethod
        def of(values):
            return Table(len(values), 1).each(lambda v, r, c: values[r])

        @staticmethod
        def dot(a, b):
            return Table(a.rows, b.cols).each(lambda v, r, c: sum(a.cells[r][k] * b.cells[k][c] for k in range(a.cols)))

        @staticmethod
        def flip(a):
            return Table(a.cols, a.rows).each(lambda v, r, c: a.cells[c][r])

        @staticmethod
        def minus(a, b):
            return Table(a.rows, a.cols).each(lambda v, r, c: a.cells[r][c] - b.cells[r][c])

        @staticmethod
        def through(a, fn):
            return Table(a.rows, a.cols).each(lambda v, r, c: fn(a.cells[r][c]))

        def mul(self, other):
            if isinstance(other, Table):
                return self.each(lambda v, r, c: v * other.cells[r][c])
            return self.each(lambda v, r, c: v * other)

        def add(self, other):
            return self.each(lambda v, r, c: v + other.cells[r][c])

        def shake(self):
            return self.each(lambda v, r, c: random.random() * 2 - 1)


    def squash(v):
        return 1 / (1 + math.exp(-v))


    def squash_slope(s):
        return s * (1 - s)


    class Brain:
        def __init__(self, n_in, n_out):
            self.w = Table(n_out, n_in).shake()
            self.b = Table(n_out, 1).shake()
            self.rate = 0.1

        def train(self, xs, ts):
            x = Table.of(xs)
            y = Table.dot(self.w, x)
            y.add(self.b)
            y = Table.through(y, squash)
            err = Table.minus(Table.of(ts), y)
            grad = Table.through(y, squash_slope)
            grad.mul(err)
            grad.mul(self.rate)
            step = Table.dot(grad, Table.flip(x))
            self.w.add(step)
            self.b.add(grad)


    brain = Brain(3, 2)
    samples = [([0.0, 1.0, 1.0], [1.0, 0.0]), ([1.0, 0.0, 1.0], [0.0, 1.0])]
    for _ in range(1000):
        xs, ts = random.choice(samples)
        brain.train(xs, ts)
'''


def test_a_matrix_class_mapping_a_function_over_its_entries_reads_as_whole_matrices() -> None:
    # `self.cells[r][c] = fn(here, r, c)` with `here = self.cells[r][c]`: the function applied to the whole table,
    # its indices handed on as every index of their axes (so `a.cells[c][r]` in the function is the transpose,
    # and `sum(a.cells[r][k] * b.cells[k][c] for k in ...)` the product's entry)
    k = _kinds(_MAPPED_MATRIX)
    # (the product is computed in the lambda, while the statement `each` runs it from is being read)
    assert "linear" in k.get(_line(_MAPPED_MATRIX, "self.cells[r][c] = fn(here, r, c)"), set())
    assert "error" in k.get(_line(_MAPPED_MATRIX, "err = Table.minus(Table.of(ts), y)"), set())
    assert "F1" in k.get(_line(_MAPPED_MATRIX, "grad.mul(err)"), set())
    assert "F3" in k.get(_line(_MAPPED_MATRIX, "step = Table.dot(grad, Table.flip(x))"), set())
    assert "update" in k.get(_line(_MAPPED_MATRIX, "self.w.add(step)"), set())
    assert "update" in k.get(_line(_MAPPED_MATRIX, "self.b.add(grad)"), set())
    assert not _result(_MAPPED_MATRIX).findings


def test_a_dot_product_summed_over_k_in_numpy_loops_is_the_layer() -> None:
    # `sum(X[n][i] * W[i][j] for i in range(3))` is the entry (X @ W)[n][j]: the layer's product
    src = _ENTRY_TABLES.replace('''                s = 0.0
                for i in range(3):
                    s += X[n][i] * W[i][j]
                Z[n][j] = s''', '''                Z[n][j] = sum(X[n][i] * W[i][j] for i in range(3))''')
    k = _kinds(src)
    assert "linear" in k.get(_line(src, "Z[n][j] = sum(X[n][i] * W[i][j] for i in range(3))"), set())
    assert "update" in k.get(_line(src, "W[i][j] -= 0.1 * G[i][j]"), set())


def test_a_product_summed_into_the_entries_of_a_zeroed_output_is_no_bias() -> None:
    # `Z[i][j] += X[i][k] * W[k][j]` into `Z = np.zeros(...)` made each pass: the layer's output formed entry by
    # entry, not a bias added to it (which BP101 then found never updated)
    src = _ENTRY_TABLES.replace('''                s = 0.0
                for i in range(3):
                    s += X[n][i] * W[i][j]
                Z[n][j] = s''', '''                for i in range(3):
                    Z[n][j] += X[n][i] * W[i][j]''')
    res = _result(src)
    assert not res.findings, res.findings
    assert any(t.kind == "linear" and t.line == _line(src, "Z[n][j] += X[n][i] * W[i][j]") for t in res.tags)


def test_a_matrix_class_step_that_makes_a_new_matrix_is_the_caller_s_update() -> None:
    # `self.wb = Mat.added(self.wb, dwb)`: a new object holding the parameter stepped; the name keeps the object
    # that holds the parameter, and the step is tagged where the network takes it
    src = _MATRIX_NET.replace('''        def apply(self, f):''', '''        @staticmethod
        def added(a, b):
            res = Mat(a.rows, a.cols)
            for i in range(a.rows):
                for j in range(a.cols):
                    res.cells[i][j] = a.cells[i][j] + b.cells[i][j]
            return res

        def apply(self, f):''').replace("{steps}", """self.wb = Mat.added(self.wb, dwb)
            self.bb = Mat.added(self.bb, gy)
            self.wa = Mat.added(self.wa, dwa)
            self.ba = Mat.added(self.ba, gh)""")
    k = _kinds(src)
    for step in ("self.wb = Mat.added(self.wb, dwb)", "self.wa = Mat.added(self.wa, dwa)",
                 "self.ba = Mat.added(self.ba, gh)"):
        assert "update" in k.get(_line(src, step), set()), step
    assert "F2" in k.get(_line(src, "back = Mat.prod(Mat.trans(self.wb), gy)"), set())
    assert not _result(src).findings


def test_a_stable_cross_entropy_s_max_is_no_relu_of_the_network() -> None:
    # `max_val = np.maximum(0, logits)` in `bce_with_logits_loss_and_grad` shifts the loss's log-sum-exp; read as
    # a ReLU of the output layer it took the layer's activation, so the loss's own sigmoid (and its error) was lost
    src = '''
        import numpy as np


        def bce_with_logits_loss_and_grad(logits, target):
            max_val = np.maximum(0.0, logits)
            loss = np.mean(max_val - logits * target + np.log(np.exp(-max_val) + np.exp(logits - max_val)))
            sig = 1.0 / (1.0 + np.exp(-logits))
            dlogit = (sig - target) / logits.shape[0]
            return loss, dlogit


        x = np.random.randn(64, 3)
        y = (np.random.rand(64, 1) > 0.5).astype(float)
        w = np.random.randn(3, 1) * 0.1
        for step in range(200):
            logits = x @ w
            loss, g = bce_with_logits_loss_and_grad(logits, y)
            w -= 0.1 * x.T @ g
    '''
    k = _kinds(src)
    assert "error" in k.get(_line(src, "dlogit = (sig - target) / logits.shape[0]"), set())
    assert "update" in k.get(_line(src, "w -= 0.1 * x.T @ g"), set())
    assert not _result(src).findings
