"""Shapes of real code met in the thirtieth, thirty-first and thirty-second untuned probes, in our own words, and
the false alarms and crashes those probes found. Each test failed on the checkout before its fix (the tests of what must stay silent
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


_SPLIT = '''
    import numpy as np
    class Linear:
        def __init__(self, n):
            self.W = np.random.randn(n, n) * 0.1
            self.gW = np.zeros((n, n))
        def forward(self, x):
            self.x = x
            return self.W @ x
        def backward(self, g):
            self.gW += np.outer(g, self.x)
            return self.W.T @ g
    class Softplus:
        def forward(self, x):
            self.e = np.exp(x)
            return np.log(1.0 + self.e)
        def backward(self, g):
            return self.e / (1.0 + self.e) * g
    class Chain:
        def __init__(self, layers):
            self.layers = layers
        def forward(self, x):
            for layer in self.layers:
                x = layer.forward(x)
            return x
        def backward(self, g):
            for layer in reversed(self.layers):
                g = layer.backward(g)
            return g
    class Split:
        def __init__(self, n):
            self.left = Chain([{left}])
            self.right = Chain([Linear(n)])
        def forward(self, x):
            n = x.shape[0]
            out = np.zeros(2 * n)
            out[:n] = self.left.forward(x)
            out[n:] = self.right.forward(x)
            return out
        def backward(self, g):
            n = g.shape[0] // 2
            return self.left.backward(g[:n]) + self.right.backward(g[n:])
'''


def test_two_heads_written_side_by_side_into_one_buffer_are_neither_heads_output() -> None:
    # `out[:n] = a(x); out[n:] = b(x)`: the gradient handed to the container's backward is no single layer's
    # delta; read as one head's, it was sent back through the other head's weight (false BP303), also when
    # the first head ends in a function the model does not read as an activation (a softplus)
    for left in ("Linear(n), Linear(n)", "Linear(n), Linear(n), Softplus()"):
        res = _result(_SPLIT.format(left=left))
        assert not res.findings, (left, res.findings)


def test_a_loss_summed_into_a_zeroed_array_is_no_update() -> None:
    for term in ("0.5 * np.square(self.x - self.t)", "(self.x - self.t) ** 2"):
        src = f'''
            import numpy as np
            class SquaredError:
                def __init__(self, n):
                    self.total = np.zeros(n)
                def forward(self, x, t):
                    self.x, self.t = x, t
                    self.total += {term}
                    return self.x
                def backward(self):
                    return self.x - self.t
        '''
        kinds = _kinds(src)
        assert "update" not in kinds.get(_line(src, f"self.total += {term}"), set()), (term, kinds)


_ORTH = '''
    import numpy as np
    def orth(n, m):
        a = np.random.normal(0.0, 1.0, size=(n, m))
        u, _, v = np.linalg.svd(a, full_matrices=False)
        {pick}
    X = np.random.randn(16, 3)
    Y = np.random.rand(16, 2)
    W1 = orth(3, 4)
    W2 = np.random.randn(4, 2) * 0.1
    for it in range(100):
        h = np.tanh(X @ W1)
        out = h @ W2
        err = out - Y
        dW2 = h.T @ err
        dh = err @ W2.T * (1 - h ** 2)
        dW1 = X.T @ dh
        W2 -= 0.1 * dW2
        W1 -= 0.1 * dW1
'''


def test_a_weight_drawn_by_an_orthogonal_initialiser_is_the_weight() -> None:
    # the factors of a drawn matrix's SVD are random numbers still: the data was taken for the weight instead
    # (a false BP101 on X, and W1's gradient tagged formula 2)
    for pick in ("return u if u.shape == (n, m) else v", "q = u if u.shape == (n, m) else v\n    return 1.0 * q",
                 "q = (u if u.shape == (n, m) else v).reshape((n, m))\n    return np.array(q, dtype='float32')"):
        src = _ORTH.format(pick=pick.replace("\n", "\n    "))
        res = _result(src)
        assert not res.findings, (pick, res.findings)
        kinds = _kinds(src)
        assert kinds.get(_line(src, "dW1 = X.T @ dh")) == {"F3"}, (pick, kinds)
        assert kinds.get(_line(src, "W1 -= 0.1 * dW1")) == {"update"}, (pick, kinds)


def test_a_factory_handed_a_literal_name_returns_that_class_only() -> None:
    # `if name in ['zero', 'Zero']:` decided: the zeroed gradient buffer is not also the orthogonal weight the
    # other branch draws (a false BP103 and BP201 on `dE += ...`)
    src = '''
        import numpy as np
        class Zero:
            def __call__(self, size):
                return np.array(np.zeros(size), dtype='float32')
        class Orth:
            def __call__(self, size):
                a = np.random.normal(0.0, 1.0, size=size)
                u, _, v = np.linalg.svd(a, full_matrices=False)
                return u if u.shape == size else v
        def get(name):
            if name in ['zero', 'Zero']:
                return Zero()
            elif name in ['orth', 'Orthogonal']:
                return Orth()
            raise ValueError(name)
        class Embed:
            def __init__(self, n, m, init='orth'):
                self.E = get(init)((n, m))
                self.dE = None
            def forward(self, x):
                self.x = x
                return np.dot(x, self.E)
            def backward(self, g):
                self.dE = get('zero')(self.E.shape)
                for i in range(g.shape[0]):
                    self.dE += np.dot(self.x[i].reshape(-1, 1), g[i].reshape(1, -1))
                return np.dot(g, self.E.T)
    '''
    res = _result(src)
    assert not res.findings, res.findings
    kinds = _kinds(src)
    assert "update" not in kinds.get(_line(src, "self.dE += np.dot(self.x[i].reshape(-1, 1), g[i].reshape(1, -1))"),
                                     set()), kinds


def test_a_second_version_of_a_called_function_is_read_with_its_arguments() -> None:
    # `back_v2(...)` left uncalled beside the `back(...)` the loop calls with the same parameters
    body = '''
        dy = np.copy(p)
        dy[t] -= 1
        grads['Wy'] += dy @ h.T
        dh = Wy.T @ dy
        dz = dh * (1 - h ** 2)
        grads['Wx'] += dz @ x.T
'''
    src = f'''
    import numpy as np
    H, V = 6, 4
    Wx = np.random.randn(H, V) * 0.1
    Wy = np.random.randn(V, H) * 0.1
    def back(t, x, h, p, grads):{body}
    def back_v2(T, X, H, P, Grads):
        t, x, h, p, grads = T, X, H, P, Grads{body}
    for it in range(50):
        grads = {{'Wx': 0, 'Wy': 0}}
        for k in range(5):
            x = np.eye(V)[:, [k % V]]
            h = np.tanh(Wx @ x)
            y = Wy @ h
            p = np.exp(y) / np.sum(np.exp(y))
            back((k + 1) % V, x, h, p, grads)
        Wx -= 0.1 * grads['Wx']
        Wy -= 0.1 * grads['Wy']
    '''
    res = _result(src)
    assert not res.findings, res.findings
    lines = src.splitlines()
    start = next(i for i, s in enumerate(lines, 1) if "def back_v2" in s)
    tagged = {t.line - start: t.kind for t in res.tags if start < t.line < start + 9}
    assert {"error", "F1", "F3", "F2"} <= set(tagged.values()), tagged


_LSTM_DICTS = '''
    import numpy as np
    H, V = 5, 3
    wf, wi, wa, wo = (np.random.rand(H, H + V) * 0.1 for _ in range(4))
    wy = np.random.rand(V, H) * 0.1
    def sigmoid(x):
        return 1 / (1 + np.exp(-x))
    def dsig(v):
        return v * (1 - v)
    def dtanh(v):
        return 1 - v ** 2
    for it in range(100):
        seq = [k % V for k in range(6)]
        x, h, s, gf, gi, ga, go, gy = {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}
        h[-1] = {h0}
        s[-1] = np.zeros(H)
        for t in range(5):
            onehot = np.zeros(V)
            onehot[seq[t]] = 1
            x[t] = np.hstack((onehot, {h_prev}))
            gf[t] = sigmoid(np.dot(wf, x[t]))
            gi[t] = sigmoid(np.dot(wi, x[t]))
            ga[t] = np.tanh(np.dot(wa, x[t]))
            go[t] = sigmoid(np.dot(wo, x[t]))
            s[t] = gf[t] * s[t - 1] + gi[t] * ga[t]
            h[t] = {h_t}
            p = np.exp(np.dot(wy, {h_now}))
            gy[t] = p / np.sum(p)
        dwf, dwi, dwa, dwo, dwy = [np.zeros_like(w) for w in (wf, wi, wa, wo, wy)]
        dh_next = np.zeros(H)
        ds_next = np.zeros(H)
        for t in reversed(range(5)):
            target = np.zeros(V)
            target[seq[t + 1]] = 1
            e = gy[t] - target
            dwy += np.outer(e, {h_now})
            dh = np.dot(wy.T, e) + dh_next
            ds = dh * go[t] * (1 - np.tanh(s[t]) ** 2) + ds_next
            df = ds * s[t - 1] * dsig(gf[t])
            di = ds * ga[t] * dsig(gi[t])
            da = ds * gi[t] * dtanh(ga[t])
            do = dh * np.tanh(s[t]) * dsig(go[t])
            dwf += np.outer(df, x[t])
            dwo += np.outer(do, x[t])
            dh_next = (np.dot(wf.T, df) + np.dot(wi.T, di) + np.dot(wa.T, da) + np.dot(wo.T, do))[V:]
            ds_next = ds * gf[t]
        wf -= 0.1 * dwf
        wo -= 0.1 * dwo
        wy -= 0.1 * dwy
'''


def test_gate_deltas_of_states_kept_by_time_step_in_dicts() -> None:
    # the hidden state kept 1-D, or 2-D (`np.atleast_2d`) and read back by its row (`h[t][0]`): either way the
    # gate deltas follow the gate product; the output gate's `np.tanh(s[t])` recomputed from the kept states
    # is the forward's factor
    for h0, h_t, h_now, h_prev in (("np.zeros(H)", "np.tanh(s[t]) * go[t]", "h[t]", "h[t - 1]"),
                                   ("np.zeros((1, H))", "np.atleast_2d(np.tanh(s[t]) * go[t])", "h[t][0]",
                                    "h[t - 1][0]")):
        src = _LSTM_DICTS.format(h0=h0, h_t=h_t, h_now=h_now, h_prev=h_prev)
        kinds = _kinds(src)
        for text in ("df = ds * s[t - 1] * dsig(gf[t])", "do = dh * np.tanh(s[t]) * dsig(go[t])"):
            assert "F1" in kinds.get(_line(src, text), set()), (h_t, text, kinds)
        for text in ("dwf += np.outer(df, x[t])", "dwo += np.outer(do, x[t])"):
            assert "F3" in kinds.get(_line(src, text), set()), (h_t, text, kinds)


def test_a_sigmoid_derivative_with_its_sign_turned_is_reported_once_where_written() -> None:
    src = '''
        import numpy as np
        def sigmoid(x):
            return 1.0 / (1 + np.exp(-x))
        def dsigmoid(y):
            return y * (y - 1)
        x, t = np.random.randn(16, 3), np.random.randn(16, 1)
        w1, w2 = np.random.randn(3, 5), np.random.randn(5, 1)
        for step in range(100):
            pairs = len(x) * (len(x) - 1) / 2
            h = sigmoid(x @ w1)
            out = h @ w2
            err = out - t
            dw2 = h.T @ err
            dh = err @ w2.T * dsigmoid(h)
            dw1 = x.T @ dh
            w2 -= 0.01 * dw2
            w1 -= 0.01 * dw1
    '''
    found = [(f.code, f.line, f.expected) for f in _result(src).findings]
    # one finding at the helper (not one per step made from its deltas), none on a count `n * (n - 1)`
    assert found == [("BP310", _line(src, "return y * (y - 1)"), "return y * (1 - y)")], found


_MLP_LISTS = '''
    import numpy as np
    class Net:
        def __init__(self, sizes, lr=0.05):
            self.sizes = sizes
            self.lr = lr
            {make}
            self.kinds = ['relu'] * (len(sizes) - 2) + ['softmax']
        def act(self, i, z):
            if self.kinds[i] == 'relu':
                return np.maximum(0, z)
            e = np.exp(z - z.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        def forward(self, X):
            self.X = X
            self.zs, self.outs = [], []
            a = X
            for i in range(len(self.W)):
                z = np.dot(a, self.W[i].T) + self.b[i]
                self.zs.append(z)
                a = self.act(i, z)
                self.outs.append(a)
            return a
        def backward(self, y):
            m = y.shape[0]
            t = np.zeros_like(self.outs[-1])
            t[np.arange(m), y] = 1
            self.dW = [None] * len(self.W)
            self.db = [None] * len(self.W)
            d = (self.outs[-1] - t) / m
            for i in range(len(self.W) - 1, -1, -1):
                prev = self.X if i == 0 else self.outs[i - 1]
                self.dW[i] = np.dot(d.T, prev)
                self.db[i] = np.sum(d, axis=0)
                if i > 0:
                    d = np.dot(d, self.W[i]) * np.where(self.zs[i - 1] > 0, 1, 0)
        def step(self):
            for i in range(len(self.W)):
                self.W[i] -= self.lr * self.dW[i]
                self.b[i] -= self.lr * self.db[i]
    net = Net([4, 6, 3])
    X = np.random.randn(10, 4)
    y = np.random.randint(0, 3, 10)
    for _ in range(5):
        net.forward(X)
        net.backward(y)
        net.step()
'''


def test_weight_and_bias_lists_built_by_append_in_a_loop() -> None:
    # the same lists written as comprehensions were read; built with `.append` in a loop (zeroed biases beside
    # drawn weights) they were a join of two leaves, no bias, no layer, and the file got no tag at all
    for make in ("self.W = [np.random.randn(sizes[i + 1], sizes[i]) * 0.1 for i in range(len(sizes) - 1)]\n"
                 "            self.b = [np.zeros(sizes[i + 1]) for i in range(len(sizes) - 1)]",
                 "ws, bs = [], []\n            for i in range(len(sizes) - 1):\n"
                 "                ws.append(np.random.randn(sizes[i + 1], sizes[i]) * 0.1)\n"
                 "                bs.append(np.zeros(sizes[i + 1]))\n            self.W, self.b = ws, bs"):
        src = _MLP_LISTS.format(make=make)
        kinds = _kinds(src)
        assert kinds.get(_line(src, "d = (self.outs[-1] - t) / m")) == {"error", "F1"}, (make, kinds)
        assert kinds.get(_line(src, "self.dW[i] = np.dot(d.T, prev)")) == {"F3"}, (make, kinds)
        assert kinds.get(_line(src, "self.b[i] -= self.lr * self.db[i]")) == {"update"}, (make, kinds)


def test_a_layers_parameters_appended_as_a_pair() -> None:
    # `ps.append([b, W])`, or a `layer = []` list filled in the loop's pass and then appended: each entry a
    # parameter of its own, one for every layer (a guard: this plain form was read before the append fixes too;
    # the probe's form, with a softmax head, is in the corpus-free repro of the thirty-second probe)
    for make in ("ps.append([np.zeros((sizes[i + 1], 1)), np.random.randn(sizes[i + 1], sizes[i]) * 0.1])",
                 "layer = []\n        layer.append(np.zeros((sizes[i + 1], 1)))\n"
                 "        layer.append(np.random.randn(sizes[i + 1], sizes[i]) * 0.1)\n        ps.append(layer)"):
        src = f'''
    import numpy as np
    def sig(v):
        return 1 / (1 + np.exp(-v))
    def make(sizes):
        ps = []
        for i in range(len(sizes) - 1):
            {make}
        return ps
    def fwd(ps, x):
        acts = [x.T]
        for i in range(len(ps)):
            acts.append(sig(ps[i][0] + np.dot(ps[i][1], acts[-1])))
        return acts
    def bwd(acts, ps, t):
        n = float(t.shape[1])
        grads = []
        d = (acts[-1] - t) * acts[-1] * (1 - acts[-1])
        for i in range(len(ps), 0, -1):
            db = np.sum(d, axis=1, keepdims=True) / n
            dW = np.dot(d, acts[i - 1].T) / n
            dh = np.dot(ps[i - 1][1].T, d)
            grads.append((db, dW))
            d = dh * acts[i - 1] * (1 - acts[i - 1])
        return grads[::-1]
    ps = make([4, 5, 3])
    X, T = np.random.randn(8, 4), np.random.rand(3, 8)
    for _ in range(10):
        g = bwd(fwd(ps, X), ps, T)
        for i in range(len(ps)):
            ps[i][0] -= g[i][0] * 0.1
            ps[i][1] -= g[i][1] * 0.1
    '''
        kinds = _kinds(src)
        assert "F3" in kinds.get(_line(src, "dW = np.dot(d, acts[i - 1].T) / n"), set()), (make, kinds)
        assert kinds.get(_line(src, "ps[i][1] -= g[i][1] * 0.1")) == {"update"}, (make, kinds)


def test_a_condition_decided_by_one_known_operand() -> None:
    # `training and self.keep_prob < 1` with keep_prob 1.0: dropout is off whatever `training` is, and the
    # layer's output stays the activation's (the error at it was not found, no tag in the file)
    src = '''
        import numpy as np
        class Layer:
            def __init__(self, n_in, n_out, keep_prob=1.0):
                self.W = np.random.randn(n_out, n_in) * 0.1
                self.keep_prob = keep_prob
            def forward(self, A_prev, training=False):
                self.A_prev = A_prev
                self.A = np.tanh(self.W @ A_prev)
                if training and self.keep_prob < 1:
                    self.A = self.A * np.random.binomial(1, self.keep_prob, size=self.A.shape) / self.keep_prob
                return self.A
            def backward(self, dA, lr):
                dZ = dA * (1 - self.A ** 2)
                dA_prev = self.W.T @ dZ
                self.W -= lr * dZ @ self.A_prev.T
                return dA_prev
        layers = [Layer(2, 8), Layer(8, 1)]
        X = np.random.randn(2, 64)
        Y = np.tanh(X.sum(axis=0, keepdims=True))
        for epoch in range(100):
            A = X
            for layer in layers:
                A = layer.forward(A, True)
            dA = 2 * (A - Y)
            for layer in reversed(layers):
                dA = layer.backward(dA, 0.1)
    '''
    kinds = _kinds(src)
    assert kinds.get(_line(src, "dA = 2 * (A - Y)")) == {"error"}, kinds
    assert kinds.get(_line(src, "dZ = dA * (1 - self.A ** 2)")) == {"F1"}, kinds


def test_a_method_that_gives_its_class_a_new_method_is_read_without_an_internal_error() -> None:
    src = '''
        class Parser:
            def parse(self, s):
                return self._impl(s)
            def _impl(self, s):
                return s.strip()
            def _cached(self, s):
                return s.strip()
            @staticmethod
            def enable_cache():
                Parser._fast = Parser._cached
    '''
    res = _result(src)
    assert res.error is None and not res.findings, (res.error, res.findings)


def test_no_row_step_read_into_a_finite_difference_or_a_dict_of_unknown_shape() -> None:
    # `x1 = x0.copy(); x1[i] -= x0[i] * eps` nudges a copy for a numerical gradient: no update; and
    # `parameters['W' + str(i)] -= ...` of a dict the model holds as an unknown array is still the family's step
    src = '''
        import numpy as np
        def findiff(f, x0, delta=1e-6):
            grad = []
            for i in range(x0.size):
                x1 = x0.copy()
                x2 = x0.copy()
                dx = x0[i] * delta
                x1[i] -= dx
                x2[i] += dx
                grad.append((f(x2) - f(x1)) / (2 * dx))
            return np.array(grad)
        def update_parameters(parameters, grads, learning_rate):
            L = len(parameters) // 2
            for i in range(1, L + 1):
                parameters['W' + str(i)] -= grads['dW' + str(i)] * learning_rate
            return parameters
        from testCases import update_parameters_test_case
        print(findiff(lambda v: float(np.sum(v ** 2)), np.random.randn(4)))
        parameters, grads = update_parameters_test_case()
        parameters = update_parameters(parameters, grads, 0.1)
    '''
    kinds = _kinds(src)
    assert "update" not in kinds.get(_line(src, "x1[i] -= dx"), set()), kinds
    assert kinds.get(_line(src, "parameters['W' + str(i)] -= grads['dW' + str(i)] * learning_rate")) == {"update"}, kinds


def test_a_sigmoid_kept_from_overflowing_is_a_sigmoid() -> None:
    # `1 / (1 + np.exp(-np.clip(x, -50, 50)))` (or of `np.asarray(x)`) in one branch of an activation class
    # dispatching on its name: read as no activation, the class's sigmoid derivative was judged against its
    # ReLU branch (a false BP301)
    for inner in ("np.clip(x, -50, 50)", "np.asarray(x)"):
        src = f'''
            import numpy as np
            class Activation:
                def __init__(self, kind):
                    self.kind = kind
                def forward(self, x):
                    self.x = x
                    if self.kind == "relu":
                        self.out = np.maximum(0.0, x)
                    elif self.kind == "sigmoid":
                        self.out = 1.0 / (1.0 + np.exp(-{inner}))
                    else:
                        e = np.exp(x - x.max(axis=1, keepdims=True))
                        self.out = e / e.sum(axis=1, keepdims=True)
                    return self.out
                def backward(self, g):
                    if self.kind == "relu":
                        return g * (self.x > 0)
                    if self.kind == "sigmoid":
                        return g * self.out * (1.0 - self.out)
                    dot = np.sum(g * self.out, axis=1, keepdims=True)
                    return self.out * (g - dot)
        '''
        res = _result(src)
        assert not res.findings, (inner, res.findings)


def test_a_double_derivative_in_an_activation_class_gets_no_fix_that_breaks_its_other_uses() -> None:
    # the finding is right (a sigmoid output with cross-entropy multiplies the derivative again), but the
    # statement is the class's backward, which every hidden sigmoid layer runs too: deleting the factor there
    # is no fix
    src = '''
        import numpy as np
        class Sigmoid:
            def forward(self, x):
                self.out = 1 / (1 + np.exp(-x))
                return self.out
            def backward(self, grad):
                return grad * self.out * (1 - self.out)
        W1, W2 = np.random.randn(3, 4) * 0.1, np.random.randn(4, 1) * 0.1
        hidden, output = Sigmoid(), Sigmoid()
        X, T = np.random.randn(16, 3), (np.random.rand(16, 1) > 0.5).astype(float)
        for step in range(100):
            h = hidden.forward(X @ W1)
            p = output.forward(h @ W2)
            loss = -np.mean(T * np.log(p) + (1 - T) * np.log(1 - p))
            d2 = output.backward(p - T)
            d1 = hidden.backward(d2 @ W2.T)
            W2 -= 0.1 * h.T @ d2
            W1 -= 0.1 * X.T @ d1
    '''
    found = [(f.code, f.line, f.expected) for f in _result(src).findings]
    assert found == [("BP307", _line(src, "return grad * self.out * (1 - self.out)"), None)], found


def test_a_reflection_written_into_rows_is_no_update() -> None:
    # `v[i] = v[i] - 2 * dot * n` of a particle simulation: a row written from itself and data, no learning
    # rate, no traced gradient - physics, not a step (a guard; the probe's file got an update tag at d618193)
    src = '''
        import numpy as np
        pos = np.random.rand(50, 2)
        vel = np.random.randn(50, 2)
        for step in range(100):
            pos += 0.01 * vel
            out = np.linalg.norm(pos, axis=1) > 1.0
            idx = np.nonzero(out)[0]
            normals = pos[idx] / np.linalg.norm(pos[idx], axis=1)[:, None]
            dots = np.sum(vel[idx] * normals, axis=1)
            v_out = vel[idx]
            vel[idx] = v_out - 2 * dots[:, None] * normals
    '''
    kinds = _kinds(src)
    assert "update" not in kinds.get(_line(src, "vel[idx] = v_out - 2 * dots[:, None] * normals"), set()), kinds
