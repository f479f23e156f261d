"""Shapes of real code met in the thirtieth and thirty-first untuned probes, in our own words, and the false
alarms those probes found. Each test failed on the checkout before its fix (the tests of what must stay silent
or unchanged passed on it too)."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

_SKIPGRAM = '''
    import numpy as np
    V, D = 12, 8
    pairs = [(np.random.randint(V), np.random.randint(V)) for _ in range(50)]
    emb = np.random.randn(V, D) * 0.01
    out_w = np.random.randn(D, V) * 0.01
    seen = np.zeros((V, D))
    def softmax(u):
        e = np.exp(u - u.max())
        return e / e.sum()
    for epoch in range(100):
        for word, ctx in pairs:
            h = emb[word]
            p = softmax(h @ out_w)
            g = p.copy()
            g[ctx] -= 1
            g_out = np.outer(h, g)
            g_h = g @ out_w.T
            out_w = out_w - 0.05 * g_out
            {row_step}
'''


def test_an_embedding_row_stepped_in_place_is_an_update_and_stays_the_parameter() -> None:
    # the row read back in the next pass is the table's row, not a value carrying the row's gradient: the
    # output matrix's correct step was reported as climbing the loss (false BP201)
    for row_step in ("emb[word] = emb[word] - 0.05 * g_h", "emb[word] -= 0.05 * g_h"):
        src = _SKIPGRAM.format(row_step=row_step)
        res = _result(src)
        assert not res.findings, (row_step, res.findings)
        kinds = _kinds(src)
        assert kinds.get(_line(src, row_step)) == {"update"}, (row_step, kinds)
        assert kinds.get(_line(src, "out_w = out_w - 0.05 * g_out")) == {"update"}, kinds
        assert "F3" in kinds.get(_line(src, "g_out = np.outer(h, g)"), set()), kinds


def test_an_embedding_row_stepped_up_its_gradient_is_reported_there() -> None:
    for row_step in ("emb[word] = emb[word] + 0.05 * g_h", "emb[word] += 0.05 * g_h"):
        src = _SKIPGRAM.format(row_step=row_step)
        found = [(f.code, f.line) for f in _result(src).findings]
        assert found == [("BP201", _line(src, row_step))], (row_step, found)


def test_a_table_of_counts_bumped_by_index_is_no_update() -> None:
    # a zero-started table written at a computed row (counts, a tally of errors) is not a parameter
    src = _SKIPGRAM.format(row_step="seen[word] += 0.05 * g_h")
    res = _result(src)
    assert all(t.kind != "update" or t.line != _line(src, "seen[word] += 0.05 * g_h") for t in res.tags), res.tags


_RNN_LAYER = '''
    import numpy as np
    class Layer:
        def __init__(self, n_in, n_h, n_out):
            self.Wx = np.random.randn(n_h, n_in) * 0.1
            self.Wh = np.random.randn(n_h, n_h) * 0.1
            self.Wy = np.random.randn(n_out, n_h) * 0.1
            self.bh = np.zeros((n_h, 1))
            self.by = np.zeros((n_out, 1))
            self.hs = [np.zeros((n_h, 1))]
        def {fwd}(self, x, h_prev):
            h = np.tanh(self.Wx @ x + self.Wh @ h_prev + self.bh)
            y = self.Wy @ h + self.by
            self.hs.append(h)
            return y, h
        def backward(self, dy, dh_next, x, h, h_prev, lr):
            dWy = dy @ h.T
            dby = dy
            dh = self.Wy.T @ dy + dh_next
            da = (1 - h ** 2) * dh
            dWx = da @ x.T
            dWh = da @ h_prev.T
            dh_prev = self.Wh.T @ da
            self.step(dWx, dWh, dWy, da, dby, lr)
            return dh_prev
        def bptt(self, xs, dys, lr):
            dh_next = np.zeros_like(self.hs[-1])
            for t in reversed(range(len(dys))):
                dh_next = self.backward(dys[t], dh_next, xs[t], self.hs[t + 1], self.hs[t], lr)
        def step(self, dWx, dWh, dWy, dbh, dby, lr):
            self.Wx -= lr * dWx
            self.Wh -= lr * dWh
            self.Wy -= lr * dWy
            self.bh -= lr * dbh
            self.by -= lr * dby
'''


def test_a_bptt_method_beside_the_layer_pair_keeps_the_output_layer_apart() -> None:
    # bptt, driven as an entry, hands backward gradients nothing seeded: `Wy.T @ dy + dh_next` read as a sum of
    # forward products merged the output layer into the recurrent one, and its bias's step was reported as
    # applying another layer's gradient (false BP103)
    src = _RNN_LAYER.format(fwd="forward")
    res = _result(src)
    assert not res.findings, res.findings
    rows = {(row.weight, row.activation) for row in res.layers}
    assert rows == {("self.Wx", "tanh"), ("self.Wh", "tanh"), ("self.Wy", "linear")}, res.layers
    assert len(res.layers) == 3, res.layers


def test_a_forward_misspelt_by_the_class_is_still_its_forward_pass() -> None:
    src = _RNN_LAYER.format(fwd="foward")
    kinds = _kinds(src)
    for text, kind in (("dWy = dy @ h.T", "F3"), ("dh = self.Wy.T @ dy + dh_next", "F2"),
                       ("da = (1 - h ** 2) * dh", "F1"), ("dWx = da @ x.T", "F3")):
        assert kind in kinds.get(_line(src, text), set()), (text, kinds)


def test_errors_kept_one_per_step_in_a_list_are_errors_not_a_loss() -> None:
    src = '''
        import numpy as np
        class Net:
            def __init__(self):
                self.W = np.random.randn(3, 2)
            def forward(self, xs):
                return [self.W @ x for x in xs]
            def train(self, xs, ts, lr):
                ys = self.forward(xs)
                dys = [2 * (y - t) for y, t in zip(ys, ts)]
                self.W -= lr * sum(dy @ x.T for dy, x in zip(dys, xs))
    '''
    kinds = _kinds(src)
    assert kinds.get(_line(src, "dys = [2 * (y - t) for y, t in zip(ys, ts)]")) == {"error"}, kinds


def test_one_layer_met_by_two_entry_runs_is_one_row() -> None:
    # the layer class driven alone and again through the network holding one: one row, every run's lines
    src = _RNN_LAYER.format(fwd="forward") + '''
    class Model:
        def __init__(self):
            self.layer = Layer(1, 4, 1)
        def train(self, xs, ts, lr):
            h = np.zeros((4, 1))
            ys = []
            for x in xs:
                y, h = self.layer.forward(x, h)
                ys.append(y)
            self.layer.bptt(xs, [y - t for y, t in zip(ys, ts)], lr)
    '''
    res = _result(src)
    assert sorted(row.weight for row in res.layers) == ["self.Wh", "self.Wx", "self.Wy"], res.layers
    wy = next(row for row in res.layers if row.weight == "self.Wy")
    assert wy.direction == "descent" and wy.f3 == (_line(src, "dWy = dy @ h.T"),), wy
