"""Shapes of real code the thirty-sixth and thirty-seventh probes' readers counted and bpscan did not tag, in our
own words: a gradient computed elsewhere summed into its running total, and an embedding's gradient scattered
into the rows it looked up. Each test failed on the checkout before its fix; the guards passed on it too."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# backprop through time in a layer library: each step's weight gradients come back from the step's backward
# and are summed into totals started at zero, with `+=` and with a plain `x = x + y`
_TIME_SUM = '''
    import numpy as np


    def step_forward(x, h_prev, Wx, Wh, b):
        h = np.tanh(x @ Wx + h_prev @ Wh + b)
        return h, (x, h_prev, Wx, Wh, h)


    def step_backward(dh, cache):
        x, h_prev, Wx, Wh, h = cache
        dz = dh * (1 - h ** 2)
        return dz @ Wx.T, dz @ Wh.T, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


    def seq_forward(xs, h0, Wx, Wh, b):
        h, caches, hs = h0, [], []
        for x in xs:
            h, cache = step_forward(x, h, Wx, Wh, b)
            hs.append(h)
            caches.append(cache)
        return hs, caches


    def seq_backward(dhs, caches):
        _, _, Wx, Wh, _ = caches[0]
        gWx = np.zeros_like(Wx)
        gWh = np.zeros_like(Wh)
        gb = np.zeros(Wh.shape[0])
        carry = np.zeros_like(dhs[0])
        for t in reversed(range(len(caches))):
            _, carry, gWx_t, gWh_t, gb_t = step_backward(dhs[t] + carry, caches[t])
            gWx += gWx_t
            gWh = gWh + gWh_t
            gb += gb_t
        return gWx, gWh, gb
'''


def test_step_gradients_summed_over_time_are_formula_3() -> None:
    tags = {(t.line, t.kind): t for t in _result(_TIME_SUM).tags}
    for text, param in (("gWx += gWx_t", "Wx"), ("gWh = gWh + gWh_t", "Wh"), ("gb += gb_t", None)):
        tag = tags.get((_line(_TIME_SUM, text), "F3"))
        assert tag is not None, text
        if param is not None:
            assert tag.param == param, (text, tag.param)


# Nielsen's mini-batch step: one sample's gradients, returned as lists by backprop, summed by comprehension
_SAMPLE_SUM = '''
    import numpy as np


    class Net:
        def __init__(self, sizes):
            self.biases = [np.random.randn(n, 1) for n in sizes[1:]]
            self.weights = [np.random.randn(n, m) for m, n in zip(sizes[:-1], sizes[1:])]

        def step(self, batch, rate):
            total_b = [np.zeros(b.shape) for b in self.biases]
            total_w = [np.zeros(w.shape) for w in self.weights]
            for x, y in batch:
                one_b, one_w = self.backprop(x, y)
                total_b = [tb + ob for tb, ob in zip(total_b, one_b)]
                total_w = [tw + ow for tw, ow in zip(total_w, one_w)]
            self.weights = [w - rate / len(batch) * tw for w, tw in zip(self.weights, total_w)]
            self.biases = [b - rate / len(batch) * tb for b, tb in zip(self.biases, total_b)]

        def backprop(self, x, y):
            gb = [np.zeros(b.shape) for b in self.biases]
            gw = [np.zeros(w.shape) for w in self.weights]
            a, acts, zs = x, [x], []
            for b, w in zip(self.biases, self.weights):
                z = w @ a + b
                zs.append(z)
                a = 1 / (1 + np.exp(-z))
                acts.append(a)
            delta = (acts[-1] - y) * acts[-1] * (1 - acts[-1])
            gb[-1] = delta
            gw[-1] = delta @ acts[-2].T
            for k in range(2, len(self.weights) + 1):
                s = acts[-k] * (1 - acts[-k])
                delta = (self.weights[-k + 1].T @ delta) * s
                gb[-k] = delta
                gw[-k] = delta @ acts[-k - 1].T
            return gb, gw


    net = Net([3, 5, 2])
    data = [(np.random.randn(3, 1), np.random.randn(2, 1)) for _ in range(20)]
    for epoch in range(10):
        net.step(data, 0.5)
'''


def test_one_samples_gradients_summed_by_comprehension_are_formula_3() -> None:
    k = _kinds(_SAMPLE_SUM)
    assert "F3" in k.get(_line(_SAMPLE_SUM, "total_w = [tw + ow for tw, ow in zip(total_w, one_w)]"), set())
    assert "F3" in k.get(_line(_SAMPLE_SUM, "total_b = [tb + ob for tb, ob in zip(total_b, one_b)]"), set())


# guards: optimiser state fed by a gradient is no sum of it (the corpus's "carries no tag")
_STATE = '''
    import numpy as np

    X = np.random.randn(32, 4)
    y = np.random.randn(32, 1)
    W = np.random.randn(4, 1) * 0.1
    m = np.zeros_like(W)
    s = np.zeros_like(W)
    for it in range(100):
        err = X @ W - y
        dW = X.T @ err / 32
        m = 0.9 * m + 0.1 * dW
        s += dW ** 2
        W -= 0.1 * m / (np.sqrt(s) + 1e-8)
'''


def test_moments_of_an_optimiser_are_not_sums_of_the_gradient() -> None:
    k = _kinds(_STATE)
    assert "F3" in k.get(_line(_STATE, "dW = X.T @ err / 32"), set())
    assert "F3" not in k.get(_line(_STATE, "m = 0.9 * m + 0.1 * dW"), set())
    assert "F3" not in k.get(_line(_STATE, "s += dW ** 2"), set())


# an embedding looked up by index feeds a softmax layer; its gradient is scattered into the rows it used
_EMBED = '''
    import numpy as np

    words = np.random.randint(0, 10, size=40)
    labels = words % 3
    table = np.random.randn(10, 5) * 0.1
    W = np.random.randn(5, 3) * 0.1
    for it in range(100):
        h = table[words]
        s = h @ W
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        d = p.copy()
        d[np.arange(40), labels] -= 1
        dW = h.T @ d
        dh = d @ W.T
        dtable = np.zeros_like(table)
        np.add.at(dtable, words, dh)
        W -= 0.1 * dW
        table SIGN 0.1 * dtable
'''


def test_an_embeddings_scattered_gradient_is_formula_3_and_its_step_is_read() -> None:
    good = _EMBED.replace("SIGN", "-=")
    tags = {(t.line, t.kind): t for t in _result(good).tags}
    scatter = tags.get((_line(good, "np.add.at(dtable, words, dh)"), "F3"))
    assert scatter is not None and scatter.param == "table"
    step = tags.get((_line(good, "table -= 0.1 * dtable"), "update"))
    assert step is not None and step.param == "table"
    assert not _result(good).findings
    bad = _EMBED.replace("SIGN", "+=")
    assert [(f.line, f.code) for f in _result(bad).findings] == [(_line(bad, "table += 0.1 * dtable"), "BP201")]


# guard: a gather of a layer's input (`x[idx]`) scattered back is the input's gradient, no weight's
_GATHER = '''
    import numpy as np


    def gather_forward(x, idx):
        return x[idx], (x, idx)


    def gather_backward(dout, cache):
        x, idx = cache
        dx = np.zeros_like(x)
        np.add.at(dx, idx, dout)
        return dx
'''


def test_a_gathered_inputs_scattered_gradient_is_not_formula_3() -> None:
    assert "F3" not in _kinds(_GATHER).get(_line(_GATHER, "np.add.at(dx, idx, dout)"), set())


# a course framework's RNN cell with no driver in the file: backward is handed the upstream gradient first, then
# forward's output and inputs by their names; the activation is an object whose backward(state) is the derivative
_CELL = '''
    import numpy as np


    class Tanh:
        def __call__(self, x):
            self.state = np.tanh(x)
            return self.state

        def backward(self, state=None):
            return 1 - (self.state if state is None else state) ** 2


    class Cell:
        def __init__(self, n_in, n_h):
            self.act = Tanh()
            self.W_ih = np.random.randn(n_h, n_in)
            self.W_hh = np.random.randn(n_h, n_h)
            self.dW_ih = np.zeros((n_h, n_in))
            self.dW_hh = np.zeros((n_h, n_h))

        def forward(self, x, h_prev_t):
            h_t = self.act(x @ self.W_ih.T + h_prev_t @ self.W_hh.T)
            return h_t

        def backward(self, delta, h_t, x, h_prev_t):
            dz = delta * self.act.backward(h_t)
            self.dW_ih += dz.T @ x
            self.dW_hh += dz.T @ h_prev_t
            return dz @ self.W_ih, dz @ self.W_hh
'''


def test_a_cells_backward_handed_forwards_values_is_read() -> None:
    k = _kinds(_CELL)
    assert "F1" in k.get(_line(_CELL, "dz = delta * self.act.backward(h_t)"), set())
    assert "F3" in k.get(_line(_CELL, "self.dW_hh += dz.T @ h_prev_t"), set())
    assert "F2" in k.get(_line(_CELL, "return dz @ self.W_ih, dz @ self.W_hh"), set())


# an L2 penalty's derivative added to a gradient computed on an earlier line is part of that weight's formula 3
_PENALTY = '''
    import numpy as np

    X = np.random.randn(40, 3)
    y = np.random.randint(0, 2, 40)
    W = np.random.randn(3, 2) * 0.1
    reg = 1e-3
    for it in range(100):
        s = X @ W
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        d = p.copy()
        d[np.arange(40), y] -= 1
        dW = X.T @ d / 40
        dW += 2 * reg * W
        W -= 0.5 * dW
'''


def test_an_l2_penaltys_derivative_added_to_a_gradient_is_formula_3() -> None:
    tags = {(t.line, t.kind): t for t in _result(_PENALTY).tags}
    tag = tags.get((_line(_PENALTY, "dW += 2 * reg * W"), "F3"))
    assert tag is not None and tag.param == "W"
    assert not _result(_PENALTY).findings


# a GRU cell in the course-framework style that hands back its new state squeezed: the gradient it is handed is
# still that of the interpolation (1 - z) * n + z * h, which the gate deltas are read through
_GRU_SQUEEZED = '''
    import numpy as np


    class Sigmoid:
        def forward(self, x):
            self.state = 1 / (1 + np.exp(-x))
            return self.state

        def backward(self):
            return self.state * (1 - self.state)


    class Tanh:
        def forward(self, x):
            self.state = np.tanh(x)
            return self.state

        def backward(self, state):
            return 1 - state ** 2


    class GRUCell:
        def __init__(self, d, h):
            self.Wzx, self.Wzh = np.random.randn(h, d), np.random.randn(h, h)
            self.Wnx, self.Wnh = np.random.randn(h, d), np.random.randn(h, h)
            self.z_act, self.h_act = Sigmoid(), Tanh()

        def forward(self, x, h_prev_t):
            self.x, self.hidden = x, h_prev_t
            self.z = self.z_act.forward(self.Wzx @ x + self.Wzh @ h_prev_t)
            self.n = self.h_act.forward(self.Wnx @ x + self.Wnh @ h_prev_t)
            h_t = (1 - self.z) * self.n + self.z * h_prev_t
            return np.squeeze(h_t)

        def backward(self, delta):
            dn = delta * (1 - self.z)
            dz = delta * (self.hidden - self.n)
            grad_n = dn * self.h_act.backward(self.n)
            grad_z = dz * self.z_act.backward()
            self.dWnx = np.outer(grad_n, self.x)
            return self.Wnx.T @ grad_n + self.Wzx.T @ grad_z
'''


def test_a_cell_returning_its_state_squeezed_is_read_through_the_interpolation() -> None:
    k = _kinds(_GRU_SQUEEZED)
    assert "F1" in k.get(_line(_GRU_SQUEEZED, "grad_n = dn * self.h_act.backward(self.n)"), set())
    assert "F1" in k.get(_line(_GRU_SQUEEZED, "grad_z = dz * self.z_act.backward()"), set())
    assert "F3" in k.get(_line(_GRU_SQUEEZED, "self.dWnx = np.outer(grad_n, self.x)"), set())
