"""Shapes met in a probe of public code nobody here had read (2026-12-02), written again in our own words:
what a careful reader tags there, and silence where the code is right."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bpscan.analysis import analyze_source

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

#: truncated BPTT whose input-to-hidden gradient reads the sequence at the inner step k; one caller
#: hands it a single sequence, another (wrongly, but not a backprop fault) the whole batch
TRUNCATED_BPTT = textwrap.dedent('''
    import numpy as np

    class Recurrent:
        def __init__(self, n_in, n_h, n_out, horizon):
            self.U = np.random.randn(n_h, n_in) * 0.1
            self.H = np.random.randn(n_h, n_h) * 0.1
            self.O = np.random.randn(n_out, n_h) * 0.1
            self.horizon = horizon

        def softmax(self, v):
            return np.exp(v) / np.sum(np.exp(v))

        def unroll(self, seq):
            states = np.zeros((len(seq) + 1, self.H.shape[0]))
            probs = np.zeros((len(seq), self.O.shape[0]))
            for t in range(len(seq)):
                states[t] = np.tanh(self.U.dot(seq[t]) + self.H.dot(states[t - 1]))
                probs[t] = self.softmax(self.O.dot(states[t]))
            return probs, states

        def gradients(self, seq, target):
            probs, states = self.unroll(seq)
            gU, gH, gO = np.zeros_like(self.U), np.zeros_like(self.H), np.zeros_like(self.O)
            slope = 1 - states ** 2
            err = probs - target
            for t in reversed(range(len(seq))):
                gO += np.outer(err[t], states[t])
                d = self.O.T.dot(err[t]) * slope[t]
                for k in reversed(range(max(0, t - self.horizon), t + 1)):
                    gH += np.outer(d, states[k - 1])
                    gU += np.outer(d, seq[k])
                    d = self.H.T.dot(d) * slope[k - 1]
            return gO, gH, gU

        def train_one(self, seq, target, lr):
            gO, gH, gU = self.gradients(seq, target)
            self.O -= lr * gO
            self.H -= lr * gH
            self.U -= lr * gU

        def train_batch(self, seqs, targets, lr=1e-3):
            for seq, target in zip(seqs, targets):
                gO, gH, gU = self.gradients(seqs, targets)
                self.O -= lr * gO
                self.H -= lr * gH
                self.U -= lr * gU

        def sequence_loss(self, seq, target):
            probs, _ = self.unroll(seq)
            return -np.sum(target * np.log(probs)) / len(target)

        def total_loss(self, seqs, targets):
            return sum(self.sequence_loss(s, t) for s, t in zip(seqs, targets))

        def fit(self, seqs, targets, lr=1e-3, epochs=5):
            history = [self.total_loss(seqs, targets)]
            for _ in range(epochs):
                for seq, target in zip(seqs, targets):
                    self.train_one(seq, target, lr)
                history.append(self.total_loss(seqs, targets))
            return history
''')

#: a recurrent cell written as a forward/backward method pair with an explicit cache
METHOD_PAIR_CELL = textwrap.dedent('''
    import numpy as np

    class ElmanCell:
        def __init__(self, n_in, n_h):
            self.Wxh = np.random.randn(n_h, n_in) * 0.01
            self.Whh = np.random.randn(n_h, n_h) * 0.01
            self.bh = np.zeros((n_h, 1))

        def cell_forward(self, x_t, h_before):
            h_t = np.tanh(np.dot(self.Wxh, x_t) + np.dot(self.Whh, h_before) + self.bh)
            return h_t, (h_t, h_before, x_t)

        def cell_backward(self, dh_t, cache):
            h_t, h_before, x_t = cache
            dpre = (1 - h_t ** 2) * dh_t
            dWxh = np.dot(dpre, x_t.T)
            dWhh = np.dot(dpre, h_before.T)
            dbh = np.sum(dpre, axis=1, keepdims=True)
            dx_t = np.dot(self.Wxh.T, dpre)
            dh_before = np.dot(self.Whh.T, dpre)
            return dx_t, dh_before, dWxh, dWhh, dbh
''')


def _line(src: str, text: str) -> int:
    return next(i for i, ln in enumerate(src.splitlines(), 1) if text in ln)


def test_truncated_bptt_reading_the_sequence_at_the_inner_step_is_no_wrong_input() -> None:
    result = analyze_source(TRUNCATED_BPTT, "rnn.py")
    assert [f for f in result.findings if f.code == "BP305"] == []  # at no confidence
    tagged = {t.line for t in result.tags if t.kind == "F3"}
    assert _line(TRUNCATED_BPTT, "gU += np.outer(d, seq[k])") in tagged


def test_a_cell_written_as_a_method_pair_with_a_cache_is_tagged_like_the_function_pair() -> None:
    result = analyze_source(METHOD_PAIR_CELL, "cell.py")
    kinds = {t.line: t.kind for t in result.tags if t.kind in ("F1", "F2", "F3")}
    src = METHOD_PAIR_CELL
    assert kinds.get(_line(src, "dpre = (1 - h_t ** 2) * dh_t")) == "F1"
    for text in ("dWxh = np.dot(dpre, x_t.T)", "dWhh = np.dot(dpre, h_before.T)", "dbh = np.sum(dpre"):
        assert kinds.get(_line(src, text)) == "F3", text
    for text in ("dx_t = np.dot(self.Wxh.T, dpre)", "dh_before = np.dot(self.Whh.T, dpre)"):
        assert kinds.get(_line(src, text)) == "F2", text
    assert not result.findings


#: gradient buffers accumulated in bptt and stepped into their parameters by a method whose learning
#: rate is an argument without a default, and that nothing in the file calls
GRADIENT_BUFFERS = textwrap.dedent('''
    import numpy as np

    class CharRNN:
        def __init__(self, vocab, hidden):
            self.Wx = np.random.randn(hidden, vocab) * 0.1
            self.Wh = np.random.randn(hidden, hidden) * 0.1
            self.Wy = np.random.randn(vocab, hidden) * 0.1
            self.by = np.zeros((vocab, 1))
            self.clear()

        def clear(self):
            self.dWx = np.zeros_like(self.Wx)
            self.dWh = np.zeros_like(self.Wh)
            self.dWy = np.zeros_like(self.Wy)
            self.dby = np.zeros_like(self.by)

        def run(self, ids):
            hs = np.zeros((len(ids) + 1, self.Wh.shape[0], 1))
            ps = np.zeros((len(ids), self.Wy.shape[0], 1))
            for t in range(len(ids)):
                x = np.zeros((self.Wx.shape[1], 1))
                x[ids[t]] = 1
                hs[t] = np.tanh(self.Wx @ x + self.Wh @ hs[t - 1])
                s = self.Wy @ hs[t] + self.by
                ps[t] = np.exp(s) / np.sum(np.exp(s))
            return hs, ps

        def bptt(self, ids, labels):
            self.clear()
            hs, ps = self.run(ids)
            dy = ps
            dy[np.arange(len(labels)), labels] -= 1.0
            carry = np.zeros(hs[0].shape)
            for t in reversed(range(len(ids))):
                x = np.zeros((self.Wx.shape[1], 1))
                x[ids[t]] = 1
                dh = self.Wy.T @ dy[t] + carry
                draw = dh * (1 - hs[t] ** 2)
                carry = self.Wh.T @ draw
                self.dWy += dy[t] @ hs[t].T
                self.dby += dy[t]
                self.dWx += draw @ x.T
                self.dWh += draw @ hs[t - 1].T

        def learn(self, ids, labels, rate):
            self.bptt(ids, labels)
            self.Wy -= rate * self.dWy
            self.by -= rate * self.dby
            self.Wx -= rate * self.dWx
            self.Wh -= rate * self.dWh
''')


def test_adding_into_gradient_buffers_stepped_by_a_rate_argument_is_no_update() -> None:
    result = analyze_source(GRADIENT_BUFFERS, "charrnn.py")
    assert not [f for f in result.findings if f.code in ("BP201", "BP103")]  # at no confidence
    updates = {t.line for t in result.tags if t.kind == "update"}
    src = GRADIENT_BUFFERS
    assert _line(src, "self.dWh += draw @ hs[t - 1].T") not in updates
    assert _line(src, "self.Wh -= rate * self.dWh") in updates


def test_a_backward_only_layer_whose_input_is_an_argument_is_read_without_an_internal_error() -> None:
    src = textwrap.dedent('''
        import numpy as np

        def linear_backward(grad_out, a, w):
            grad_a = np.dot(grad_out, w.T)
            grad_w = np.dot(a.T, grad_out)
            return grad_a, grad_w
    ''')
    result = analyze_source(src, "lin.py")
    assert not result.findings
    assert not any("internal error" in n for n in result.notes)


def test_a_rule_that_fails_costs_the_file_only_that_rule(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    import bpscan.registry as registry

    def broken(model):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    rules = [replace(r, check=broken) if r.code == "BP304" else r for r in registry.all_rules()]
    monkeypatch.setattr(registry, "all_rules", lambda: rules)
    src = textwrap.dedent('''
        import numpy as np
        x, t = np.random.randn(8, 3), np.random.randn(8, 2)
        w = np.random.randn(3, 2)
        for step in range(100):
            out = x.dot(w)
            delta = out - t
            w += 0.01 * x.T.dot(delta)
    ''')
    result = analyze_source(src, "climb.py")
    assert [f.code for f in result.findings] == ["BP201"]
    assert any(n.startswith("rule BP304 stopped on an internal error (RuntimeError: boom)") for n in result.notes)


def _codes(src: str) -> list[str]:
    return [f.code for f in analyze_source(textwrap.dedent(src), "probe.py").findings]


def test_a_backward_handed_a_tuple_of_settings_takes_no_gradient_from_it() -> None:
    # the upstream gradient lives on the layer (self.grad_out); the argument is (rate, decay)
    src = '''
        import numpy as np

        class Affine:
            def __init__(self, n_in, n_out):
                self.w = np.random.randn(n_in, n_out) * 0.1
                self.b = np.zeros((1, n_out))

            def forward_pass(self):
                return np.dot(self.x, self.w) + self.b

            def backward_pass(self, settings):
                rate, decay = settings
                back = np.dot(self.grad_out, self.w.T)
                self.w += rate * np.dot(self.x.T, self.grad_out)
                self.b += rate * self.grad_out.sum(axis=0)
                return back

        def fit(layer, x, y, rate):
            layer.x = x
            layer.grad_out = y - layer.forward_pass()
            layer.backward_pass((rate / len(x), 0.0))
    '''
    assert _codes(src) == []


def test_gradient_buffers_named_after_their_weights_are_no_parameters_without_an_update_step() -> None:
    # a cell that only accumulates gradients; the optimiser lives in another package
    src = '''
        import numpy as np

        class Cell:
            def __init__(self, n_in, n_h):
                self.Wx = np.random.randn(n_h, n_in)
                self.bx = np.random.randn(n_h)
                self.dWx = np.zeros((n_h, n_in))
                self.dbx = np.zeros(n_h)

            def forward(self, x):
                self.x = x
                self.h = np.tanh(self.Wx @ x + self.bx)
                return self.h

            def backward(self, dh):
                dz = dh * (1 - self.h ** 2)
                self.dWx += dz.reshape(-1, 1) @ self.x.reshape(1, -1)
                self.dbx += dz
                return self.Wx.T @ dz
    '''
    assert _codes(src) == []



def test_a_backward_that_takes_forward_inputs_first_and_the_gradient_last_is_seeded() -> None:
    src = textwrap.dedent('''
        import numpy as np

        class Logistic:
            def forward(self, z):
                return 1.0 / (1.0 + np.exp(-z))

            def backward(self, z, upstream_diff):
                s = self.forward(z)
                return s * (1.0 - s) * upstream_diff
    ''')
    result = analyze_source(src, "gates.py")
    assert {t.line for t in result.tags if t.kind == "F1"} == {_line(src, "return s * (1.0 - s) * upstream_diff")}


def test_an_optimiser_step_nothing_here_calls_leaves_resetting_grad_to_its_caller() -> None:
    src = '''
        import numpy as np

        class HeavyBall:
            def __init__(self, params, lr=0.1, beta=0.9):
                self.params = params
                self.lr = lr
                self.beta = beta
                self.velocity = [np.zeros_like(p.data) for p in params]

            def step(self):
                for j, param in enumerate(self.params):
                    if param.grad is None:
                        continue
                    self.velocity[j] = self.beta * self.velocity[j] + param.grad
                    param.data -= self.lr * self.velocity[j]

            def zero_grad(self):
                for param in self.params:
                    param.grad = None
    '''
    assert "BP501" not in _codes(src)


def test_a_gradient_written_with_a_negated_data_operand_descends() -> None:
    src = '''
        import numpy as np

        class Logistic:
            def fit(self, X, y, steps=200, lr=0.1):
                self.w = np.zeros(X.shape[1])
                for _ in range(steps):
                    p = 1 / (1 + np.exp(-(X @ self.w)))
                    grad = -X.T @ (y - p) / len(y)
                    self.w -= lr * grad
                return self.w
    '''
    assert _codes(src) == []
    climbing = src.replace("self.w -= lr * grad", "self.w += lr * grad")
    assert _codes(climbing) == ["BP201"]


def test_one_layer_class_used_for_several_layers_is_not_crossed_with_itself() -> None:
    # written for the untuned probe of 2026-12-02: one Dense class for three layers kept in a list,
    # stepped by a shared optimiser function; each instance uses and steps its own W
    src = '''
        import numpy as np


        class Affine:
            def __init__(self, n_in, n_out):
                self.W = 0.1 * np.random.randn(n_in, n_out)
                self.b = np.zeros((1, n_out))

            def forward(self, x):
                self.x = x
                self.out = x @ self.W + self.b

            def backward(self, g):
                self.gW = self.x.T @ g
                self.gb = g.sum(axis=0, keepdims=True)
                self.gx = g @ self.W.T


        class Relu:
            def forward(self, x):
                self.x = x
                self.out = np.maximum(x, 0)

            def backward(self, g):
                self.gx = g * (self.x > 0)


        class Softmax:
            def forward(self, z):
                e = np.exp(z - z.max(axis=1, keepdims=True))
                self.out = e / e.sum(axis=1, keepdims=True)


        class SoftmaxXent:
            def __init__(self):
                self.act = Softmax()

            def forward(self, z, labels):
                self.act.forward(z)
                self.out = self.act.out

            def backward(self, probs, labels):
                n = len(probs)
                self.gx = probs.copy()
                self.gx[range(n), labels] -= 1
                self.gx = self.gx / n


        class SGD:
            def __init__(self, lr):
                self.lr = lr

            def update(self, layer):
                layer.W += -self.lr * layer.gW
                layer.b += -self.lr * layer.gb


        class Model:
            def __init__(self, lr=0.1):
                a1 = Affine(2, 8)
                a2 = Affine(8, 8)
                a3 = Affine(8, 3)
                head = SoftmaxXent()
                self.parts = [a1, Relu(), a2, Relu(), a3, head]
                self.opt = SGD(lr)

            def forward(self, x, labels):
                for p in self.parts:
                    if isinstance(p, SoftmaxXent):
                        p.forward(x, labels)
                    else:
                        p.forward(x)
                        x = p.out

            def backward(self, labels):
                g = None
                for p in self.parts[::-1]:
                    if isinstance(p, SoftmaxXent):
                        p.backward(p.out, labels)
                        g = p.gx
                    else:
                        p.backward(g)
                        g = p.gx

            def step(self):
                for p in self.parts:
                    if isinstance(p, Affine):
                        self.opt.update(p)

            def fit(self, x, labels, epochs=200):
                for _ in range(epochs):
                    self.forward(x, labels)
                    self.backward(labels)
                    self.step()


        pts = np.random.randn(200, 2)
        lab = (pts[:, 0] > 0).astype(int) + (pts[:, 1] > 0).astype(int)
        model = Model()
        model.fit(pts, lab)
    '''
    codes = _codes(src)
    assert "BP103" not in codes and "BP303" not in codes


def test_weight_decay_written_in_place_before_the_step_keeps_the_parameter() -> None:
    # written for the final untuned probe of 2026-12-02: `W *= 1 - lr * lam / n`, then `W -= lr * grad`
    src = '''
        import numpy as np

        lr, lam, batch_size, n = 0.5, 5.0, 10, 1000
        W2 = np.random.randn(30, 784); b2 = np.random.randn(30, 1)
        W3 = np.random.randn(10, 30); b3 = np.random.randn(10, 1)

        def sigmoid(z):
            return 1.0 / (1.0 + np.exp(-z))

        def sigmoid_prime(z):
            return sigmoid(z) * (1 - sigmoid(z))

        data = [(np.random.randn(784, 1), np.eye(10)[:, [i % 10]]) for i in range(n)]
        for epoch in range(3):
            for k in range(0, n, batch_size):
                sum_gb3 = 0
                sum_gb2 = 0
                sum_gW3 = 0
                sum_gW2 = 0
                for x, y in data[k:k + batch_size]:
                    z2 = np.dot(W2, x) + b2
                    a2 = sigmoid(z2)
                    z3 = np.dot(W3, a2) + b3
                    a3 = sigmoid(z3)
                    delta_3 = a3 - y                                    # cross-entropy + sigmoid
                    delta_2 = sigmoid_prime(z2) * np.dot(W3.T, delta_3)
                    sum_gb3 += delta_3
                    sum_gb2 += delta_2
                    sum_gW3 += np.dot(delta_3, a2.T)
                    sum_gW2 += np.dot(delta_2, x.T)
                b3 -= lr * sum_gb3 / batch_size
                b2 -= lr * sum_gb2 / batch_size
                W3 *= 1 - lr * lam / n            # L2 weight decay (in place)
                W2 *= 1 - lr * lam / n
                W3 -= lr * sum_gW3 / batch_size   # <- W3 updated
                W2 -= lr * sum_gW2 / batch_size   # <- W2 updated
    '''
    assert _codes(src) == []


def test_a_vector_reshaped_then_transposed_twice_keeps_the_orientation_its_reshape_gave() -> None:
    # an RNN wrapper puts a step's input back as np.transpose(x.reshape(-1, 1)) and the layer's
    # backward transposes it again: the reshape, not the count of transposes, says it is a row
    import importlib

    from bpscan.analysis import build_model

    bp304 = importlib.import_module("rules.bp304_missing_transpose")
    model = build_model(textwrap.dedent('''
        import numpy as np
        x = np.ones(3)
        row = np.transpose(x.reshape(-1, 1))
        back = row.transpose()
        plain = np.ones((3, 1)).T.T
    '''))
    scope = model.interp.module_scope.vars
    assert bp304._vector_reshaped(scope["back"])
    assert bp304._vector_reshaped(scope["row"])
    assert not bp304._vector_reshaped(scope["plain"])


#: a hand-written autograd framework in NumPy (the DeZero shape): variables keep `.grad`, layers hand
#: out their parameters, and a parameter's gradient is cleared by `cleargrad()` or `q.grad = None`
TINY_AUTOGRAD = textwrap.dedent('''
    import numpy as np

    class Variable:
        def __init__(self, data):
            self.data = data
            self.grad = None
            self.parents = ()
            self.local = ()

        def cleargrad(self):
            self.grad = None

        def backward(self):
            if self.grad is None:
                self.grad = Variable(np.ones_like(self.data))
            for parent, local in zip(self.parents, self.local):
                g = Variable(self.grad.data @ local if local.ndim == 2 else self.grad.data * local)
                parent.grad = g if parent.grad is None else Variable(parent.grad.data + g.data)
                parent.backward()

    class Linear:
        def __init__(self, n_in, n_out):
            self.W = Variable(np.random.randn(n_in, n_out) * 0.1)

        def params(self):
            yield self.W

        def cleargrads(self):
            for p in self.params():
                p.cleargrad()

        def __call__(self, x):
            out = Variable(x.data @ self.W.data)
            out.parents, out.local = (self.W,), (x.data.T,)
            return out
''')

CLEARED_BEFORE_BACKWARD = textwrap.dedent('''
    import numpy as np
    from tiny import Linear, Variable

    layer = Linear(3, 1)
    x = Variable(np.random.rand(16, 3))
    for step in range(100):
        loss = layer(x)
        for q in layer.params():
            q.grad = None
        loss.backward()
        for q in layer.params():
            q.data -= 0.1 * q.grad.data
''')


def test_a_numpy_autograd_frameworks_grad_cleared_before_backward_is_reset(tmp_path) -> None:
    # the loop clears each parameter's .grad before backward (a loop of its own over the same
    # parameters), or through the framework's `cleargrads()`: BP501 must not fire; without either it does
    from bpscan.engine import FileTask, check_file
    from bpscan.config import enabled_codes

    (tmp_path / "tiny.py").write_text(TINY_AUTOGRAD, encoding="utf-8")
    variants = {
        "loop.py": CLEARED_BEFORE_BACKWARD,
        "method.py": CLEARED_BEFORE_BACKWARD.replace("for q in layer.params():\n        q.grad = None\n    loss",
                                                     "layer.cleargrads()\n    loss"),
        "never.py": CLEARED_BEFORE_BACKWARD.replace("for q in layer.params():\n        q.grad = None\n    loss",
                                                    "loss"),
    }
    found = {}
    for name, text in variants.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        r = check_file(FileTask(str(tmp_path / name), enabled_codes([])))
        found[name] = {f.code for f in r.findings}
    assert "cleargrads" in variants["method.py"] and "grad = None" not in variants["never.py"]
    assert found == {"loop.py": set(), "method.py": set(), "never.py": {"BP501"}}


#: a convolution over strided windows whose kernel gradient is a broadcast product of the windows with
#: the delta, summed over batch and positions; trained by a helper that shuffles its samples
STRIDED_WINDOWS_CONV = textwrap.dedent('''
    import numpy as np


    class Conv:
        def __init__(self, k, n_out, n_in, lr, mom):
            self.K = np.random.randn(n_out, n_in, k, k) * 0.1
            self.vel = np.zeros_like(self.K)
            self.k, self.lr, self.mom = k, lr, mom

        def forward(self, img):
            n, h, w, c = img.shape
            sn, sh, sw, sc = img.strides
            self.win = np.lib.stride_tricks.as_strided(
                img, shape=(n, h - self.k + 1, w - self.k + 1, c, self.k, self.k), strides=(sn, sh, sw, sc, sh, sw))
            return np.tensordot(self.win, self.K, axes=([3, 4, 5], [1, 2, 3]))

        def backward(self, d):
            gK = (self.win[:, :, :, None, :, :, :] * d[:, :, :, :, None, None, None]).sum(axis=(0, 1, 2))
            g_in = np.tensordot(d, self.K, axes=([3], [0]))
            self.vel = self.mom * self.vel + (1 - self.mom) * gK
            self.K -= self.vel * self.lr
            return g_in


    def sq_grad(target, pred):
        return (pred - target) / len(pred)


    def train(net, loss_grad, xs, ys, epochs=5, bs=4):
        for e in range(epochs):
            order = np.random.permutation(len(xs))
            xs, ys = xs[order], ys[order]
            for s in range(0, len(xs), bs):
                out = xs[s:s + bs]
                for layer in net:
                    out = layer.forward(out)
                g = loss_grad(ys[s:s + bs], out)
                for layer in reversed(net):
                    g = layer.backward(g)


    train([Conv(3, 4, 1, 0.1, 0.9)], sq_grad, np.random.randn(8, 6, 6, 1), np.random.randn(8, 4, 4, 4))

''')


def test_a_kernel_gradient_broadcast_from_the_windows_is_the_kernels_not_a_bias_sum() -> None:
    r = analyze_source(STRIDED_WINDOWS_CONV, "conv.py")
    assert [f.code for f in r.findings] == []
    line = next(i for i, text in enumerate(STRIDED_WINDOWS_CONV.splitlines(), 1) if text.strip().startswith("gK ="))
    assert [(t.kind, t.param) for t in r.tags if t.line == line] == [("F3", "self.K")]


#: an optimiser class that runs backprop itself over a model's list of layer objects, taking each
#: layer's input from the previous layer's kept output (`self.layers[i - 1].output`)
LAYER_LIST_OPTIMISER = textwrap.dedent('''
    import numpy as np

    def leaky(x, alpha=0.1, deriv=False):
        r = np.copy(x)
        if deriv:
            r[r > 0] = 1
            r[r <= 0] = alpha
        else:
            r[r < 0] *= alpha
        return r

    def sigm(x, deriv=False):
        if deriv:
            return x * (1 - x)
        return 1 / (1 + np.exp(-x))

    class Layer:
        def __init__(self, n_in, n_out, activation):
            self.weight = np.random.randn(n_in, n_out) * 0.1
            self.bias = np.zeros((1, n_out))
            self.activation = activation

        def forward(self, x):
            self.output = self.activation(x.dot(self.weight) + self.bias)
            return self.output

        def deriv(self):
            return self.activation(self.output, deriv=True)

    class GD:
        def __init__(self, lr=0.01):
            self.lr = lr

        def set_layers(self, layers):
            self.layers = layers

        def step(self, x, y):
            h = x
            for layer in self.layers:
                h = layer.forward(h)
            err = h - y
            gw, gb = [None] * len(self.layers), [None] * len(self.layers)
            for i in range(len(self.layers) - 1, 0, -1):
                d = err * self.layers[i].deriv()
                gb[i] = d.sum(axis=0, keepdims=True) / len(x)
                gw[i] = self.layers[i - 1].output.T.dot(d) / len(x)
                err = d.dot(self.layers[i].weight.T)
            d = err * self.layers[0].deriv()
            gb[0] = d.sum(axis=0, keepdims=True) / len(x)
            gw[0] = x.T.dot(d) / len(x)
            for i in range(len(self.layers)):
                self.layers[i].weight -= self.lr * gw[i]
                self.layers[i].bias -= self.lr * gb[i]

    class Model:
        def __init__(self, n_in):
            self.layers, self.n_in = [], n_in

        def add_layer(self, n, act):
            n_prev = self.layers[-1].weight.shape[1] if self.layers else self.n_in
            self.layers.append(Layer(n_prev, n, act))

        def compile(self, opt):
            self.opt = opt
            self.opt.set_layers(self.layers)

    m = Model(4)
    m.add_layer(8, leaky)
    m.add_layer(3, sigm)
    m.compile(GD(0.01))
    X, Y = np.random.randn(16, 4), np.random.randn(16, 3)
    for _ in range(5):
        m.opt.step(X, Y)
''')


def test_the_previous_layers_output_in_a_layer_list_is_this_layers_input() -> None:
    r = analyze_source(LAYER_LIST_OPTIMISER, "gd.py")
    assert "BP305" not in {f.code for f in r.findings}
    line = next(i for i, text in enumerate(LAYER_LIST_OPTIMISER.splitlines(), 1) if "layers[i - 1].output" in text)
    assert ("F3", "self.weight") in {(t.kind, t.param) for t in r.tags if t.line == line}


#: a trainer walking a list of one layer class; each layer's leaky-ReLU derivative reads its own
#: `layer.pre`, the same attribute for every member of the (merged) list
LIST_OF_ONE_LAYER_CLASS = textwrap.dedent('''
    import numpy as np

    def lrelu(x, a=0.1, deriv=False):
        if deriv:
            return np.where(x > 0, 1.0, a)
        return np.where(x > 0, x, a * x)

    class Dense:
        def __init__(self, n_in, n_out, act):
            self.weight = np.random.randn(n_in, n_out) * 0.1
            self.bias = np.zeros((1, n_out))
            self.act = act

        def forward(self, x):
            self.pre = x.dot(self.weight) + self.bias
            self.output = self.act(self.pre)
            return self.output

    class Trainer:
        def __init__(self, layers, lr=0.01):
            self.layers, self.lr = layers, lr

        def step(self, x, y):
            h = x
            for layer in self.layers:
                h = layer.forward(h)
            err = h - y
            for i in range(len(self.layers) - 1, -1, -1):
                layer = self.layers[i]
                delta = err * layer.act(layer.pre, deriv=True)
                inp = self.layers[i - 1].output if i > 0 else x
                gw = inp.T.dot(delta) / len(x)
                gb = delta.sum(axis=0, keepdims=True) / len(x)
                err = delta.dot(layer.weight.T)
                layer.weight -= self.lr * gw
                layer.bias -= self.lr * gb

    net = Trainer([Dense(4, 8, lrelu), Dense(8, 2, lrelu)])
    X = np.random.randn(16, 4); Y = np.random.randn(16, 2)
    for _ in range(10):
        net.step(X, Y)
''')


def test_a_layers_own_attribute_read_through_a_list_is_not_another_layers_tensor() -> None:
    r = analyze_source(LIST_OF_ONE_LAYER_CLASS, "trainer.py")
    assert "BP302" not in {f.code for f in r.findings}


def test_an_imported_modules_smoke_test_is_not_run_for_its_importer(tmp_path) -> None:
    # `if __name__ == "__main__":` of layer.py is false when train.py imports it: the importer's
    # analysis reads layer.py's definitions, never its smoke test
    from bpscan.analysis import build_model

    (tmp_path / "layer.py").write_text(textwrap.dedent('''
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

        if __name__ == "__main__":
            d = Dense(3, 2)
            d.forward(np.ones((4, 3)))
            d.backward(np.ones((4, 2)))
    '''), encoding="utf-8")
    train = tmp_path / "train.py"
    train.write_text(textwrap.dedent('''
        import numpy as np
        from layer import Dense

        X, Y = np.random.randn(16, 3), np.random.randn(16, 2)
        net = Dense(3, 2)
        for epoch in range(50):
            out = net.forward(X)
            net.backward((out - Y) / len(X))
            net.W -= 0.1 * net.gW
    '''), encoding="utf-8")
    model = build_model(train.read_text(encoding="utf-8"), str(train))
    ran = {s.line for s in model.interp.stmts.values() if s.mod and s.mod.endswith("layer.py")}
    assert 13 in ran  # the backward it calls is read
    assert not ran & {17, 18, 19}  # the smoke test's statements are not


#: a list of weights drawn in a loop and one more after it, trained sample by sample through a list of
#: activations that starts with the (bias-padded) input: each member's output is the next one's input
WEIGHT_LIST_ACTIVATIONS = textwrap.dedent('''
    import numpy as np


    class Net:
        def __init__(self, sizes):
            self.squash = self.act
            self.squash_prime = self.act_prime
            self.weights = []
            for k in range(1, len(sizes) - 1):
                w = 2 * np.random.random((sizes[k - 1], sizes[k])) - 1
                self.weights.append(w)
            w = 2 * np.random.random((sizes[-2], sizes[-1])) - 1
            self.weights.append(w)

        def act(self, v):
            return 1 / (1 + np.exp(-v))

        def act_prime(self, s):
            return s * (1 - s)

        def fit(self, X, y, rate=0.2, epochs=1000):
            X = np.concatenate((np.ones((X.shape[0], 1)), X), axis=1)
            for _ in range(epochs):
                i = np.random.randint(X.shape[0])
                a = [X[i]]
                for l in range(len(self.weights)):
                    a.append(self.squash(np.dot(a[l], self.weights[l])))
                error = y[i] - a[-1]
                deltas = [error * self.squash_prime(a[-1])]
                for l in range(len(a) - 2, 0, -1):
                    deltas.append(deltas[-1].dot(self.weights[l].T) * self.squash_prime(a[l]))
                deltas.reverse()
                for i in range(len(self.weights)):
                    layer = np.atleast_2d(a[i])
                    delta = np.atleast_2d(deltas[i])
                    self.weights[i] += rate * layer.T.dot(delta)
''')


def test_a_weight_familys_own_output_is_the_next_members_input(tmp_path) -> None:
    # `layer = np.atleast_2d(a[i])` with `a` the list of every layer's output: the F3 input is right
    # for each member; no finding of any confidence (a medium BP305 said it was the layer's own output)
    from bpscan.engine import FileTask, check_file
    from bpscan.config import enabled_codes

    path = tmp_path / "shape.py"
    path.write_text(WEIGHT_LIST_ACTIVATIONS, encoding="utf-8")
    r = check_file(FileTask(str(path), enabled_codes([])))
    assert {t.kind for t in r.tags} >= {"error", "F1", "F2", "F3", "update"}
    assert [(f.code, f.line) for f in r.findings] == []


#: a first-layer weight that starts as a Python number and becomes a matrix through its first step,
#: with the forward pass written as one nested expression
SCALAR_STARTED_WEIGHT = textwrap.dedent('''
    import numpy as np

    X = np.random.rand(8, 3)
    T = np.random.rand(8, 2)
    w_in = 0.5
    w_out = np.random.rand(3, 2)

    for it in range(300):
        out = np.dot(1 / (1 + np.exp(-np.dot(X, w_in))), w_out)
        d_out = T - out
        h = 1 / (1 + np.exp(-np.dot(X, w_in)))
        d_h = d_out.dot(w_out.T) * h * (1 - h)
        w_out = w_out + 0.05 * h.T.dot(d_out)
        w_in = w_in + 0.05 * X.T.dot(d_h)
''')


def test_a_weight_started_as_a_number_is_the_weight_not_the_data(tmp_path) -> None:
    # `w_in = 0.5` stepped by `w_in = w_in + X.T.dot(d_h)`: w_in is the first layer's weight (row
    # convention); X is data. Reading X as the weight made three false BP304s and lost the tags
    from bpscan.engine import FileTask, check_file
    from bpscan.config import enabled_codes

    path = tmp_path / "scalar.py"
    path.write_text(SCALAR_STARTED_WEIGHT, encoding="utf-8")
    r = check_file(FileTask(str(path), enabled_codes([])))
    updates = {t.param for t in r.tags if t.kind == "update"}
    assert updates == {"w_in", "w_out"}
    assert {t.line for t in r.tags if t.kind == "F3"} == {14, 15}
    assert [(f.code, f.line) for f in r.findings] == []


#: an LSTM cell whose backward takes forward's inputs, outputs and gate values back by name (the caller
#: keeps them), with d_h_next and d_c_next the gradients of the h and c that forward returns
GATES_BY_NAME = textwrap.dedent('''
    import numpy as np

    class Cell:
        def __init__(self, n_in, n_h):
            self.Wf = np.random.randn(n_h, n_h + n_in) * 0.1
            self.Wi = np.random.randn(n_h, n_h + n_in) * 0.1
            self.Wo = np.random.randn(n_h, n_h + n_in) * 0.1
            self.Wg = np.random.randn(n_h, n_h + n_in) * 0.1
            self.bf = np.zeros((n_h, 1))

        def sig(self, v):
            return 1 / (1 + np.exp(-v))

        def forward(self, x, h_prev, c_prev):
            z = np.vstack((h_prev, x))
            f = self.sig(self.Wf.dot(z) + self.bf)
            i = self.sig(self.Wi.dot(z))
            g = np.tanh(self.Wg.dot(z))
            o = self.sig(self.Wo.dot(z))
            c = f * c_prev + i * g
            h = o * np.tanh(c)
            return h, c

        def backward(self, x, h_prev, c_prev, f, i, g, o, c, d_h_next, d_c_next):
            d_c = d_c_next + d_h_next * o * (1 - np.tanh(c) ** 2)
            d_o = d_h_next * np.tanh(c) * o * (1 - o)
            d_g = d_c * i * (1 - g ** 2)
            d_i = d_c * g * i * (1 - i)
            d_f = d_c * c_prev * f * (1 - f)
            z = np.vstack((h_prev, x))
            dWo = d_o.dot(z.T)
            dWg = d_g.dot(z.T)
            dWi = d_i.dot(z.T)
            dWf = d_f.dot(z.T)
            dbf = d_f.sum(axis=1, keepdims=True)
            dz = self.Wf.T.dot(d_f) + self.Wi.T.dot(d_i) + self.Wg.T.dot(d_g) + self.Wo.T.dot(d_o)
            return dz, dWo, dWg, dWi, dWf, dbf

        def update(self, dWo, dWg, dWi, dWf, dbf, rate):
            self.Wo -= rate * dWo
            self.Wg -= rate * dWg
            self.Wi -= rate * dWi
            self.Wf -= rate * dWf
            self.bf -= rate * dbf
''')


def test_a_cells_gate_values_handed_back_by_name_are_forwards_own(tmp_path) -> None:
    # f, i, g, o in backward's signature are the gate values forward computed (not weights nor data
    # of unknown kind), d_h_next/d_c_next the gradients of its h and c: every gate gets F1 and F3; a
    # sigmoid derivative taken again of the gate's output (sigmoid of a sigmoid) is BP302 on each gate
    from bpscan.engine import FileTask, check_file
    from bpscan.config import enabled_codes

    path = tmp_path / "cell.py"
    path.write_text(GATES_BY_NAME, encoding="utf-8")
    r = check_file(FileTask(str(path), enabled_codes([])))
    f1 = {t.line for t in r.tags if t.kind == "F1"}
    f3 = {t.param for t in r.tags if t.kind == "F3"}
    assert {27, 28, 29, 30} <= f1 and {"self.Wo", "self.Wg", "self.Wi", "self.Wf", "self.bf"} <= f3
    assert [(f.code, f.line) for f in r.findings] == []
    twice = GATES_BY_NAME.replace("* o * (1 - o)", "* self.sig(o) * (1 - self.sig(o))")
    path.write_text(twice, encoding="utf-8")
    r = check_file(FileTask(str(path), enabled_codes([])))
    assert [(f.code, f.line) for f in r.findings] == [("BP302", 27)]


#: correct code from the ninth untuned probe that BP103 read as crossed updates: a scalar bias started as
#: 0.0 and stepped in a loop; a bias repeated over the batch by a product with a row of ones; formula 2
#: written as `np.sum(w2 * d2, axis=1)` with outer products by broadcasting; the same with ones-matrices
CROSSED_LOOKALIKES = {
    "scalar_bias.py": '''
        class Regression:
            def fit(self, X, y, lr=0.1):
                self.b = 0.0
                for _ in range(100):
                    r = X @ self.w + self.b - y
                    self.w -= lr * (X.T @ r)
                    self.b -= lr * r.sum()
    ''',
    "ones_bias.py": '''
        import numpy as np

        def train(X, Y, W, c, lr=0.1):
            for _ in range(10):
                out = W.dot(X) + c.dot(np.ones((1, X.shape[1])))
                d = out - Y
                W -= lr * d.dot(X.T)
                c -= lr * np.mean(d, axis=1, keepdims=True)
    ''',
    "sum_f2.py": '''
        import numpy as np

        w1, c1 = np.random.randn(3, 4), np.zeros((1, 4))
        w2, c2 = np.random.randn(4, 3), np.zeros((1, 3))
        for step in range(100):
            x, t = np.random.rand(1, 3), np.random.rand(1, 3)
            h = np.tanh(x @ w1 + c1)
            o = h @ w2 + c2
            dc2 = 2 * (o - t)
            dw2 = h.T * dc2
            dh = np.sum(w2 * dc2, axis=1)
            dc1 = (1 - h ** 2) * dh
            dw1 = x.T * dc1
            c2 -= 0.1 * dc2
            w2 -= 0.1 * dw2
            c1 -= 0.1 * dc1
            w1 -= 0.1 * dw1
    ''',
    "sum_f2_accumulated.py": '''
        import numpy as np

        X, Y = np.random.rand(20, 1, 3), np.random.rand(20, 1, 2)
        w1, c1 = np.random.randn(3, 4), np.zeros((1, 4))
        w2, c2 = np.random.randn(4, 2), np.zeros((1, 2))
        for epoch in range(50):
            gw1 = gc1 = gw2 = gc2 = 0
            for k in range(len(X)):
                x, t = X[k], Y[k]
                h = np.tanh(x @ w1 + c1)
                o = h @ w2 + c2
                dc2 = 2 * (o - t)
                dh = np.array([np.sum(w2 * dc2, axis=1)])
                dc1 = (1 - h ** 2) * dh
                gw2 += h.T * dc2
                gc2 += dc2
                gw1 += x.T * dc1
                gc1 += dc1
            w2 = w2 - 0.1 * gw2 / len(X)
            c2 = c2 - 0.1 * gc2 / len(X)
            w1 = w1 - 0.1 * gw1 / len(X)
            c1 = c1 - 0.1 * gc1 / len(X)
    ''',
    "ones_tiles.py": '''
        import numpy as np

        w1, c1 = np.random.randn(3, 4), np.zeros((1, 4))
        w2, c2 = np.random.randn(4, 3), np.zeros((1, 3))
        for step in range(100):
            x, t = np.random.rand(1, 3), np.random.rand(1, 3)
            h = np.tanh(x @ w1 + c1)
            o = h @ w2 + c2
            dc2 = 2 * (o - t)
            dw2 = (h.T @ np.ones((1, 3))) * (np.ones((4, 1)) @ dc2)
            dh = ((w2 * (np.ones((4, 1)) @ dc2)) @ np.ones((3, 1))).T
            dc1 = (1 - h ** 2) * dh
            dw1 = (x.T @ np.ones((1, 4))) * (np.ones((3, 1)) @ dc1)
            c2 -= 0.1 * dc2
            w2 -= 0.1 * dw2
            c1 -= 0.1 * dc1
            w1 -= 0.1 * dw1
    ''',
}


def test_correct_updates_that_looked_crossed_are_silent(tmp_path) -> None:
    from bpscan.engine import FileTask, check_file
    from bpscan.config import enabled_codes

    found = {}
    for name, src in CROSSED_LOOKALIKES.items():
        (tmp_path / name).write_text(textwrap.dedent(src), encoding="utf-8")
        r = check_file(FileTask(str(tmp_path / name), enabled_codes([])))
        found[name] = [(f.code, f.line) for f in r.findings]
        if name == "sum_f2.py":
            kinds = {t.line: t.kind for t in r.tags}
            assert (kinds.get(11), kinds.get(12), kinds.get(14)) == ("F3", "F2", "F3")  # dw2, dh, dw1
    assert found == {name: [] for name in CROSSED_LOOKALIKES}


#: one layer class used for two layers inside a network class nothing in the file drives, each step's
#: velocity kept on the instance (`self.vW = mu * self.vW - lr * gW; self.W += self.vW`)
TWO_INSTANCES_UNDRIVEN = textwrap.dedent('''
    import numpy as np


    class Affine:
        def __init__(self, W, b):
            self.W = W
            self.b = b
            self.vW = np.zeros_like(W)
            self.vb = np.zeros_like(b)

        def forward(self, x):
            return np.dot(x, self.W) + self.b

        def backward(self, g, x, lr=0.0, mu=0.0):
            gW = np.dot(x.T, g)
            gb = np.sum(g, axis=0)
            gx = np.dot(g, self.W.T)
            self.vW = mu * self.vW - lr * gW
            self.vb = mu * self.vb - lr * gb
            self.W += self.vW
            self.b += self.vb
            return gx


    class Relu:
        def forward(self, x):
            self.x = x
            return np.maximum(x, 0)

        def backward(self, g):
            return g * (self.x > 0)


    class Sig:
        def forward(self, x):
            self.x = x
            return 1 / (1 + np.exp(-x))

        def backward(self, g):
            s = self.forward(self.x)
            return s * (1 - s) * g


    class Net:
        def __init__(self, n, k):
            self.fc1 = Affine(np.random.randn(n, k), np.zeros(k))
            self.fc2 = Affine(np.random.randn(k, 1), np.zeros(1))
            self.act = Relu()
            self.out = Sig()

        def train(self, x, y, lr, mu):
            z1 = self.fc1.forward(x)
            h = self.act.forward(z1)
            z2 = self.fc2.forward(h)
            p = self.out.forward(z2)
            g = p - y
            gs = self.out.backward(g)
            gz1 = self.act.backward(gs)
            gW2 = np.dot(h.T, g)
            self.fc2.backward(g, h, lr, mu)
            self.fc1.backward(gz1, x, lr, mu)
''')


def test_an_update_is_never_called_crossed_with_its_own_parameter(tmp_path) -> None:
    # the two instances' weights are both spelt self.W: "update of self.W applies self.vW, the gradient
    # of self.W" contradicted itself
    from bpscan.engine import FileTask, check_file
    from bpscan.config import enabled_codes

    path = tmp_path / "two.py"
    path.write_text(TWO_INSTANCES_UNDRIVEN, encoding="utf-8")
    r = check_file(FileTask(str(path), enabled_codes([])))
    assert [f.message for f in r.findings if f.code == "BP103"] == []
    assert {t.line for t in r.tags if t.kind == "update"} >= {21, 22}


def test_a_class_score_climbed_in_another_project_file_is_not_an_ascent(tmp_path) -> None:
    # vis.py steps an image up a class score; a driver in another file calls it with a model it imports:
    # climbing a score picked out of the model's output is what such code is for, so BP201 stays silent
    # (it was medium until the sixteenth probe: two such findings, both false, none real), as it does when
    # vis.py is analysed alone
    from bpscan.engine import FileTask, run
    from bpscan.config import enabled_codes

    (tmp_path / "vis.py").write_text(textwrap.dedent('''
        import torch


        def lift(img, model, cls, reg, lr):
            scores = model(img)
            goal = scores[0, cls] - reg * torch.sum(img * img)
            goal.backward()
            img.data += lr * img.grad / img.grad.norm()
            img.grad.zero_()
    '''), encoding="utf-8")
    (tmp_path / "drive.py").write_text(textwrap.dedent('''
        import torch
        import torchvision
        from vis import lift

        model = torchvision.models.squeezenet1_1()
        img = torch.zeros(1, 3, 64, 64, requires_grad=True)
        for t in range(50):
            lift(img, model, 3, 0.01, 1.0)
    '''), encoding="utf-8")
    results = run([FileTask(str(tmp_path / n), enabled_codes([])) for n in ("vis.py", "drive.py")])
    found = [(f.code, f.line, f.confidence) for r in results for f in r.findings]
    assert found == [], found
    assert any(t.kind == "update" for r in results for t in r.tags)  # the step is still read as one



def test_a_squared_error_at_a_softmax_through_its_jacobian_is_no_crossed_update(tmp_path) -> None:
    # the corpus's softmax layer whose backward applies its Jacobian, trained on a squared error
    # (`2 * (p - t)`, correct there): nothing is reported (the Jacobian's product was read as a weight's
    # formula 3, and the bias update that follows as crossed)
    from bpscan.engine import FileTask, check_file
    from bpscan.config import enabled_codes

    src = (CORPUS / "cls_layer_list_softmax_identity_jacobian_clean.py").read_text(encoding="utf-8")
    assert "    return -t / (p + 1e-12)" in src
    path = tmp_path / "mse_softmax.py"
    path.write_text(src.replace("    return -t / (p + 1e-12)", "    return 2 * (p - t) / p.size"), encoding="utf-8")
    r = check_file(FileTask(str(path), enabled_codes([])))
    assert [(f.code, f.line) for f in r.findings] == []
    assert "update" in {t.kind for t in r.tags}


#: layers that step themselves in backward, and a loop that also computes the last layer's gradients in
#: locals it never uses (for a print it dropped): dead code, not a parameter left untrained
SELF_STEPPING_WITH_DEAD_COPIES = textwrap.dedent('''
    import numpy as np


    class Linear:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros(n_out)

        def forward(self, x):
            return x @ self.W + self.b

        def backward(self, g, x, lr):
            gW = x.T @ g
            gb = g.sum(axis=0)
            gx = g @ self.W.T
            self.W -= lr * gW
            self.b -= lr * gb
            return gx


    X, Y = np.random.randn(32, 3), np.random.randn(32, 1)
    l1, l2 = Linear(3, 4), Linear(4, 1)
    for epoch in range(100):
        h = np.tanh(l1.forward(X))
        out = l2.forward(h)
        g = out - Y
        grad_w2 = h.T @ g
        grad_b2 = g.sum(axis=0)
        gh = l2.backward(g, h, 0.1)
        l1.backward(gh * (1 - h ** 2), X, 0.1)
''')


def test_a_dead_copy_of_a_gradient_its_parameter_is_stepped_by_is_no_unused_gradient(tmp_path) -> None:
    from bpscan.engine import FileTask, check_file
    from bpscan.config import enabled_codes

    path = tmp_path / "dead.py"
    path.write_text(SELF_STEPPING_WITH_DEAD_COPIES, encoding="utf-8")
    r = check_file(FileTask(str(path), enabled_codes([])))
    assert [(f.code, f.line) for f in r.findings] == []
    # the rule's own example still holds: a bias stepped with the weight's gradient leaves db unused
    crossed = SELF_STEPPING_WITH_DEAD_COPIES.replace("self.b -= lr * gb", "self.b -= lr * gW.mean()")
    path.write_text(crossed, encoding="utf-8")
    r = check_file(FileTask(str(path), enabled_codes([])))
    assert ("BP102", 15) in [(f.code, f.line) for f in r.findings]


#: helpers of a logistic regression fit by maximum likelihood: the direction is the log-likelihood's
#: gradient (labels minus probabilities), and the step helper adds it
LIKELIHOOD_HELPERS = textwrap.dedent('''
    import numpy as np

    def squash(v):
        return 1.0 / (1.0 + np.exp(-v))

    def loglik_direction(feats, probs, labels):
        return feats.T @ (labels - probs)

    def step_up(w, lr, g):
        return w + lr * g
''')


def test_a_step_helper_adding_what_the_files_likelihood_gradient_gives_is_no_ascent() -> None:
    result = analyze_source(LIKELIHOOD_HELPERS, "helpers.py")
    assert [f for f in result.findings if f.code == "BP201"] == []  # at no confidence
    # alone, the same helper is still doubted (its `g` is a gradient by its name only), and says why
    alone = analyze_source("def step_up(w, lr, g):\n    return w + lr * g\n", "step.py")
    assert [(f.code, f.confidence) for f in alone.findings] == [("BP201", "medium")]
    assert "line" not in alone.findings[0].message  # it cites no unrelated error


#: a stack whose every layer picks its activation by name at run time, in the forward pass and again in
#: the backward pass; the parameters come in as one dict keyed 'W1', 'b1', ...
DISPATCHED_ACTIVATIONS = textwrap.dedent('''
    import numpy as np

    class Stack:
        def run(self, prm, x):
            self.pre = {}
            a = x
            for i in range(1, len(self.kinds)):
                z = prm["W" + str(i)] @ a + prm["b" + str(i)]
                kind = self.kinds[i]
                if kind == "identity":
                    a = z
                elif kind == "sigmoid":
                    a = 1 / (1 + np.exp(-z))
                elif kind == "tanh":
                    a = np.tanh(z)
                elif kind == "relu":
                    a = np.maximum(z, 0)
                self.pre["z" + str(i)] = z
            return a

        def grads(self, prm, x, t):
            y = self.run(prm, x)
            g = -(t / y - (1 - t) / (1 - y))
            for i in range(len(self.kinds) - 1, 0, -1):
                z = self.pre["z" + str(i)]
                kind = self.kinds[i]
                if kind == "identity":
                    d = g
                elif kind == "sigmoid":
                    d = g * np.exp(-z) / (1 + np.exp(-z)) ** 2
                elif kind == "tanh":
                    d = g * (1 - np.tanh(z) ** 2)
                elif kind == "relu":
                    d = g * (z > 0)
                g = prm["W" + str(i)].T @ d
''')


def test_a_derivative_chosen_by_the_same_run_time_dispatch_as_the_activation_is_no_mismatch() -> None:
    result = analyze_source(DISPATCHED_ACTIVATIONS, "stack.py")
    assert [f for f in result.findings if f.code == "BP301"] == []  # at no confidence
    kinds = {t.line: t.kind for t in result.tags}
    for text in ("d = g * (1 - np.tanh(z) ** 2)", "d = g * (z > 0)"):
        assert kinds.get(_line(DISPATCHED_ACTIVATIONS, text)) == "F1", text


#: a character RNN that keeps each step's logits in a dict slot before the (max-shifted) softmax
LOGITS_IN_STEP_SLOTS = textwrap.dedent('''
    import numpy as np

    class CharRnn:
        def __init__(self, vocab, hidden):
            self.U = np.random.randn(hidden, vocab) * 0.01
            self.R = np.random.randn(hidden, hidden) * 0.01
            self.O = np.random.randn(vocab, hidden) * 0.01
            self.bh = np.zeros((hidden, 1))
            self.bo = np.zeros((vocab, 1))

        def train_step(self, ids, nxt, h0, lr=0.05):
            xs, hs, logits, probs = {}, {}, {}, {}
            hs[-1] = h0
            for k in range(len(ids)):
                xs[k] = np.zeros((self.U.shape[1], 1))
                xs[k][ids[k]] = 1
                hs[k] = np.tanh(self.U @ xs[k] + self.R @ hs[k - 1] + self.bh)
                logits[k] = self.O @ hs[k] + self.bo
                e = np.exp(logits[k] - logits[k].max())
                probs[k] = e / e.sum()
            gU, gR, gO = np.zeros_like(self.U), np.zeros_like(self.R), np.zeros_like(self.O)
            gbh, gbo = np.zeros_like(self.bh), np.zeros_like(self.bo)
            carry = np.zeros_like(h0)
            for k in reversed(range(len(ids))):
                dy = probs[k].copy()
                dy[nxt[k]] -= 1
                gO += dy @ hs[k].T
                gbo += dy
                dh = self.O.T @ dy + carry
                dpre = (1 - hs[k] ** 2) * dh
                gbh += dpre
                gU += dpre @ xs[k].T
                gR += dpre @ hs[k - 1].T
                carry = self.R.T @ dpre
            for p, g in zip([self.U, self.R, self.O, self.bh, self.bo], [gU, gR, gO, gbh, gbo]):
                p -= lr * g
            return hs[len(ids) - 1]
''')


def test_logits_kept_in_a_per_step_slot_still_make_the_softmax_output_layer() -> None:
    result = analyze_source(LOGITS_IN_STEP_SLOTS, "charrnn.py")
    src = LOGITS_IN_STEP_SLOTS
    kinds: dict[int, set[str]] = {}
    for t in result.tags:
        kinds.setdefault(t.line, set()).add(t.kind)
    want = {"dy[nxt[k]] -= 1": {"error", "F1"}, "gO += dy @ hs[k].T": {"F3"}, "gbo += dy": {"F3"},
            "dh = self.O.T @ dy + carry": {"F2"}, "dpre = (1 - hs[k] ** 2) * dh": {"F1"}, "gbh += dpre": {"F3"},
            "gU += dpre @ xs[k].T": {"F3"}, "gR += dpre @ hs[k - 1].T": {"F3"}, "carry = self.R.T @ dpre": {"F2"}}
    for text, expected in want.items():
        assert kinds.get(_line(src, text), set()) >= expected, text
    assert not result.findings


#: backward kernels of a home-made autograd engine: each sums the upstream gradient into the input's
#: gradient buffer it is handed; no parameter is touched, so there is no step to ascend
AUTOGRAD_KERNELS = textwrap.dedent('''
    import numpy as np

    def flatten_backward(g_out, buf, shape):
        buf += g_out.reshape(shape)

    def sum_backward(g_out, buf, axis):
        buf += np.broadcast_to(np.expand_dims(g_out, axis), buf.shape)

    def scatter_backward(g_out, buf, idx):
        buf += g_out
        buf[idx] = 0
''')


def test_a_kernel_summing_into_the_gradient_buffer_it_is_handed_is_no_update() -> None:
    result = analyze_source(AUTOGRAD_KERNELS, "kernels.py")
    assert [f.code for f in result.findings] == []  # at no confidence
    assert not [t for t in result.tags if t.kind == "update"]
    # a step with a learning rate into the argument is still an update
    stepped = analyze_source("def step(w, g, lr):\n    w += -lr * g\n", "step.py")
    assert [t.kind for t in stepped.tags if t.kind == "update"] == ["update"]


#: a network kept as a list of (affine, activation object) pairs, walked backwards by position; each
#: activation object brings its own derivative, and the layer below's output is rebuilt from its pair
PAIRED_LAYER_OBJECTS = textwrap.dedent('''
    import numpy as np

    class Rect:
        def __call__(self, s):
            return np.maximum(s, 0)

        def slope(self, s):
            return (s > 0).astype(float)

    class Squash:
        def __call__(self, s):
            return 1.0 / (1 + np.exp(-s))

        def slope(self, s):
            return self(s) * (1 - self(s))

    class Affine:
        def __init__(self, n_in, n_out):
            self.w = np.random.randn(n_out, n_in) * 0.1
            self.b = np.zeros((n_out, 1))

        def __call__(self, a):
            self.s = self.w @ a + self.b
            return self.s

    class Stack:
        def __init__(self, pairs):
            self.pairs = pairs

        def forward(self, x):
            self.x = x
            a = x
            for aff, act in self.pairs:
                a = act(aff(a))
            self.out = a
            return a

        def backward(self, t):
            m = t.shape[1]
            da = (self.out - t) / (self.out * (1 - self.out))
            for k in reversed(range(len(self.pairs))):
                aff, act = self.pairs[k]
                if k == 0:
                    below = self.x
                else:
                    b_aff, b_act = self.pairs[k - 1]
                    below = b_act(b_aff.s)
                ds = da * act.slope(aff.s)
                aff.gw = ds @ below.T / m
                aff.gb = ds.mean(axis=1, keepdims=True)
                da = aff.w.T @ ds

        def step(self, lr):
            for aff, _ in self.pairs:
                aff.w -= lr * aff.gw
                aff.b -= lr * aff.gb

    net = Stack([(Affine(4, 8), Rect()), (Affine(8, 8), Rect()), (Affine(8, 1), Squash())])
    X = np.random.randn(4, 32)
    T = (X[:1] > 0).astype(float)
    for _ in range(50):
        net.forward(X)
        net.backward(T)
        net.step(0.1)
''')


def test_layers_walked_by_position_take_each_pairs_own_activation_and_input() -> None:
    result = analyze_source(PAIRED_LAYER_OBJECTS, "stack.py")
    assert [(f.code, f.line) for f in result.findings] == []  # at no confidence
    kinds = {t.line: t.kind for t in result.tags if t.kind in ("F1", "F3")}
    src = PAIRED_LAYER_OBJECTS
    assert kinds.get(_line(src, "ds = da * act.slope(aff.s)")) == "F1"
    assert kinds.get(_line(src, "aff.gw = ds @ below.T / m")) == "F3"


#: a recurrent net whose start state is stepped like a weight, and a sampler that runs the trained
#: recurrence from that state: forward arithmetic, not formula 2
SAMPLER_FROM_STEPPED_STATE = textwrap.dedent('''
    import numpy as np

    def softmax(v):
        e = np.exp(v - v.max())
        return e / e.sum()

    class TinyRNN:

        def __init__(self, input_dim, hidden_nodes, output_dim):
            self.Wxh = np.random.random([hidden_nodes, input_dim]) * 0.01
            self.bh = np.random.random([hidden_nodes]) * 0.01
            self.Whh = np.random.random([hidden_nodes, hidden_nodes]) * 0.01
            self.bh2 = np.random.random([hidden_nodes]) * 0.01
            self.Why = np.random.random([output_dim, hidden_nodes]) * 0.01
            self.by = np.random.random([output_dim]) * 0.01
            self.h = np.random.random([hidden_nodes]) * 0.01

        def forward(self, x):
            T = x.shape[1]
            hs = []
            ps = []
            for i in range(T):
                if i == 0:
                    ht = np.tanh(np.dot(self.Wxh, x[:, i]) + self.bh + np.dot(self.Whh, self.h))
                else:
                    ht = np.tanh(np.dot(self.Wxh, x[:, i]) + self.bh + np.dot(self.Whh, hs[i - 1]))
                ot = softmax(np.dot(self.Why, ht) + self.by)
                hs.append(ht)
                ps.append(ot)
            return (hs, ps)

        def backward(self, x, y, h, ps, lr=0.002):
            T = x.shape[1]
            dh_last = np.dot(np.transpose(self.Why), ps[-1] - y[:, -1])
            loss = np.sum(-y[:, -1] * np.log(ps[-1]))
            dh_acc = dh_last
            gWhy = np.zeros_like(self.Why)
            gby = np.zeros_like(self.by)
            gWhh = np.zeros_like(self.Whh)
            gbh2 = np.zeros_like(self.bh2)
            gWxh = np.zeros_like(self.Wxh)
            gbh = np.zeros_like(self.bh)
            for t in range(T - 2, -1, -1):
                dy = ps[t] - y[:, t]
                dtanh = 1 - h[t] * h[t]
                dh_acc += np.dot(np.transpose(self.Why), dy)
                gWhy += np.outer(dy, h[t])
                gby += dy
                gWxh += np.outer(dtanh * dh_acc, x[:, t])
                gbh += dtanh * dh_acc
                gWhh += np.outer(dtanh * dh_acc, h[t - 1])
                gbh2 += dtanh * dh_acc
                loss += np.sum(-y[:, t] * np.log(ps[t]))
            for dparam in [gWhy, gby, gWxh, gbh, gWhh, gbh2]:
                np.clip(dparam, -5, 5, out=dparam)
            self.Why -= lr * gWhy
            self.Wxh -= lr * gWxh
            self.Whh -= lr * gWhh
            self.by -= lr * gby
            self.bh2 -= lr * gbh2
            self.bh -= lr * gbh
            self.h -= lr * dh_acc
            return (loss, self.h)

        def sample(self, x, n=8):
            h = self.h
            picked = []
            for _ in range(n):
                ht = np.tanh(np.dot(self.Wxh, x) + self.bh + np.dot(self.Whh, h))
                ot = softmax(np.dot(self.Why, ht) + self.by)
                k = np.argmax(ot)
                picked.append(k)
                x = np.zeros_like(x)
                x[k] = 1
            return picked

    def cyclic_batch(count, classes=10, steps=9):
        xs = np.zeros([count, classes, steps])
        ys = np.zeros([count, classes, steps])
        for n in range(count):
            c = np.random.randint(0, classes - 1)
            for j in range(steps):
                xs[n, c, j] = 1.0
                c = (c + 1) % classes
                ys[n, c, j] = 1.0
        return xs, ys


    def show(count):
        for _ in range(count):
            start = np.zeros(10)
            start[np.random.randint(0, 9)] = 1
            print(np.argmax(start), net.sample(start))


    if __name__ == '__main__':
        net = TinyRNN(10, 32, 10)
        for epoch in range(2):
            xs, ys = cyclic_batch(200)
            for n in range(xs.shape[0]):
                hs, ps = net.forward(xs[n])
                loss, _ = net.backward(xs[n], ys[n], hs, ps, lr=0.001)
        show(3)
''')


def test_a_sampler_starting_from_a_stepped_state_runs_the_forward_recurrence() -> None:
    result = analyze_source(SAMPLER_FROM_STEPPED_STATE, "rnn.py")
    assert [(f.code, f.line) for f in result.findings] == []  # at no confidence
    src = SAMPLER_FROM_STEPPED_STATE
    sampled = _line(src, "ht = np.tanh(np.dot(self.Wxh, x) + self.bh + np.dot(self.Whh, h))")
    assert not [t for t in result.tags if t.line == sampled and t.kind in ("F1", "F2")]


#: a loss object whose derivative averages over the batch axis (the bias's shape) in front of a sigmoid
#: layer: the output error, which formula 1 has still to multiply by the derivative, not a bias gradient
LOSS_MEAN_BEFORE_SIGMOID = textwrap.dedent('''
    import numpy as np


    class Logistic:
        def activation(self, x):
            return 1 / (1 + np.exp(-x))

        def derivative(self, x):
            s = self.activation(x)
            return s * (1 - s)


    class SquaredError:
        def backward(self, pred, labels):
            return np.mean(pred - labels, keepdims=True, axis=1)


    class Ridge:
        def __init__(self, lam):
            self.lam = lam

        def gradient(self, weights):
            return 2 * self.lam * weights


    class Layer:
        def __init__(self, units, input_shape, activation_function, regularizer=None, initializer='uniform'):
            self.units = units
            self.input_shape = input_shape
            self.activation = activation_function
            self.regularizer = regularizer
            self.initializer = initializer
            self.init_layer()

        def net(self, x):
            return self.W.T @ x + self.bias

        def output(self, x):
            self.last_input = np.copy(x)
            self.last_net = self.net(x)
            self.last_output = self.activation.activation(self.last_net)
            return self.last_output

        def update_weights(self, deltas, eta):
            dl = deltas * self.activation.derivative(self.last_net)
            delta_w = self.last_input @ dl.T
            deltas_prop = self.W @ dl
            if self.regularizer:
                self.W -= eta * delta_w + self.regularizer.gradient(self.W)
            else:
                self.W -= eta * delta_w
            self.bias -= dl * eta
            return deltas_prop

        def init_layer(self):
            lim = np.sqrt(1 / self.input_shape)
            if self.initializer == 'uniform':
                self.W = np.random.uniform(-0.5, 0.5, size=(self.input_shape, self.units))
                self.bias = np.random.uniform(-0.1, 0.1, size=(self.units, 1))
            elif self.initializer == 'xavier':
                self.W = np.random.uniform(-lim, lim, size=(self.input_shape, self.units))
                self.bias = np.random.uniform(-lim, lim, size=(self.units, 1))


    class Network:
        def __init__(self, input_shape, regularizer=None):
            self.input_shape = input_shape
            self.regularizer = regularizer
            self.layers = []

        def add_layer(self, units, activation_function, initializer='uniform'):
            prev = self.layers[-1].units if self.layers else self.input_shape
            self.layers.append(Layer(units, prev, activation_function, regularizer=self.regularizer, initializer=initializer))

        def __forward_prop__(self, x):
            out = x
            for layer in self.layers:
                out = layer.output(out)
            return out

        def __backward_prop__(self, deltas, eta):
            d = deltas
            for layer in reversed(self.layers):
                d = layer.update_weights(deltas=d, eta=eta)

        def train(self, train, loss, epochs=10, eta=0.01):
            data, labels = train
            for epoch in range(epochs):
                for x, target in zip(data, labels):
                    x = x.reshape(-1, 1)
                    pred = self.__forward_prop__(x)
                    deltas = loss.backward(pred, target.reshape(-1, 1))
                    self.__backward_prop__(deltas=deltas, eta=eta)


    x_train = np.random.rand(50, 17)
    y_train = (x_train[:, :1] > 0.5).astype(float)
    model = Network(17, Ridge(1e-05))
    model.add_layer(1, Logistic(), initializer='xavier')
    model.train((x_train, y_train), loss=SquaredError(), epochs=5, eta=0.01)
''')


def test_a_loss_derivative_averaged_over_the_batch_before_the_derivative_is_the_error() -> None:
    result = analyze_source(LOSS_MEAN_BEFORE_SIGMOID, "net.py")
    src = LOSS_MEAN_BEFORE_SIGMOID
    assert [(f.code, f.line) for f in result.findings] == []  # at no confidence
    kinds = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "return np.mean(pred - labels"), "F3") not in kinds
    assert (_line(src, "dl = deltas * self.activation.derivative"), "F1") in kinds
    assert (_line(src, "delta_w = self.last_input @ dl.T"), "F3") in kinds


#: Adadelta whose step is built with a leading minus on the ratio of running averages
ADADELTA_NEGATIVE_RATIO = textwrap.dedent('''
    import numpy as np

    class Adadelta:
        def __init__(self, rho=0.95, eps=1e-6):
            self.rho, self.eps = rho, eps
            self.g2, self.s2 = {}, {}

        def update(self, params, grads):
            for key in params:
                g = grads[key]
                self.g2.setdefault(key, np.zeros_like(g))
                self.s2.setdefault(key, np.zeros_like(g))
                self.g2[key] = self.rho * self.g2[key] + (1 - self.rho) * g ** 2
                step = -np.sqrt(self.s2[key] + self.eps) / np.sqrt(self.g2[key] + self.eps) * g
                params[key] += step
                self.s2[key] = self.rho * self.s2[key] + (1 - self.rho) * step ** 2
''')


def test_a_step_negated_in_the_numerator_of_its_ratio_descends() -> None:
    result = analyze_source(ADADELTA_NEGATIVE_RATIO, "adadelta.py")
    assert [f.code for f in result.findings] == []  # at no confidence
    flipped = ADADELTA_NEGATIVE_RATIO.replace("step = -np.sqrt(", "step = np.sqrt(")
    assert [f.code for f in analyze_source(flipped, "adadelta.py").findings] == ["BP201"]


#: a forward variant with dropout keeps a longer cache than the plain backward unpacks; the driver picks
#: the variants in two separate if/elif chains, so path-insensitively the long cache meets the short unpack
CACHE_OF_ANOTHER_LENGTH = textwrap.dedent('''
    import numpy as np

    def plain_backward(X, Y, store):
        Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = store
        dZ3 = A3 - Y
        dA2 = np.dot(W3.T, dZ3)

    def descend(parameters, grads, lr):
        for k in range(len(parameters) // 2):
            parameters['b' + str(k + 1)] = parameters['b' + str(k + 1)] - lr * grads['db' + str(k + 1)]

    def masked_forward(X, parameters, keep=0.5):
        W3 = parameters['W3']
        b3 = parameters['b3']
        A2 = np.multiply(A2, K2) / keep
        Z3 = np.dot(W3, A2) + b3
        store = (Z1, K1, A1, W1, b1, Z2, K2, A2, W2, b2, Z3, A3, W3, b3)
        return (A3, store)

    def fit(X, Y, lr=0.3, steps=30000, print_cost=True, penalty=0, keep=1):
        for i in range(0, steps):
            if keep == 1:
                a3, store = plain_forward(X, parameters)
            elif keep < 1:
                a3, store = masked_forward(X, parameters, keep)
            if penalty == 0 and keep == 1:
                grads = plain_backward(X, Y, store)
            elif penalty != 0:
                grads = penal_backward(X, Y, store, penalty)
            elif keep < 1:
                grads = masked_backward(X, Y, store, keep)
    data_X = np.random.randn(2, 30)
    data_Y = (data_X[:1] > 0).astype(float)
    parameters = fit(data_X, data_Y, keep=0.86, lr=0.3)
''')


def test_a_cache_unpacked_into_a_different_number_of_names_says_nothing_of_its_slots() -> None:
    result = analyze_source(CACHE_OF_ANOTHER_LENGTH, "reg.py")
    assert [(f.code, f.line) for f in result.findings] == []  # at no confidence


def test_a_sigmoid_output_error_with_no_derivative_after_it_is_the_delta_of_its_bias() -> None:
    src = textwrap.dedent('''
        import numpy as np

        class LogReg:
            def __init__(self, n):
                self.w = np.zeros(n)
                self.b = 0.0

            def fit(self, X, y, lr=0.1, epochs=100):
                for _ in range(epochs):
                    p = 1 / (1 + np.exp(-(X @ self.w + self.b)))
                    dw = X.T @ (p - y) / len(y)
                    db = np.mean(p - y)
                    self.w -= lr * dw
                    self.b -= lr * db
    ''')
    result = analyze_source(src, "logreg.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "db = np.mean(p - y)"), "F3") in kinds
    assert not result.findings


#: an RNN step built from gate objects in another module: one multiply gate shared by every product, whose
#: backward sends the gradient back through whichever matrix it is handed (formula 2 is there), and an
#: upstream gradient handed in by name
GATES_MODULE = textwrap.dedent('''

    import numpy as np

    class Times:
        def forward(self, M, v):
            return np.dot(M, v)

        def backward(self, M, v, dz):
            dM = np.outer(dz, v)
            dv = np.dot(M.T, dz)
            return dM, dv

    class Plus:
        def forward(self, a, b):
            return a + b

        def backward(self, a, b, dz):
            return dz * np.ones_like(a), dz * np.ones_like(b)

    class Squash:
        def forward(self, v):
            return np.tanh(v)

        def backward(self, v, top):
            o = np.tanh(v)
            return (1.0 - o ** 2) * top

''')
GATED_STEP = textwrap.dedent('''
    import numpy as np
    from gates import Times, Plus, Squash

    times, plus, squash = Times(), Plus(), Squash()


    class Step:
        def forward(self, x, prev, U, W, V):
            self.mu = times.forward(U, x)
            self.mw = times.forward(W, prev)
            self.pre = plus.forward(self.mw, self.mu)
            self.s = squash.forward(self.pre)
            self.out = times.forward(V, self.s)

        def backward(self, x, prev, U, W, V, diff_s, dmulv):
            self.forward(x, prev, U, W, V)
            dV, dsv = times.backward(V, self.s, dmulv)
            ds = dsv + diff_s
            dpre = squash.backward(self.pre, ds)
            dmw, dmu = plus.backward(self.mw, self.mu, dpre)
            dW, dprev = times.backward(W, prev, dmw)
            dU, dx = times.backward(U, x, dmu)
            return dprev, dU, dW, dV
''')


def test_a_delta_after_a_shared_multiply_gates_backward_is_no_missing_f2(tmp_path) -> None:
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, check_file

    (tmp_path / "gates.py").write_text(GATES_MODULE, encoding="utf-8")
    (tmp_path / "step.py").write_text(GATED_STEP, encoding="utf-8")
    r = check_file(FileTask(str(tmp_path / "step.py"), enabled_codes([])))
    assert [f.code for f in r.findings if f.code == "BP308"] == []  # at no confidence


#: a notebook's cells: backward helpers and an update function, each followed by a test cell that calls it
#: on made-up arrays (no forward pass in between)
TEST_CELLS_ON_MADE_UP_DATA = textwrap.dedent('''
    import numpy as np

    def model_backward(AL, Y, caches):
        grads = {}
        dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        lin, Z = caches[0]
        s = 1 / (1 + np.exp(-Z))
        dZ = dAL * s * (1 - s)
        grads["dZ1"] = dZ
        return grads

    def update_parameters(parameters, grads, learning_rate):
        L = len(parameters) // 2
        for l in range(L):
            parameters["W" + str(l + 1)] -= learning_rate * grads["dW" + str(l + 1)]
            parameters["b" + str(l + 1)] -= learning_rate * grads["db" + str(l + 1)]
        return parameters

    def test_case():
        rng = np.random.RandomState(1)
        return rng.rand(1, 4), np.array([[1, 0, 1, 0]]), [((rng.randn(3, 4), rng.randn(1, 3)), rng.randn(1, 4))]

    AL_t, Y_t, caches_t = test_case()
    grads = model_backward(AL_t, Y_t, caches_t)
    print(grads["dZ1"])
    params = update_parameters({"W1": np.ones((1, 3)), "b1": np.zeros((1, 1))},
                               {"dW1": np.ones((1, 3)), "db1": np.ones((1, 1))}, 0.1)
''')


def test_functions_exercised_only_by_test_cells_on_made_up_data_are_read_as_entry_points() -> None:
    result = analyze_source(TEST_CELLS_ON_MADE_UP_DATA, "notebook.py")
    src = TEST_CELLS_ON_MADE_UP_DATA
    kinds = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "dAL = -(np.divide(Y, AL)"), "error") in kinds
    assert (_line(src, 'parameters["W" + str(l + 1)] -= learning_rate'), "update") in kinds
    assert (_line(src, 'parameters["b" + str(l + 1)] -= learning_rate'), "update") in kinds


#: an LSTM whose gates and states live in arrays filled one row per time step (f[t], c[t], h[t])
LSTM_STEP_ROWS = textwrap.dedent('''
    import numpy as np

    def sig(z):
        return 1 / (1 + np.exp(-z))

    def train(xs, ys, Wf, Wi, Wo, Wg, Wy, lr=0.1):
        T, H = len(xs), Wf.shape[0]
        f, i, o, g = np.zeros((T, H)), np.zeros((T, H)), np.zeros((T, H)), np.zeros((T, H))
        c, h = np.zeros((T + 1, H)), np.zeros((T, H))
        p = np.zeros((T, Wy.shape[0]))
        for t in range(T):
            f[t] = sig(Wf @ xs[t])
            i[t] = sig(Wi @ xs[t])
            o[t] = sig(Wo @ xs[t])
            g[t] = np.tanh(Wg @ xs[t])
            c[t] = f[t] * c[t - 1] + i[t] * g[t]
            h[t] = o[t] * np.tanh(c[t])
            p[t] = Wy @ h[t]
        dp = p - ys
        dWy, dWi, dWo, dWg = np.zeros_like(Wy), np.zeros_like(Wi), np.zeros_like(Wo), np.zeros_like(Wg)
        carry = np.zeros(H)
        for t in reversed(range(T)):
            dWy += np.outer(dp[t], h[t])
            dh = Wy.T @ dp[t]
            dc = carry * f[t] + dh * o[t] * (1 - np.tanh(c[t]) ** 2)
            di = dc * g[t] * i[t] * (1 - i[t])
            do = dh * np.tanh(c[t]) * o[t] * (1 - o[t])
            dg = dc * i[t] * (1 - g[t] ** 2)
            dWi += np.outer(di, xs[t])
            dWo += np.outer(do, xs[t])
            dWg += np.outer(dg, xs[t])
            carry = dc
        for W, dW in ((Wy, dWy), (Wi, dWi), (Wo, dWo), (Wg, dWg)):
            W -= lr * dW
''')


def test_gates_kept_in_arrays_filled_row_by_row_are_followed_through_the_cell() -> None:
    result = analyze_source(LSTM_STEP_ROWS, "lstm.py")
    src = LSTM_STEP_ROWS
    kinds = {(t.line, t.kind) for t in result.tags}
    for text in ("dc = carry * f[t] + dh", "di = dc * g[t]", "do = dh * np.tanh(c[t])", "dg = dc * i[t]"):
        assert (_line(src, text), "F1") in kinds, text
    for text in ("dWi += np.outer(di", "dWo += np.outer(do", "dWg += np.outer(dg"):
        assert (_line(src, text), "F3") in kinds, text
    assert not result.findings
    # the backward loop counting down an array of step numbers reads the same rows
    arange = src.replace("for t in reversed(range(T)):", "for t in np.arange(T)[::-1]:")
    assert {(t.line, t.kind) for t in analyze_source(arange, "lstm.py").tags} == kinds
    # and steps kept as columns (`c[:, t]`) are read like steps kept as rows
    import re
    columns = re.sub(r"\b(f|i|o|g|c|h|p|dp)\[(t(?: - 1)?)\]", r"\1[:, \2]", src)
    assert columns.count("[:, t]") > 20
    assert {(t.line, t.kind) for t in analyze_source(columns, "lstm.py").tags} == kinds


def test_an_output_relu_layers_gradient_made_from_the_raw_error_misses_formula_1() -> None:
    src = textwrap.dedent('''
        import numpy as np

        def lrelu(v):
            return np.maximum(0.1 * v, v)

        X = np.random.rand(4, 2)
        Y = np.random.rand(4, 2)
        W0, W1 = np.random.randn(2, 3), np.random.randn(3, 2)
        for epoch in range(1000):
            A1 = lrelu(X @ W0)
            A2 = lrelu(A1 @ W1)
            dA2 = -2 * (Y - A2)
            dW1 = A1.T @ dA2
            dW0 = X.T @ (dA2 @ W1.T)
            W1 = W1 - 0.01 * dW1
            W0 = W0 - 0.01 * dW0
    ''')
    result = analyze_source(src, "lrelu.py")
    found = {(f.code, f.line) for f in result.findings}
    assert ("BP309", _line(src, "dW1 = A1.T @ dA2")) in found
    assert ("BP309", _line(src, "dW0 = X.T @ (dA2 @ W1.T)")) in found
    assert not [f for f in result.findings if f.code == "BP103"]


#: a convolution whose kernel gradient multiplies the delta at each output position by the input window
#: (cut by a helper of another module), and averages over the batch
CONV_WINDOW_BUFFER = textwrap.dedent('''
    import numpy as np
    from windows import cut

    class Conv:
        def __init__(self, c_in, c_out, k, with_bias=False):
            self.kernel = np.random.uniform(-0.1, 0.1, (c_out, c_in, k, k))
            self.with_bias = with_bias
            if with_bias:
                self.bias = np.random.uniform(-0.1, 0.1, c_out)

        def forward(self, x):
            self.x = x
            for i in range(self.rows):
                for j in range(self.cols):
                    win = cut(x, i, j)
                    prod = self.kernel * win.reshape((win.shape[0], 1, win.shape[1], win.shape[2], win.shape[3]))
                    self.out[:, :, i, j] = prod.sum(axis=(2, 3, 4))

        def backward(self, d_out, lr):
            g_kernel = np.zeros(self.kernel.shape)
            for i in range(d_out.shape[2]):
                for j in range(d_out.shape[3]):
                    win = cut(self.x, i, j)
                    g_kernel += (d_out[:, :, i, j].reshape(len(win), -1, 1, 1, 1) *
                                 win.reshape((len(win), 1) + win.shape[1:])).mean(axis=0)
            self.kernel -= lr * g_kernel
            if self.with_bias:
                self.bias -= (lr * d_out).mean(axis=(0, 2, 3))
''')


def test_a_delta_times_a_window_buffer_averaged_over_the_batch_is_no_bias_gradient() -> None:
    result = analyze_source(CONV_WINDOW_BUFFER, "conv.py")
    assert [f.code for f in result.findings if f.code == "BP103"] == []  # at no confidence
    # it is the gradient of the layer's one weight, the kernel
    line = _line(CONV_WINDOW_BUFFER, "g_kernel += (d_out[:, :, i, j]")
    assert [(t.kind, t.param) for t in result.tags if t.line == line] == [("F3", "self.kernel")]


#: an optimiser class stepping a layer it is handed; the layer keeps its weight as `kernel_matrix` and that
#: weight's gradient as `dweights` (no attribute `weights` exists)
STEP_WITH_UNRELATED_GRADIENT_NAME = textwrap.dedent('''
    import numpy as np

    class Unit:
        def __init__(self, n_in, n_out):
            self.kernel_matrix = np.random.randn(n_in, n_out) * 0.1
            self.offsets = np.zeros((1, n_out))

        def forward(self, inputs):
            self.inputs = inputs
            return inputs @ self.kernel_matrix + self.offsets

        def backward(self, grad):
            self.dweights = self.inputs.T @ grad
            self.doffsets = grad.sum(axis=0, keepdims=True)
            return grad @ self.kernel_matrix.T

    class Step:
        def __init__(self, rate):
            self.rate = rate

        def apply(self, unit):
            unit.kernel_matrix += -self.rate * unit.dweights
            unit.offsets += -self.rate * unit.doffsets
''')


def test_a_gradient_named_after_no_attribute_of_the_stepped_object_is_no_crossed_update() -> None:
    result = analyze_source(STEP_WITH_UNRELATED_GRADIENT_NAME, "sgd.py")
    assert [f.code for f in result.findings] == []  # at no confidence
    # a gradient named after an attribute the step does use still pairs with it
    swapped = textwrap.dedent('''
        class Step:
            def apply(self, layer, lr):
                layer.W -= lr * layer.db
                layer.b -= lr * layer.dW
    ''')
    assert {f.code for f in analyze_source(swapped, "sgd.py").findings} == {"BP103"}


#: one Adam helper shared by every layer (`self.w = self.opt.update(self.w, self.gw, key)`), among them a
#: layer normalisation whose backward returns its input's gradient through an expression the model does not
#: follow
SHARED_ADAM_WITH_NORM = textwrap.dedent('''
    import numpy as np


    class SharedAdam:
        def __init__(self, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
            self.lr, self.b1, self.b2, self.eps = lr, b1, b2, eps
            self.state = {}

        def update(self, value, grad, key):
            m, v, t = self.state.get(key, (np.zeros_like(value), np.zeros_like(value), 0))
            t += 1
            m = self.b1 * m + (1 - self.b1) * grad
            v = self.b2 * v + (1 - self.b2) * grad ** 2
            self.state[key] = (m, v, t)
            m_hat = m / (1 - self.b1 ** t)
            v_hat = v / (1 - self.b2 ** t)
            step = self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
            new_value = value - step
            return new_value


    class Affine:
        def __init__(self, n_in, n_out, opt):
            self.opt = opt
            self.weights = np.random.randn(n_in, n_out) * 0.1
            self.bias = np.zeros(n_out)

        def forward(self, x):
            self.x = x
            return x @ self.weights + self.bias

        def backward(self, grad):
            self.gw = self.x.T @ grad
            self.gb = grad.sum(axis=0)
            return grad @ self.weights.T

        def step(self):
            self.weights = self.opt.update(self.weights, self.gw, 'affine.w')
            self.bias = self.opt.update(self.bias, self.gb, 'affine.b')


    class Norm:
        def __init__(self, d, opt, eps=1e-5):
            self.opt, self.eps = opt, eps
            self.gamma = np.ones(d)
            self.beta = np.zeros(d)

        def forward(self, x):
            mu = x.mean(axis=-1, keepdims=True)
            self.sd = np.sqrt(x.var(axis=-1, keepdims=True) + self.eps)
            self.xh = (x - mu) / self.sd
            return self.gamma * self.xh + self.beta

        def backward(self, grad):
            d = grad.shape[-1]
            self.ggamma = (grad * self.xh).sum(axis=0)
            self.gbeta = grad.sum(axis=0)
            gx = grad * self.gamma
            return (d * gx - gx.sum(-1, keepdims=True) - self.xh * (gx * self.xh).sum(-1, keepdims=True)) / (d * self.sd)

        def step(self):
            self.gamma = self.opt.update(self.gamma, self.ggamma, 'norm.gamma')
            self.beta = self.opt.update(self.beta, self.gbeta, 'norm.beta')


    def train(x, t, steps=20):
        opt = SharedAdam()
        lin1, norm, lin2 = Affine(4, 8, opt), Norm(8, opt), Affine(8, 2, opt)
        for _ in range(steps):
            y = lin2.forward(norm.forward(lin1.forward(x)))
            g = y - t
            lin1.backward(norm.backward(lin2.backward(g)))
            for layer in (lin1, norm, lin2):
                layer.step()
''')


def test_the_delta_below_a_normalisation_makes_no_crossed_update_of_the_affine_bias() -> None:
    result = analyze_source(SHARED_ADAM_WITH_NORM, "net.py")
    assert [f.code for f in result.findings if f.code == "BP305"] == []  # at no confidence
    assert not [f for f in result.findings if f.code == "BP103" and "update of self.bias" in f.message]
    # a layer norm whose scale and shift gradients are swapped is still a crossed update
    swapped = SHARED_ADAM_WITH_NORM.replace("self.ggamma = (grad * self.xh).sum(axis=0)", "self.ggamma = grad.sum(axis=0)")
    assert swapped != SHARED_ADAM_WITH_NORM
    assert any(f.code == "BP103" and "self.gamma" in f.message for f in analyze_source(swapped, "net.py").findings)


def test_a_project_with_batch_norm_reports_no_wrong_input_for_its_scale(tmp_path) -> None:
    import json
    import shutil
    import subprocess
    import sys

    # a cs231n-like project: affine layers and an optional batch norm in the model's layer loop, keyed
    # 'W' + str(i) and 'gamma' + str(i); scanned whole, the way a user runs `bpscan .`
    root = Path(__file__).resolve().parent / "data" / "bn_project"
    shutil.copytree(root, tmp_path / "proj")
    out = subprocess.run([sys.executable, "-m", "bpscan", "--format", "json", "--show-uncertain", "--no-cache",
                          "--exit-zero", str(tmp_path / "proj")], capture_output=True, text=True, check=True).stdout
    found = [x["code"] for f in json.loads(out)["files"] for x in f["findings"]]
    assert "BP305" not in found


#: a convolution through im2col columns: the backward flips the kernel and swaps its channel axes (that is its
#: transpose), and unfolds the input with batch and channel swapped (that is a^T)
IM2COL_CONV_BACKWARD = textwrap.dedent('''
    import numpy as np

    def to_columns(data, filters, sh, sw, ph, pw):
        n, c, h, w = data.shape
        _, _, r, s = filters.shape
        p = (h - r + 2 * ph) // sh + 1
        q = (w - s + 2 * pw) // sw + 1
        padded = np.pad(data, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
        i0 = np.tile(np.repeat(np.arange(r), s), c)
        i1 = sh * np.repeat(np.arange(p), q)
        j0 = np.tile(np.arange(s), r * c)
        j1 = sw * np.tile(np.arange(q), p)
        i = i0.reshape(-1, 1) + i1.reshape(1, -1)
        j = j0.reshape(-1, 1) + j1.reshape(1, -1)
        k = np.repeat(np.arange(c), r * s).reshape(-1, 1)
        return np.concatenate(padded[:, k, i, j], axis=1)

    def conv2d_fwd(x, W, b, k, pad):
        bs, cin, hgt, wid = x.shape
        cout = b.shape[0]
        h_out = hgt + 2 * pad - k + 1
        w_out = wid + 2 * pad - k + 1

        x_cols = to_columns(x, W, 1, 1, pad, pad)
        W_mat = W.reshape(cout, cin * k * k)
        y_mat = np.dot(W_mat, x_cols)
        y_mat = y_mat + b.reshape(-1, 1)
        y_cn = y_mat.reshape(cout, bs, h_out, w_out)
        output = y_cn.transpose((1, 0, 2, 3))
        return output

    def conv2d_bwd(x, grad_output, W, b, k, pad):
        bs, cin, hgt, wid = x.shape
        bs, cout, h_out, w_out = grad_output.shape
        full_pad = k - 1

        K_flip = W[:,:,::-1,::-1]
        g_cols = to_columns(grad_output, K_flip, 1, 1, full_pad, full_pad)
        K_flip_t = K_flip.transpose((1, 0, 2, 3))
        K_flip_t_mat = K_flip_t.reshape(cin, cout * k * k)
        gin_pad_mat = np.dot(K_flip_t_mat, g_cols)
        gin_pad_cn = gin_pad_mat.reshape(cin, bs, hgt + pad * 2, wid + pad * 2)
        gin_pad = gin_pad_cn.transpose((1, 0, 2, 3))
        if pad == 0:
            gin = gin_pad
        else:
            gin = gin_pad[:,:,pad:-pad, pad:-pad]

        x_swapped = x.transpose(1, 0, 2, 3)
        x_t_cols = to_columns(x_swapped, grad_output, 1, 1, pad, pad)
        g_swapped = grad_output.transpose(1, 0, 2, 3)
        g_rows = g_swapped.reshape(cout, bs * h_out * w_out)
        gK_mat = np.dot(g_rows, x_t_cols)
        gK = gK_mat.reshape(cout, cin, k, k)
        gb = np.sum(grad_output, axis=(0, 2, 3))
        return gin, gK, gb


    def mean_pool_fwd(x, k, pad):
        bs, cin, hgt, wid = x.shape
        h_out = (hgt + 2 * pad) / k
        w_out = (wid + 2 * pad) / k
    
        W = np.ones([cin * cin, 1, k, k]) / np.square(k)
        x_cols = to_columns(x.reshape([bs * cin, 1, hgt, wid]), W, k, k, pad, pad)
        output = np.mean(x_cols, axis=0).reshape(bs, cin, h_out, w_out)
        return output


    def mean_pool_bwd(x, grad_output, k, pad):
        kron = np.kron(grad_output, np.ones([k, k])) / np.square(k)
        if pad == 0:
            gin = kron
        else:
            gin = kron[:,:,pad:-pad, pad:-pad]
        return gin''')


def test_a_flipped_kernel_with_swapped_channels_needs_no_other_transpose() -> None:
    result = analyze_source(IM2COL_CONV_BACKWARD, "conv.py")
    assert [f.code for f in result.findings if f.code == "BP304"] == []  # at no confidence


#: an actor network: the forward pass is `predict`, and `back_propagation(self, loss)` is handed the gradient of
#: the output under the name `loss`
PREDICT_AND_BACK_PROPAGATION = textwrap.dedent('''
    import numpy as np

    class Actor:
        def __init__(self, sizes, lr):
            self.lr = lr
            self.params = {"w1": np.random.randn(sizes[0], sizes[1]) * 0.1, "b1": np.zeros(sizes[1]),
                           "w2": np.random.randn(sizes[1], sizes[2]) * 0.1, "b2": np.zeros(sizes[2])}

        def predict(self, X):
            self.X = X
            self.Z1 = X @ self.params["w1"] + self.params["b1"]
            self.A1 = np.maximum(0, self.Z1)
            self.Z2 = self.A1 @ self.params["w2"] + self.params["b2"]
            return np.tanh(self.Z2)

        def back_propagation(self, loss):
            d2 = loss * (1 - np.tanh(self.Z2) ** 2)
            dw2 = self.A1.T @ d2
            db2 = d2.sum(axis=0)
            d1 = (d2 @ self.params["w2"].T) * (self.Z1 > 0)
            dw1 = self.X.T @ d1
            db1 = d1.sum(axis=0)
            self.params["w1"] -= self.lr * dw1
            self.params["w2"] -= self.lr * dw2
            self.params["b1"] -= self.lr * db1
            self.params["b2"] -= self.lr * db2
''')


def test_a_backward_handed_the_output_gradient_under_the_name_loss_is_read_against_predict() -> None:
    result = analyze_source(PREDICT_AND_BACK_PROPAGATION, "actor.py")
    src = PREDICT_AND_BACK_PROPAGATION
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("d2 = loss * (1 - np.tanh", "F1"), ("dw2 = self.A1.T @ d2", "F3"), ("d1 = (d2 @", "F2"),
                       ("d1 = (d2 @", "F1"), ("dw1 = self.X.T @ d1", "F3")):
        assert (_line(src, text), kind) in kinds, (text, kind)
    assert not result.findings
    # a product of 3-D stacks made with new axes says nothing about a missing transpose
    stacks = src.replace("dw2 = self.A1.T @ d2", "dw2 = np.dot(self.A1[:, :, np.newaxis], d2[np.newaxis, :, :])")
    assert [f.code for f in analyze_source(stacks, "actor.py").findings if f.code == "BP304"] == []


def test_a_loss_classs_backward_whose_prediction_is_called_input_gives_the_error() -> None:
    src = textwrap.dedent('''
        import numpy as np

        class HalfSquared:
            def forward(self, input, target):
                return 0.5 * np.mean(np.sum((input - target) ** 2, axis=1))

            def backward(self, input, target):
                return (input - target) / len(input)
    ''')
    result = analyze_source(src, "loss.py")
    assert (_line(src, "return (input - target) / len(input)"), "error") in {(t.line, t.kind) for t in result.tags}
    assert not result.findings


def test_a_one_off_demo_call_at_the_end_of_a_module_leaves_its_layer_classes_entry_points() -> None:
    # `stack.forward(...)` and `stack.backward(...)` on made-up arrays, at the top level with no
    # training loop: they meet no formula (no parameter is trained there), so the layer classes
    # they reach are still read as a gradient check would drive them
    src = textwrap.dedent('''
        import numpy as np

        class Dense:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_in, n_out) * 0.1
                self.b = np.zeros(n_out)

            def forward(self, x):
                self.x = x
                self.a = 1 / (1 + np.exp(-(x @ self.W + self.b)))
                return self.a

            def backward(self, up):
                delta = up * self.a * (1 - self.a)
                self.gW = self.x.T @ delta
                self.gb = delta.sum(axis=0)
                return delta @ self.W.T

        class Stack:
            def __init__(self, sizes):
                self.parts = [Dense(m, n) for m, n in zip(sizes[:-1], sizes[1:])]

            def forward(self, x):
                for p in self.parts:
                    x = p.forward(x)
                return x

            def backward(self, up):
                for p in reversed(self.parts):
                    up = p.backward(up)
                return up

        stack = Stack([4, 6, 2])
        y = stack.forward(np.ones((3, 4)))
        stack.backward(np.ones_like(y))
    ''')
    result = analyze_source(src, "stack.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("delta = up * self.a", "F1"), ("self.gW = self.x.T @ delta", "F3"),
                       ("self.gb = delta.sum(axis=0)", "F3"), ("return delta @ self.W.T", "F2")):
        assert (_line(src, text), kind) in kinds, (text, kind)
    assert not result.findings


def test_gate_deltas_joined_back_after_np_split_give_the_fused_weights_gradients() -> None:
    # the pre-activation is cut into gates with np.split (not with slices); the gate deltas stacked
    # back with np.hstack are that layer's delta, so x.T @ delta is the fused weight's gradient
    src = textwrap.dedent('''
        import numpy as np

        def sigm(v):
            return 1 / (1 + np.exp(-v))

        class GatedCell:
            def __init__(self, n_in, n_h):
                self.Wx = np.random.randn(n_in, 2 * n_h) * 0.1
                self.Wh = np.random.randn(n_h, 2 * n_h) * 0.1
                self.b = np.zeros(2 * n_h)

            def forward(self, x, h_prev):
                a = x @ self.Wx + h_prev @ self.Wh + self.b
                a_out, a_cand = np.split(a, 2, axis=1)
                self.o, self.g = sigm(a_out), np.tanh(a_cand)
                self.x, self.h_prev = x, h_prev
                return self.o * self.g

            def backward(self, dh):
                d_out = dh * self.g * self.o * (1 - self.o)
                d_cand = dh * self.o * (1 - self.g ** 2)
                da = np.hstack([d_out, d_cand])
                self.dWx = self.x.T @ da
                self.dWh = self.h_prev.T @ da
                self.db = da.sum(axis=0)
                return da @ self.Wx.T
    ''')
    result = analyze_source(src, "cell.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("self.dWx = self.x.T @ da", "F3"), ("self.dWh = self.h_prev.T @ da", "F3"),
                       ("self.db = da.sum(axis=0)", "F3"), ("return da @ self.Wx.T", "F2")):
        assert (_line(src, text), kind) in kinds, (text, kind)
    assert not result.findings


def test_tanh_written_with_exponentials_is_a_tanh_layer() -> None:
    src = textwrap.dedent('''
        import numpy as np

        def forward(x, W, b):
            s = x @ W + b
            h = (np.exp(s) - np.exp(-s)) / (np.exp(s) + np.exp(-s))
            return h, (x, W, h)

        def backward(dh, cache):
            x, W, h = cache
            ds = dh * (1 - h ** 2)
            dW = x.T @ ds
            db = ds.sum(axis=0)
            dx = ds @ W.T
            return dx, dW, db
    ''')
    result = analyze_source(src, "tanh_layer.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("ds = dh * (1 - h ** 2)", "F1"), ("dW = x.T @ ds", "F3"), ("db = ds.sum(axis=0)", "F3"),
                       ("dx = ds @ W.T", "F2")):
        assert (_line(src, text), kind) in kinds, (text, kind)
    assert not result.findings
    # the same layer's backward with the sigmoid's derivative is the wrong derivative
    wrong = analyze_source(src.replace("ds = dh * (1 - h ** 2)", "ds = dh * h * (1 - h)"), "tanh_layer.py")
    assert [f.code for f in wrong.findings] == ["BP301"]


def test_cross_entropys_derivative_by_the_output_written_minus_one_times_t_over_p_is_the_gradient() -> None:
    # `-1 * t / p` is dL/dp itself (as `-t / p` is); pushed through the softmax's Jacobian in the
    # layer's backward and subtracted, the step descends
    src = textwrap.dedent('''
        import numpy as np

        def softmax(v):
            e = np.exp(v - v.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)

        def through_softmax(p, g):
            res = np.zeros_like(p)
            for n in range(p.shape[0]):
                res[n] = g[n] @ (np.diag(p[n]) - np.outer(p[n], p[n]))
            return res

        class Classifier:
            def __init__(self, n_in, n_cls):
                self.W = np.random.randn(n_in, n_cls) * 0.1
                self.b = np.zeros((1, n_cls))

            def forward(self, x):
                self.x = x
                self.p = softmax(x @ self.W + self.b)
                return self.p

            def backward(self, dp, lr):
                ds = through_softmax(self.p, dp)
                self.W = self.W - lr * (self.x.T @ ds)
                self.b = self.b - lr * ds.sum(axis=0, keepdims=True)

        class Trainer:
            def __init__(self, n_in, n_cls):
                self.model = Classifier(n_in, n_cls)

            def step(self, X, T, lr=0.1):
                P = self.model.forward(X)
                dP = -1 * T / P
                self.model.backward(dP, lr)
    ''')
    result = analyze_source(src, "ce_by_output.py")
    assert [f.code for f in result.findings] == []
    climbing = analyze_source(src.replace("dP = -1 * T / P", "dP = T / P"), "ce_by_output.py")
    assert [f.code for f in climbing.findings] == ["BP201", "BP201"]


def test_an_ascent_resting_on_an_upstream_argument_named_error_is_only_medium() -> None:
    # `backprop(self, err)` adds what it builds from `err`: right if the caller hands in target minus
    # output, wrong if it hands in the gradient, and no code in the file says which
    src = textwrap.dedent('''
        import numpy as np

        class Sigmoid:
            def __init__(self, n_in, n_out, rate=0.05):
                self.w = np.random.randn(n_in, n_out) * 0.1
                self.rate = rate

            def forward(self, x):
                self.x = x
                self.y = 1 / (1 + np.exp(-(x @ self.w)))
                return self.y

            def backprop(self, err):
                d = err * self.y * (1 - self.y)
                back = d @ self.w.T
                self.w += self.rate * self.x.T @ d
                return back
    ''')
    findings = analyze_source(src, "layer.py").findings
    assert [(f.code, f.confidence) for f in findings] == [("BP201", "medium")]
    assert "taking `err`" in findings[0].message
    named = analyze_source(src.replace("err", "grad_out"), "layer.py").findings
    assert [(f.code, f.confidence) for f in named] == [("BP201", "high")]
    # a name that begins like an error but says it is a gradient (`loss_grad`, `error_gradient`) is one
    for name in ("loss_grad", "error_gradient"):
        said = analyze_source(src.replace("err", name), "layer.py").findings
        assert [(f.code, f.confidence) for f in said] == [("BP201", "high")], name


def test_formula_two_written_as_a_broadcast_product_for_one_output_unit() -> None:
    # W2 is (1, 5): W2.T * dz2 ((5, 1) times (1, m)) is the outer product W2.T @ dz2, formula 2
    src = textwrap.dedent('''
        import numpy as np

        X = np.random.randn(3, 64)
        Y = (np.random.rand(1, 64) > 0.5) * 1.0
        W1, b1 = np.random.randn(5, 3) * 0.01, np.zeros((5, 1))
        W2, b2 = np.random.randn(1, 5) * 0.01, np.zeros((1, 1))
        m = X.shape[1]
        for it in range(500):
            a1 = np.tanh(W1 @ X + b1)
            a2 = 1 / (1 + np.exp(-(W2 @ a1 + b2)))
            cost = -np.mean(Y * np.log(a2) + (1 - Y) * np.log(1 - a2))
            dz2 = a2 - Y
            dW2 = dz2 @ a1.T / m
            db2 = dz2.sum(axis=1, keepdims=True) / m
            dz1 = W2.T * dz2 * (1 - a1 ** 2)
            dW1 = dz1 @ X.T / m
            db1 = dz1.sum(axis=1, keepdims=True) / m
            W1 -= 1.2 * dW1
            b1 -= 1.2 * db1
            W2 -= 1.2 * dW2
            b2 -= 1.2 * db2
    ''')
    result = analyze_source(src, "planar.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("dz1 = W2.T * dz2", "F2"), ("dz1 = W2.T * dz2", "F1"), ("dW1 = dz1 @ X.T", "F3"),
                       ("W1 -= 1.2 * dW1", "update")):
        assert (_line(src, text), kind) in kinds, (text, kind)
    assert [f.code for f in result.findings] == []
    # the output size read from the data (`n_y = Y.shape[0]`): the product only runs when it is 1
    sized = src.replace("np.random.randn(1, 5) * 0.01, np.zeros((1, 1))",
                        "np.random.randn(Y.shape[0], 5) * 0.01, np.zeros((Y.shape[0], 1))")
    assert "Y.shape[0], 5" in sized
    result = analyze_source(sized, "planar.py")
    assert (_line(src, "dz1 = W2.T * dz2"), "F2") in {(t.line, t.kind) for t in result.tags}
    assert [f.code for f in result.findings] == []



NETUTILS = textwrap.dedent('''
    import numpy as np


    def forward(X, prm):
        Z1 = prm["W1"] @ X + prm["b1"]
        A1 = np.maximum(0, Z1)
        Z2 = prm["W2"] @ A1 + prm["b2"]
        A2 = 1 / (1 + np.exp(-Z2))
        return A2, (A1, A2)


    def backward(X, Y, cache, prm):
        m = X.shape[1]
        A1, A2 = cache
        dZ2 = A2 - Y
        dW2 = dZ2 @ A1.T / m
        db2 = dZ2.sum(axis=1, keepdims=True) / m
        dZ1 = (prm["W2"].T @ dZ2) * (A1 > 0)
        dW1 = dZ1 @ X.T / m
        db1 = dZ1.sum(axis=1, keepdims=True) / m
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


    def load_points(path):
        table = np.loadtxt(path, delimiter=",")
        return table[:, :2].T, table[:, 2:].T


    def boundary(fn, X):
        xx, yy = np.meshgrid(np.linspace(-1, 1, 50), np.linspace(-1, 1, 50))
        return fn(np.c_[xx.ravel(), yy.ravel()])
''')

DROPOUT_DRIVER = textwrap.dedent('''
    import numpy as np
    from netutils import forward, backward, load_points, boundary

    X_train, Y_train = load_points("points.csv")


    def forward_dropout(X, prm, keep):
        Z1 = prm["W1"] @ X + prm["b1"]
        A1 = np.maximum(0, Z1)
        D1 = np.random.rand(*A1.shape) < keep
        A1 = A1 * D1 / keep
        Z2 = prm["W2"] @ A1 + prm["b2"]
        A2 = 1 / (1 + np.exp(-Z2))
        return A2, (A1, A2)


    def train(X, Y, keep=1.0, lr=0.3, iters=2000):
        prm = {}
        sizes = [X.shape[0], 16, 1]
        for l in range(1, 3):
            prm["W%d" % l] = np.random.randn(sizes[l], sizes[l - 1]) * 0.1
            prm["b%d" % l] = np.zeros((sizes[l], 1))
        for _ in range(iters):
            if keep < 1:
                A2, cache = forward_dropout(X, prm, keep)
            else:
                A2, cache = forward(X, prm)
            grads = backward(X, Y, cache, prm)
            for l in range(1, 3):
                prm["W%d" % l] -= lr * grads["dW%d" % l]
                prm["b%d" % l] -= lr * grads["db%d" % l]
        return prm


    prm = train(X_train, Y_train)
    boundary(lambda pts: forward(pts.T, prm)[0] > 0.5, X_train)
    prm = train(X_train, Y_train, keep=0.8)
    boundary(lambda pts: forward(pts.T, prm)[0] > 0.5, X_train)
''')


def test_formula_three_on_data_loaded_transposed_and_read_through_a_lambda_is_not_a_missing_transpose(
        tmp_path) -> None:
    # the loader returns columns as samples (`table[:, :2].T`), a plotting lambda runs the forward on
    # `pts.T`, a dropout forward sits beside the plain one: `dW1 = dZ1 @ X.T` is still the transpose of
    # what the forward multiplied, and no orientation guessed from another input says otherwise
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, check_file

    (tmp_path / "netutils.py").write_text(NETUTILS, encoding="utf-8")
    (tmp_path / "main.py").write_text(DROPOUT_DRIVER, encoding="utf-8")
    r = check_file(FileTask(str(tmp_path / "main.py"), enabled_codes([])))
    assert [(f.code, f.line) for f in (*r.findings, *r.foreign)] == []
    tagged = {(t.path, t.line, t.kind) for t in r.foreign_tags}
    line = _line(NETUTILS, "dW1 = dZ1 @ X.T / m")
    assert any(p.endswith("netutils.py") and ln == line and k == "F3" for p, ln, k in tagged)



def test_weights_taken_through_copy_deepcopy_and_stepped_are_updated() -> None:
    # `W1 = copy.deepcopy(net["W1"])`, stepped and handed back in a new dict: W1's step, not a
    # parameter never updated (nor its bias's step read against another layer)
    src = textwrap.dedent('''
        import copy
        import numpy as np
        from shallow_utils import sigmoid, load_moons


        def propagate(X, net):
            Z1 = np.dot(net["W1"], X) + net["b1"]
            A1 = np.tanh(Z1)
            Z2 = np.dot(net["W2"], A1) + net["b2"]
            A2 = sigmoid(Z2)
            return A2, (A1, A2)


        def back_propagate(net, cache, X, Y):
            m = X.shape[1]
            A1, A2 = cache
            dZ2 = A2 - Y
            dW2 = np.dot(dZ2, A1.T) / m
            db2 = np.sum(dZ2, axis=1, keepdims=True) / m
            dZ1 = np.dot(net["W2"].T, dZ2) * (1 - A1 ** 2)
            dW1 = np.dot(dZ1, X.T) / m
            db1 = np.sum(dZ1, axis=1, keepdims=True) / m
            return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


        def apply_step(net, grads, rate=1.0):
            W1 = copy.deepcopy(net["W1"])
            W2 = copy.deepcopy(net["W2"])
            b1, b2 = net["b1"], net["b2"]
            W1 = W1 - rate * grads["dW1"]
            b1 = b1 - rate * grads["db1"]
            W2 = W2 - rate * grads["dW2"]
            b2 = b2 - rate * grads["db2"]
            return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


        def fit(X, Y, hidden=5, epochs=3000):
            net = {"W1": np.random.randn(hidden, X.shape[0]) * 0.01, "b1": np.zeros((hidden, 1)),
                   "W2": np.random.randn(1, hidden) * 0.01, "b2": np.zeros((1, 1))}
            for _ in range(epochs):
                A2, cache = propagate(X, net)
                net = apply_step(net, back_propagate(net, cache, X, Y))
            return net


        X, Y = load_moons()
        net = fit(X, Y)
''')
    result = analyze_source(src, "shallow.py")
    assert [(f.code, f.line) for f in result.findings] == []
    kinds = {(t.line, t.kind) for t in result.tags}
    for text in ("W1 = W1 - rate", "b1 = b1 - rate", "W2 = W2 - rate", "b2 = b2 - rate"):
        assert (_line(src, text), "update") in kinds, text


def test_formula_two_through_a_copy_of_the_weight_taken_before_an_in_place_step() -> None:
    src = textwrap.dedent('''
        import numpy as np

        class Affine:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_in, n_out) * 0.1
                self.b = np.zeros((1, n_out))

            def forward(self, x):
                self.x = x
                self.h = np.tanh(x @ self.W + self.b)
                return self.h

            def backward(self, rate, up):
                d = up * (1 - self.h ** 2)
                before = np.copy(self.W)
                self.W -= rate * (self.x.T @ d)
                self.b -= rate * d.sum(axis=0)
                return d @ before.T

        first, second = Affine(3, 5), Affine(5, 1)
        X, T = np.random.randn(20, 3), np.random.randn(20, 1)
        for _ in range(100):
            out = second.forward(first.forward(X))
            first.backward(0.01, second.backward(0.01, out - T))
    ''')
    result = analyze_source(src, "snapshot.py")
    assert [f.code for f in result.findings] == []
    kinds = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "return d @ before.T"), "F2") in kinds
    assert (_line(src, "self.b -= rate * d.sum(axis=0)"), "F3") in kinds
    # without the copy, formula 2 goes through the weight the step has just changed
    direct = src.replace("        before = np.copy(self.W)\n", "").replace("return d @ before.T", "return d @ self.W.T")
    assert [f.code for f in analyze_source(direct, "snapshot.py").findings] == ["BP306"]



PERCEPTRON = textwrap.dedent('''
    import numpy as np


    class Perceptron:
        def __init__(self, dims, acts):
            self.dims, self.acts = dims, acts
            self.theta = {}
            for l in range(1, len(dims)):
                self.theta['W' + str(l)] = np.random.randn(dims[l], dims[l - 1]) * 0.1
                self.theta['b' + str(l)] = np.zeros((dims[l], 1))

        @staticmethod
        def relu(z):
            return z * (z > 0)

        @staticmethod
        def tanh(z):
            return np.tanh(z)

        @staticmethod
        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

        @staticmethod
        def relu_deriv(dA, Z):
            return dA * (Z > 0)

        @staticmethod
        def tanh_deriv(dA, Z):
            return dA * (1 - np.power(np.tanh(Z), 2))

        def affine(self, A, W, b):
            return np.dot(W, A) + b, (A, W, b)

        def affine_act(self, A_prev, W, b, f):
            Z, lc = self.affine(A_prev, W, b)
            return f(Z), (lc, Z)

        def forward(self, X):
            memo, A, L = [], X, len(self.dims)
            for l in range(1, L - 1):
                if self.acts[l - 1] == 'relu':
                    A, c = self.affine_act(A, self.theta['W' + str(l)], self.theta['b' + str(l)], self.relu)
                else:
                    A, c = self.affine_act(A, self.theta['W' + str(l)], self.theta['b' + str(l)], self.tanh)
                memo.append(c)
            Z, lc = self.affine(A, self.theta['W' + str(L - 1)], self.theta['b' + str(L - 1)])
            memo.append((lc, Z))
            return self.sigmoid(Z), memo

        def affine_back(self, dZ, lc):
            A_prev, W, b = lc
            m = A_prev.shape[1]
            return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=1, keepdims=True) / m

        def backward(self, AL, Y, memo):
            grads, L = {}, len(memo)
            dA, dW, db = self.affine_back(AL - Y, memo[-1][0])
            grads['dW' + str(L)], grads['db' + str(L)] = dW, db
            for l in reversed(range(L - 1)):
                lc, Z = memo[l]
                if self.acts[l] == 'relu':
                    dZ = self.relu_deriv(dA, Z)
                else:
                    dZ = self.tanh_deriv(dA, Z)
                dA, dW, db = self.affine_back(dZ, lc)
                grads['dW' + str(l + 1)], grads['db' + str(l + 1)] = dW, db
            return grads

        def fit(self, X, Y, lr=0.1, epochs=100):
            for _ in range(epochs):
                AL, memo = self.forward(X)
                g = self.backward(AL, Y, memo)
                for l in range(1, len(self.dims)):
                    self.theta['W' + str(l)] -= lr * g['dW' + str(l)]
                    self.theta['b' + str(l)] -= lr * g['db' + str(l)]
''')


def test_a_derivative_chosen_by_an_activation_name_in_a_loop_over_a_weight_family(tmp_path) -> None:
    # hidden layers relu or tanh by a list of names; the backward loop picks relu_deriv or tanh_deriv
    # by the same list with the layer index unknown: each branch belongs to the family member of its
    # own activation, which the model cannot single out, so neither is a mismatch
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, check_file

    (tmp_path / "percep.py").write_text(PERCEPTRON, encoding="utf-8")
    (tmp_path / "drive.py").write_text(textwrap.dedent('''
        import numpy as np
        from percep import Perceptron

        inputs = np.random.randn(2, 30)
        labels = (np.random.rand(1, 30) > 0.5).astype(float)
        net = Perceptron([2, 8, 8, 1], ["relu", "tanh", "sigmoid"])
        net.fit(inputs, labels, lr=0.05, epochs=50)
'''), encoding="utf-8")
    r = check_file(FileTask(str(tmp_path / "drive.py"), enabled_codes([])))
    assert [(f.code, f.line) for f in (*r.findings, *r.foreign)] == []


MULTICLASS_HINGE = textwrap.dedent('''
    import numpy as np

    X = np.random.randn(64, 10)
    y = np.random.randint(0, 4, 64)
    W = np.random.randn(10, 4) * 0.01
    b = np.zeros(4)
    n = X.shape[0]
    for epoch in range(200):
        scores = X @ W + b
        picked = scores[np.arange(n), y]
        slack = np.maximum(0, scores - picked[:, None] + 1)
        slack[np.arange(n), y] = 0
        loss = slack.sum() / n
        dscores = np.zeros_like(scores)
        dscores[slack > 0] = 1
        dscores[np.arange(n), y] -= (slack > 0).sum(axis=1)
        dscores /= n
        dW = X.T @ dscores
        db = dscores.sum(axis=0)
        W -= 0.1 * dW
        b -= 0.1 * db
''')


def test_the_multiclass_hinge_losss_gradient_is_the_output_error() -> None:
    src = MULTICLASS_HINGE
    result = analyze_source(src, "svm.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("dscores[slack > 0] = 1", "error"), ("dscores[np.arange(n), y] -=", "error"),
                       ("dW = X.T @ dscores", "F3"), ("db = dscores.sum(axis=0)", "F3"), ("W -= 0.1 * dW", "update")):
        assert (_line(src, text), kind) in kinds, (text, kind)
    assert not result.findings
    climbing = analyze_source(src.replace("W -= 0.1 * dW", "W += 0.1 * dW"), "svm.py").findings
    assert [f.code for f in climbing] == ["BP201"] and "hinge" in climbing[0].message
    # the layer library's form: svm_loss(x, y) returning (loss, dx), nothing in the file calling it
    library = textwrap.dedent('''
        import numpy as np

        def svm_loss(x, y):
            N = x.shape[0]
            correct = x[np.arange(N), y]
            margins = np.maximum(0, x - correct[:, np.newaxis] + 1.0)
            margins[np.arange(N), y] = 0
            loss = np.sum(margins) / N
            dx = np.zeros_like(x)
            dx[margins > 0] = 1
            dx[np.arange(N), y] -= np.sum(margins > 0, axis=1)
            dx /= N
            return loss, dx
    ''')
    kinds = {(t.line, t.kind) for t in analyze_source(library, "layers.py").tags}
    assert {(_line(library, "dx[margins > 0] = 1"), "error"), (_line(library, "dx[np.arange(N), y] -="), "error")} <= kinds



def test_a_class_score_named_loss_and_climbed_on_purpose_is_no_ascent() -> None:
    # class visualisation: `loss` is the target class's score (minus a penalty) picked out of the
    # model's output; adding its gradient to the image climbs it on purpose, whatever its name
    src = textwrap.dedent('''
        import torch
        import random


        def jitter(X, ox):
            return torch.cat([X[:, :, :, -ox:], X[:, :, :, :-ox]], dim=3)


        def visualise(target, model, steps=100, lr=25, reg=1e-3):
            model.eval()
            img = torch.randn(1, 3, 64, 64)
            img.requires_grad_()
            for t in range(steps):
                ox = random.randint(0, 8)
                img.data = jitter(img.data, ox)
                scores = model(img)
                scores = scores[:, target]
                loss = scores.sum() - reg * img.norm() ** 2
                loss.backward()
                img.data += lr * img.grad
                img.grad.zero_()
            return img.data


        import torchvision
        net = torchvision.models.squeezenet1_1(pretrained=True)
        for p in net.parameters():
            p.requires_grad = False
        picture = visualise(366, net)
''')
    findings = analyze_source(src, "visualise.py").findings
    assert [(f.code, f.confidence) for f in findings] == []
    # a loss of the model's output against labels, climbed: that is an ascent
    real = src.replace("scores = scores[:, target]", "labels = torch.full((1,), target)").replace(
        "loss = scores.sum() - reg * img.norm() ** 2", "loss = torch.nn.functional.cross_entropy(scores, labels)")
    assert "cross_entropy" in real
    assert [(f.code, f.confidence) for f in analyze_source(real, "visualise.py").findings] == [("BP201", "high")]



def test_a_shared_relu_helper_masking_on_each_instances_stored_output_is_not_another_layers_tensor(tmp_path) -> None:
    # two instances of one relu layer class in a chain built from another file; the shared helper
    # masks on `self.out` (output > 0 is pre-activation > 0 for a ReLU) of whichever instance runs
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, check_file

    files = {"parts.py": '''
        import numpy as np


        def relu(v):
            return v * (v > 0)


        def relu_back(act, g):
            m = 1. * (act > 0)
            return np.multiply(m, g)


        class Hidden:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_in, n_out) * 0.1
                self.b = np.zeros((1, n_out))

            def forwardpass(self, x):
                pre = x @ self.W + self.b
                self.out = relu(pre)
                return self.out

            def backwardpass(self, step, x, g):
                d = relu_back(self.out, g)
                back = d @ self.W.T
                self.W = self.W - step * (x.T @ d)
                self.b = self.b - step * d.sum(axis=0, keepdims=True)
                return back


        class Output:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_in, n_out) * 0.1
                self.b = np.zeros((1, n_out))

            def forwardpass(self, x):
                s = x @ self.W + self.b
                e = np.exp(s - s.max(axis=1, keepdims=True))
                self.out = e / e.sum(axis=1, keepdims=True)
                return self.out

            def backwardpass(self, step, x, g):
                d = self.out - g
                back = d @ self.W.T
                self.W = self.W - step * (x.T @ d)
                self.b = self.b - step * d.sum(axis=0, keepdims=True)
                return back
''', "chain.py": '''
        class Chain:
            def __init__(self, step):
                self.layers = []
                self.step = step

            def addLayer(self, layer):
                self.layers.append(layer)

            def feedforward(self, X):
                seen = [X.copy()]
                for layer in self.layers:
                    seen.append(layer.forwardpass(seen[-1]))
                return seen

            def backpropagate(self, seen, Y):
                err = Y
                k = len(seen) - 1
                for layer in reversed(self.layers):
                    err = layer.backwardpass(self.step, seen[k - 1], err)
                    k = k - 1
''', "go.py": '''
        import numpy as np
        import chain
        from parts import *


        def run():
            xs = np.random.randn(6, 5)
            ys = np.eye(3)[np.random.randint(0, 3, 6)]
            c = chain.Chain(0.1)
            c.addLayer(Hidden(5, 8))
            c.addLayer(Hidden(8, 8))
            c.addLayer(Output(8, 3))
            c.backpropagate(c.feedforward(xs), ys)


        run()
'''}
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    r = check_file(FileTask(str(tmp_path / "go.py"), enabled_codes([])))
    assert [(f.code, f.line) for f in (*r.findings, *r.foreign)] == []
    assert any(t.path.endswith("parts.py") and t.kind == "F1" for t in r.foreign_tags)


def test_a_train_method_nobody_calls_with_its_targets_handed_in_as_a_list() -> None:
    # "Make Your Own Neural Network": train(inputs_list, targets_list) turns both lists into columns;
    # with no caller in the file, the argument named targets_list is still the target
    src = textwrap.dedent('''
        import numpy as np

        class Network:
            def __init__(self, n_in, n_hidden, n_out, rate):
                self.wih = np.random.normal(0.0, n_hidden ** -0.5, (n_hidden, n_in))
                self.who = np.random.normal(0.0, n_out ** -0.5, (n_out, n_hidden))
                self.rate = rate

            def train(self, inputs_list, targets_list):
                inputs = np.array(inputs_list, ndmin=2).T
                targets = np.array(targets_list, ndmin=2).T
                hidden = np.tanh(np.dot(self.wih, inputs))
                final = np.tanh(np.dot(self.who, hidden))
                output_errors = targets - final
                hidden_errors = np.dot(self.who.T, output_errors)
                self.who += self.rate * np.dot(output_errors * (1 - final ** 2), hidden.T)
                self.wih += self.rate * np.dot(hidden_errors * (1 - hidden ** 2), inputs.T)
    ''')
    result = analyze_source(src, "network.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("output_errors = targets - final", "error"), ("hidden_errors = np.dot(self.who.T", "F2"),
                       ("self.who += self.rate", "F1"), ("self.who += self.rate", "F3"),
                       ("self.wih += self.rate", "update")):
        assert (_line(src, text), kind) in kinds, (text, kind)
    assert not result.findings
    climbing = analyze_source(src.replace("targets - final", "final - targets"), "network.py").findings
    assert [f.code for f in climbing] == ["BP201", "BP201"]


def test_an_output_error_written_minus_target_plus_output() -> None:
    # `-T + P` is P - T: the softmax with cross-entropy's delta, also inside a loss class's backward
    src = textwrap.dedent('''
        import numpy as np

        X = np.random.randn(50, 4)
        T = np.eye(3)[np.random.randint(0, 3, 50)]
        W, b = np.random.randn(4, 3) * 0.1, np.zeros(3)
        for step in range(300):
            S = X @ W + b
            E = np.exp(S - S.max(axis=1, keepdims=True))
            P = E / E.sum(axis=1, keepdims=True)
            dS = (-T + P) / len(X)
            W -= 0.5 * X.T @ dS
            b -= 0.5 * dS.sum(axis=0)
    ''')
    result = analyze_source(src, "softmax_reg.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "dS = (-T + P)"), "error") in kinds and (_line(src, "W -= 0.5"), "F3") in kinds
    assert not result.findings
    assert [f.code for f in analyze_source(src.replace("W -= 0.5", "W += 0.5"), "softmax_reg.py").findings] == \
        ["BP201"]
    loss_class = textwrap.dedent('''
        import numpy as np

        class SoftmaxXent:
            def forward(self, logits, onehot):
                z = logits - logits.max(axis=1, keepdims=True)
                return np.mean(np.log(np.exp(z).sum(axis=1)) - (onehot * z).sum(axis=1))

            def backward(self, logits, onehot):
                ex = np.exp(logits - logits.max(axis=1, keepdims=True))
                return -onehot + ex / ex.sum(axis=1, keepdims=True)
    ''')
    kinds = {(t.line, t.kind) for t in analyze_source(loss_class, "losses.py").tags}
    assert (_line(loss_class, "return -onehot + ex"), "error") in kinds



def test_a_second_upstream_gradient_argument_of_a_backward_is_no_parameter() -> None:
    # backward(self, dh, dc): the cell state's gradient from the next step, added to; not a parameter
    # stepped up the gradient
    src = textwrap.dedent('''
        import numpy as np


        def sigm(v):
            return 1 / (1 + np.exp(-v))


        class GatedStep:
            def __init__(self, Wx, Wh):
                self.Wx, self.Wh = Wx, Wh
                self.n = Wh.shape[0]

            def forward(self, x, h, c):
                self.x, self.h, self.c = x, h, c
                a = x @ self.Wx + h @ self.Wh
                n = self.n
                self.f, self.i, self.o = sigm(a[:, :n]), sigm(a[:, n:2 * n]), sigm(a[:, 2 * n:3 * n])
                self.g = np.tanh(a[:, 3 * n:])
                self.c_new = self.f * c + self.i * self.g
                self.tc = np.tanh(self.c_new)
                return self.o * self.tc, self.c_new

            def backward(self, dh, dc):
                dc = dc + dh * self.o * (1 - self.tc ** 2)
                da = np.hstack((dc * self.c * self.f * (1 - self.f), dc * self.g * self.i * (1 - self.i),
                                dh * self.tc * self.o * (1 - self.o), dc * self.i * (1 - self.g ** 2)))
                self.dWx = self.x.T @ da
                self.dWh = self.h.T @ da
                return da @ self.Wh.T, da @ self.Wx.T, dc * self.f
''')
    result = analyze_source(src, "cell.py")
    assert [f.code for f in result.findings] == []
    kinds = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "dc = dc + dh"), "update") not in kinds
    assert (_line(src, "self.dWx = self.x.T @ da"), "F3") in kinds


def test_a_loss_error_summed_over_the_output_units_is_no_bias_gradient() -> None:
    # samples are rows (x @ W), so `np.sum(y - t, axis=1)` adds up the output's units of each sample: still the
    # error the output layer's gradients are built from, not the bias's gradient summed over the batch
    src = textwrap.dedent('''
        import numpy as np

        class Regressor:
            def __init__(self, n_in, n_h):
                self.A = np.random.randn(n_in, n_h) * 0.1
                self.V = np.random.randn(n_h, 1) * 0.1
                self.c = np.zeros((1, 1))

            def forward(self, x):
                self.x = x
                self.h = np.tanh(x @ self.A)
                return self.h @ self.V + self.c

            def backward(self, g):
                self.gV = self.h.T @ g
                self.gc = g.sum(axis=0, keepdims=True)
                d = (g @ self.V.T) * (1 - self.h ** 2)
                self.gA = self.x.T @ d

            def step(self, lr):
                self.V -= lr * self.gV
                self.c -= lr * self.gc
                self.A -= lr * self.gA

        def sq_err_grad(pred, truth):
            diff = np.sum(pred - truth, axis=1)
            return np.expand_dims(diff, axis=1) / len(truth)

        net = Regressor(3, 8)
        xs, ys = np.random.randn(32, 3), np.random.randn(32, 1)
        for _ in range(100):
            out = net.forward(xs)
            net.backward(sq_err_grad(out, ys))
            net.step(0.05)
    ''')
    result = analyze_source(src, "regress.py")
    assert [f.code for f in result.findings] == []
    kinds = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "diff = np.sum(pred - truth, axis=1)"), "error") in kinds
    assert (_line(src, "diff = np.sum(pred - truth, axis=1)"), "F3") not in kinds
    assert (_line(src, "self.gV = self.h.T @ g"), "F3") in kinds
    assert (_line(src, "self.gc = g.sum(axis=0, keepdims=True)"), "F3") in kinds
    # the error transposed first: its axis 1 is the batch, so that sum is the bias's gradient
    for bias_sum in ("np.sum(g.T, axis=1)", "g.T @ np.ones(g.shape[0])"):
        flipped = src.replace("g.sum(axis=0, keepdims=True)", bias_sum)
        kinds = {(t.line, t.kind) for t in analyze_source(flipped, "regress.py").tags}
        assert (_line(flipped, f"self.gc = {bias_sum}"), "F3") in kinds, bias_sum


def test_a_product_with_an_array_a_relu_overwrote_in_place_is_no_wrong_input() -> None:
    # np.maximum(z, 0, z) writes the ReLU into z itself, so `e @ z1.T` after the forward pass uses the layer's
    # input; the same code with a ReLU that returns a new array does use the pre-activation
    src = textwrap.dedent('''
        import numpy as np

        def relu(z):
            return np.maximum(z, 0, z)

        def fit(X, Y, lr=0.01):
            W1 = np.random.randn(5, X.shape[1]) * 0.1
            W2 = np.random.randn(Y.shape[1], 5) * 0.1
            for i in range(X.shape[0]):
                x, y = X[i:i + 1].T, Y[i:i + 1].T
                z1 = W1 @ x
                h1 = relu(z1)
                out = W2 @ h1
                e2 = out - y
                e1 = (W2.T @ e2) * (z1 > 0)
                g2 = e2 @ z1.T
                g1 = e1 @ x.T
                W2 = W2 - lr * g2
                W1 = W1 - lr * g1
            return W1, W2

        fit(np.random.randn(12, 4), np.random.randn(12, 3))
    ''')
    for in_place in ("np.maximum(z, 0, z)", "np.maximum(z, 0, out=z)"):
        result = analyze_source(src.replace("np.maximum(z, 0, z)", in_place), "inplace.py")
        assert [f.code for f in result.findings] == [], in_place
        assert (_line(src, "g2 = e2 @ z1.T"), "F3") in {(t.line, t.kind) for t in result.tags}
    fresh = analyze_source(src.replace("np.maximum(z, 0, z)", "np.maximum(z, 0)"), "fresh.py")
    assert [f.code for f in fresh.findings] == ["BP305"]


def test_an_ascent_built_in_a_comprehension_from_an_upstream_named_error_is_only_medium() -> None:
    # the filter gradient is stacked by np.array over a comprehension; it still rests on the argument `err`,
    # which may be target minus output, so adding it is no certain ascent
    src = textwrap.dedent('''
        import numpy as np
        from scipy.signal import correlate2d

        class Filters:
            def __init__(self, n, k, lr=0.01):
                self.K = np.random.uniform(-1, 1, (n, k, k))
                self.acc = np.zeros(self.K.shape)
                self.lr = lr

            def forward(self, img):
                self.img = img
                self.z = np.array([correlate2d(img, f, 'valid') for f in self.K])
                return np.tanh(self.z)

            def backward(self, err):
                d = (1 - np.tanh(self.z) ** 2) * err
                self.acc += np.array([self.lr * correlate2d(self.img, dk, 'valid') for dk in d])

            def apply(self):
                self.K += self.acc
                self.acc = np.zeros(self.K.shape)
    ''')
    findings = analyze_source(src, "filters.py").findings
    assert [(f.code, f.confidence) for f in findings] == [("BP201", "medium")]
    named = analyze_source(src.replace("err", "grad_out"), "filters.py").findings
    assert [(f.code, f.confidence) for f in named] == [("BP201", "high")]


def test_a_weight_initialised_unless_one_is_handed_in_is_a_parameter() -> None:
    # `if W is None: W = random else: self.W = W`: read on its own the layer makes its own weights, so its
    # backward is the layer's backward (the one-line `x if cond else y` form was read already)
    src = textwrap.dedent('''
        import numpy as np

        class Linear:
            def __init__(self, n_in, n_out, weights=None, bias=None):
                if weights is None:
                    self.M = np.random.randn(n_out, n_in) * 0.1
                else:
                    self.M = weights
                if bias is None: self.c = np.zeros((n_out, 1))
                else: self.c = bias

            def forward(self, a):
                self.a = a
                return self.M @ a + self.c

            def backward(self, up, lr):
                gM = up @ self.a.T
                down = self.M.T @ up
                self.M -= lr * gM
                self.c -= lr * up.sum(axis=1, keepdims=True)
                return down
    ''')
    result = analyze_source(src, "linear.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("gM = up @ self.a.T", "F3"), ("down = self.M.T @ up", "F2"),
                       ("self.M -= lr * gM", "update"), ("self.c -= lr * up.sum", "update")):
        assert (_line(src, text), kind) in kinds, text
    assert [f.code for f in result.findings] == []


def test_a_delta_stored_on_the_object_by_either_branch_holds_either_afterwards() -> None:
    # one class serves the sigmoid hidden layer and the softmax output; which delta it stores depends on its
    # activation, so after the if/else `self.g` is either, not just the else branch's derivative-free error
    src = textwrap.dedent('''
        import numpy as np

        def logistic(z):
            return 1.0 / (1.0 + np.exp(-z))

        def softmax(z):
            e = np.exp(z - z.max(axis=0))
            return e / e.sum(axis=0)

        class Stage:
            def __init__(self, n_in, n_out, fn):
                self.W = np.random.randn(n_out, n_in) * 0.1
                self.fn = fn
                self.upstream = 0

            def forward(self, a):
                self.a = a
                self.z = self.W @ a
                self.y = self.fn(self.z)
                return self.y

            def local_delta(self, t):
                if self.fn is logistic:
                    self.g = self.upstream * self.y * (1 - self.y)
                else:
                    self.g = self.y - t

            def learn(self, t, lr):
                self.local_delta(t)
                back = self.W.T @ self.g
                self.W = self.W - lr * (self.g @ self.a.T)
                return back

        X = np.random.randn(4, 16)
        T = np.eye(3)[:, np.random.randint(0, 3, 16)]
        low, high = Stage(4, 6, logistic), Stage(6, 3, softmax)
        for _ in range(50):
            high.forward(low.forward(X))
            low.upstream = high.learn(T, 0.1)
            low.learn(T, 0.1)
    ''')
    result = analyze_source(src, "stages.py")
    assert [f.code for f in result.findings] == []
    kinds = {(t.line, t.kind) for t in result.tags}
    assert {(_line(src, "self.g = self.upstream"), "F1"), (_line(src, "self.g = self.y - t"), "error"),
            (_line(src, "self.W = self.W - lr"), "update")} <= kinds
    # `self.fn is logistic` is decided per object: the tanh derivative on the logistic stage is wrong
    wrong = analyze_source(src.replace("self.upstream * self.y * (1 - self.y)", "self.upstream * (1 - self.y ** 2)"),
                           "stages.py")
    assert [f.code for f in wrong.findings] == ["BP301"]


def test_a_stable_softmax_on_a_layer_without_bias_is_the_output() -> None:
    # exp(z - z.max(axis=0)) of a product with no bias added is still the softmax of that layer
    src = textwrap.dedent('''
        import numpy as np

        def softmax(z):
            e = np.exp(z - z.max(axis=0))
            return e / e.sum(axis=0)

        X = np.random.randn(4, 16)
        T = np.eye(3)[:, np.random.randint(0, 3, 16)]
        W = np.random.randn(3, 4) * 0.1
        for _ in range(10):
            y = softmax(W @ X)
            g = y - T
            W = W - 0.1 * (g @ X.T)
    ''')
    kinds = {(t.line, t.kind) for t in analyze_source(src, "soft.py").tags}
    assert {(_line(src, "g = y - T"), "error"), (_line(src, "W = W - 0.1"), "F3"),
            (_line(src, "W = W - 0.1"), "update")} <= kinds


def test_a_delta_through_a_diagonal_jacobian_is_formulas_two_and_one() -> None:
    # per-sample column vectors; the hidden delta is written with the Jacobian diag(f'(z)), once as
    # e^T @ (V @ diag(f')) (a row) and once as diag(f') @ (V^T @ e): both are V^T e times f'(z)
    src = textwrap.dedent('''
        import numpy as np

        def train_one(W, V, x, y, lr):
            pre = W @ x
            h = np.maximum(pre, 0)
            out = V @ h
            err = out - y
            slope = (pre > 0).astype(float).ravel()
            row = np.matmul(err.T, np.matmul(V, np.diag(slope)))
            col = np.diag(slope) @ (V.T @ err)
            V = V - lr * np.outer(err, h)
            W = W - lr * np.outer(row.T, x)
            return W, V, col

        X, Y = np.random.randn(200, 4, 1), np.random.randn(200, 2, 1)
        W, V = np.random.randn(6, 4) * 0.3, np.random.randn(2, 6) * 0.3
        for i in range(len(X)):
            W, V, _ = train_one(W, V, X[i], Y[i], 0.05)
    ''')
    result = analyze_source(src, "diag.py")
    assert [f.code for f in result.findings] == []
    kinds = {(t.line, t.kind) for t in result.tags}
    for text in ("row = np.matmul(err.T", "col = np.diag(slope)"):
        assert {(_line(src, text), "F2"), (_line(src, text), "F1")} <= kinds, text
    assert (_line(src, "W = W - lr * np.outer(row.T, x)"), "F3") in kinds
    # the Jacobian of a sigmoid on this ReLU layer is read as that derivative
    wrong = analyze_source(src.replace("(pre > 0).astype(float).ravel()", "(h * (1 - h)).ravel()"), "diag.py")
    assert "BP301" in [f.code for f in wrong.findings]


def test_adding_the_step_to_a_zero_started_velocity_is_no_ascent() -> None:
    # `self.trail += self.step` keeps a running sum the optimiser applies elsewhere; a buffer made by np.zeros
    # that no forward pass reads says nothing about the loss when it grows. An array drawn at random and
    # stepped up along the gradient is still read as a parameter that ascends.
    src = textwrap.dedent('''
        import numpy as np

        class Hidden:
            def __init__(self, n_in, n_out, lr, nesterov):
                self.trail = np.zeros((n_in, n_out))
                self.lr, self.nesterov = lr, nesterov

            def forward(self, x):
                self.x = x

            def backward(self, grad_out):
                d = self.slope() * grad_out
                self.descend(np.dot(self.x.T, d))

            def descend(self, gW):
                self.step = self.lr * gW
                if self.nesterov:
                    self.trail += self.step
    ''')
    assert [f.code for f in analyze_source(src, "hidden.py").findings] == []
    drawn = src.replace("np.zeros((n_in, n_out))", "np.random.randn(n_in, n_out) * 0.1")
    assert [f.code for f in analyze_source(drawn, "hidden.py").findings] == ["BP201"]


def test_a_layer_told_by_an_optional_argument_whether_it_is_the_output_takes_one_branch_per_call() -> None:
    # backward(err) for the output layer, backward(d_above, W_above) for the others: `if W_above is not None`
    # is decided at each call, so the output's delta is err times the derivative (right for a cross-entropy
    # written in full, (p - t) / (p (1 - p))), and every layer's dW is formula 3
    src = textwrap.dedent('''
        import numpy as np

        class Logistic:
            def forward(self, v):
                self.p = 1.0 / (1.0 + np.exp(-v))
                return self.p

            def slope(self):
                return self.p * (1.0 - self.p)

        class CrossEntropy:
            def forward(self, p, t):
                self.p, self.t = p, t
                return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))

            def backward(self):
                return (self.p - self.t) / (self.p * (1.0 - self.p))

        class Dense:
            def __init__(self, n_in, n_out):
                self.w = np.random.randn(n_in, n_out) * 0.5
                self.act = Logistic()

            def forward(self, a):
                self.a = a
                return self.act.forward(a @ self.w)

            def backward(self, err, w_above=None):
                if w_above is not None:
                    self.d = err @ w_above.T * self.act.slope()
                else:
                    self.d = err * self.act.slope()
                self.gw = self.a.T @ self.d

        xs = np.random.randn(16, 2)
        ys = (xs[:, :1] > 0).astype(float)
        layers = [Dense(2, 6), Dense(6, 1)]
        crit = CrossEntropy()
        for _ in range(500):
            h = xs
            for L in layers:
                h = L.forward(h)
            crit.forward(h, ys)
            layers[1].backward(crit.backward())
            layers[0].backward(layers[1].d, layers[1].w)
            for L in layers:
                L.w -= 0.5 * L.gw
    ''')
    result = analyze_source(src, "optional.py")
    assert [f.code for f in result.findings] == []
    assert (_line(src, "self.gw = self.a.T @ self.d"), "F3") in {(t.line, t.kind) for t in result.tags}


def test_the_method_that_reads_what_the_forward_pass_kept_is_the_backward_pass_whatever_its_name() -> None:
    # `backword`, `retro`: a layer class's one other method reading what forward stored on self is its
    # backward pass (also when the constructor makes room for it, `self.s = None`); a `loss(self, y)`
    # reading the stored output is not
    src = textwrap.dedent('''
        import numpy as np

        class Gate:
            def __init__(self):
                self.s = None

            def forward(self, z):
                self.s = 1 / (1 + np.exp(-z))
                return self.s

            def backword(self, g):
                return g * self.s * (1.0 - self.s)

        class Affine:
            def __init__(self, W):
                self.W = W

            def forward(self, x):
                self.x = x
                return x @ self.W

            def retro(self, g):
                self.gW = self.x.T @ g
                return g @ self.W.T
    ''')
    kinds = {(t.line, t.kind) for t in analyze_source(src, "layers.py").tags}
    assert {(_line(src, "return g * self.s"), "F1"), (_line(src, "self.gW = self.x.T @ g"), "F3"),
            (_line(src, "return g @ self.W.T"), "F2")} <= kinds
    scored = textwrap.dedent('''
        import numpy as np

        class Model:
            def __init__(self, W):
                self.W = W

            def forward(self, x):
                self.out = x @ self.W
                return self.out

            def loss(self, y):
                return np.mean((self.out - y) ** 2)
    ''')
    result = analyze_source(scored, "model.py")
    assert [f.code for f in result.findings] == []
    assert not [t for t in result.tags if t.kind in ("error", "F1", "F2", "F3", "update")]


def test_formula_three_with_the_row_the_forward_pass_flattened_needs_no_transpose() -> None:
    # the forward pass multiplies W1 by x.flatten(); x itself is a (1, n) row, so np.dot(d1, x) is delta . a^T
    src = textwrap.dedent('''
        import numpy as np

        X, Y = np.random.randn(50, 4), np.random.randn(50, 2)
        W1, W2 = np.random.randn(6, 4) * 0.1, np.random.randn(2, 6) * 0.1
        for i in range(50):
            x, y = X[i:i + 1, :], Y[i:i + 1, :]
            h = np.tanh(np.dot(W1, x.flatten()))
            out = np.dot(W2, h)
            d2 = (out - y.flatten()).reshape(2, 1)
            d1 = np.dot(np.diag(1 - h ** 2), np.dot(W2.T, d2))
            W2 = W2 - 0.05 * np.dot(d2, h.reshape(6, 1).T)
            W1 = W1 - 0.05 * np.dot(d1, x)
    ''')
    result = analyze_source(src, "flat.py")
    assert [f.code for f in result.findings] == []
    assert (_line(src, "W1 = W1 - 0.05 * np.dot(d1, x)"), "F3") in {(t.line, t.kind) for t in result.tags}


def test_an_entry_fetched_from_a_registry_may_be_missing_so_both_branches_run() -> None:
    # `slot = self.slots.get(name); if slot is None: create it`: what get() hands back may be None at run time,
    # so the creating branch still runs and the layer's weight is found
    src = textwrap.dedent('''
        import numpy as np

        class Slot:
            def __init__(self, value=None, grad=None):
                self.value = value
                self.grad = grad

        class Base:
            def __init__(self):
                self.slots = {}

            def put(self, name, value=None, grad=None):
                slot = self.slots.get(name)
                if slot is None:
                    self.slots[name] = Slot(value, grad)
                    return
                if value is not None:
                    self.slots[name].value = value
                if grad is not None:
                    self.slots[name].grad = grad

            def val(self, name):
                return self.slots[name].value

        class Dense(Base):
            def __init__(self, n_in, n_out):
                super().__init__()
                self.put('W', 0.01 * np.random.randn(n_in, n_out))

            def forward(self, x):
                self.put('x', x)
                return np.dot(x, self.val('W'))

            def backward(self, dout):
                dW = np.dot(self.val('x').T, dout)
                dx = np.dot(dout, self.val('W').T)
                self.put('W', grad=dW)
                return dx
    ''')
    kinds = {(t.line, t.kind) for t in analyze_source(src, "registry.py").tags}
    assert {(_line(src, "dW = np.dot(self.val('x').T, dout)"), "F3"),
            (_line(src, "dx = np.dot(dout, self.val('W').T)"), "F2")} <= kinds


def test_loss_gradient_helpers_with_abbreviated_target_names_are_errors() -> None:
    # `tgt`, `yTrue`, `expected`: the target by other common names, in a module of loss helpers
    for target in ("tgt", "yTrue", "expected"):
        src = textwrap.dedent(f'''
            import numpy as np

            def sq_err(out, {target}):
                return np.mean((out - {target}) ** 2)

            def d_sq_err(out, {target}):
                return 2 * (out - {target}) / np.size({target})
        ''')
        kinds = {(t.line, t.kind) for t in analyze_source(src, "losses.py").tags}
        assert (_line(src, "return 2 * (out -"), "error") in kinds, target


def test_a_layer_written_for_numpy_or_cupy_through_get_array_module_is_read() -> None:
    # xp = cp.get_array_module(x) is numpy or cupy, the same operations either way; the ReLU's backward keeps
    # the gradient where the input was positive by a masked write into zeros
    src = textwrap.dedent('''
        import numpy as np
        import cupy as cp

        class Dense:
            def __init__(self, n_in, n_out):
                self.n_in, self.n_out = n_in, n_out
                self.params, self.grads = {}, {}

            def forward(self, x):
                self.xp = cp.get_array_module(x)
                self.x = x
                if 'w' not in self.params:
                    self.params['w'] = self.xp.random.rand(self.n_in, self.n_out) * 0.1
                return self.xp.dot(x, self.params['w'])

            def backward(self, g):
                self.grads['w'] = self.xp.dot(self.x.T, g)
                return self.xp.dot(g, self.params['w'].T)

        class Rect:
            def forward(self, x):
                self.xp = cp.get_array_module(x)
                self.on = x > 0
                return self.xp.maximum(0, x)

            def backward(self, g):
                r = self.xp.zeros_like(g)
                r[self.on] = g[self.on]
                return r
    ''')
    kinds = {(t.line, t.kind) for t in analyze_source(src, "xp.py").tags}
    assert {(_line(src, "self.grads['w'] = self.xp.dot"), "F3"), (_line(src, "return self.xp.dot(g,"), "F2"),
            (_line(src, "r[self.on] = g[self.on]"), "F1")} <= kinds


def test_a_gradient_summed_from_zero_is_no_parameter_step() -> None:
    # `rec_grad = 0` then `rec_grad += np.sum(...)` adds up a gradient over time: no update of a parameter
    # (nor a layer's bias)
    src = textwrap.dedent('''
        import numpy as np

        def backward(X, S, g_out, w_rec):
            g = np.zeros((X.shape[0], X.shape[1] + 1))
            g[:, -1] = g_out
            rec_grad = 0
            for k in range(X.shape[1], 0, -1):
                rec_grad += np.sum(g[:, k] * S[:, k - 1])

        def step(X, t, W):
            W_grads, _ = backward(X, S, g_out, W[1])
    ''')
    result = analyze_source(src, "scalar_rnn.py")
    assert not [t for t in result.tags if t.line == _line(src, "rec_grad += np.sum") and t.kind in ("update", "linear")]
    assert [f.code for f in result.findings] == []


def test_a_gradient_stored_inside_try_is_kept_after_the_handler() -> None:
    # backward stores self.dW inside `try:`; the `except:` handler stores nothing, so after the statement
    # self.dW is the gradient (not the zeros of the constructor), and stepping up along it is an ascent
    src = textwrap.dedent('''
        import numpy as np


        class Dense:
            def __init__(self, n_out, n_in):
                self.W = np.random.randn(n_out, n_in)
                self.dW = np.zeros((n_out, n_in))

            def forward(self, a):
                try:
                    self.a = a
                    return np.dot(self.W, a)
                except Exception as err:
                    print("forward failed", err)
                    exit()

            def backward(self, g):
                try:
                    self.dW = np.dot(g, self.a.T)
                    return np.dot(self.W.T, g)
                except Exception:
                    exit()


        class Net:
            def __init__(self, sizes):
                self.layers = [Dense(m, n) for n, m in zip(sizes[:-1], sizes[1:])]

            def forward(self, x):
                for L in self.layers:
                    x = np.tanh(L.forward(x))
                    L.out = x
                return x

            def backward(self, out, y):
                g = out - y
                for L in reversed(self.layers):
                    g = L.backward(g * (1 - L.out ** 2))

            def step(self, lr):
                for L in self.layers:
                    L.W += lr * L.dW
    ''')
    assert [f.code for f in analyze_source(src, "tried.py").findings] == ["BP201"]
    descent = src.replace("L.W += lr * L.dW", "L.W -= lr * L.dW")
    assert [f.code for f in analyze_source(descent, "tried.py").findings] == []


def test_the_base_class_state_made_through_super_with_class_and_self_is_the_objects() -> None:
    # super(Dense, self).__init__() (the older spelling of super().__init__()) makes the base's params dict
    # on this object; the weight stored in it lazily by forward is then the layer's
    src = textwrap.dedent('''
        import numpy as np

        class Module:
            def __init__(self):
                self.params = {}
                self.grads = {}

        class Dense(Module):
            def __init__(self, n_in, n_out):
                super(Dense, self).__init__()
                self.n_in, self.n_out = n_in, n_out

            def forward(self, x):
                self.x = x
                if 'w' not in self.params:
                    self.params['w'] = np.random.rand(self.n_in, self.n_out) * 0.1
                return np.dot(x, self.params['w'])

            def backward(self, dout):
                self.grads['w'] = np.dot(self.x.T, dout)
                return np.dot(dout, self.params['w'].T)
    ''')
    kinds = {(t.line, t.kind) for t in analyze_source(src, "dense.py").tags}
    assert {(_line(src, "self.grads['w'] = np.dot"), "F3"), (_line(src, "return np.dot(dout,"), "F2")} <= kinds


def test_a_list_network_trained_through_epochs_batches_and_samples_keeps_its_hidden_formulas() -> None:
    # epochs -> mini-batches sliced in a comprehension -> samples -> layers: four loops deep, the layer loops
    # still run twice, so the hidden delta of the backward loop is formulas 2 and 1 and its dW formula 3
    src = textwrap.dedent('''
        import random
        import numpy as np

        def act(z):
            return 1 / (1 + np.exp(-z))

        def act_d(z):
            return act(z) * (1 - act(z))

        class Stack:
            def __init__(self, sizes):
                self.bs = [np.random.randn(n, 1) for n in sizes[1:]]
                self.ws = [np.random.randn(n, m) for m, n in zip(sizes[:-1], sizes[1:])]

            def grads(self, x, y):
                gb = [np.zeros(b.shape) for b in self.bs]
                gw = [np.zeros(w.shape) for w in self.ws]
                a, acts, zs = x, [x], []
                for w, b in zip(self.ws, self.bs):
                    z = np.dot(w, a) + b
                    zs.append(z)
                    a = act(z)
                    acts.append(a)
                d = (acts[-1] - y) * act_d(zs[-1])
                gb[-1] = d
                gw[-1] = np.dot(d, acts[-2].T)
                for k in range(len(self.ws) - 2, -1, -1):
                    d = np.dot(self.ws[k + 1].T, d) * act_d(zs[k])
                    gb[k] = d
                    gw[k] = np.dot(d, acts[k].T)
                return gb, gw

            def fit(self, data, size, epochs, lr):
                data = list(data)
                for _ in range(epochs):
                    random.shuffle(data)
                    for batch in [data[j:j + size] for j in range(0, len(data), size)]:
                        self.step(batch, lr)

            def step(self, batch, lr):
                sb = [np.zeros(b.shape) for b in self.bs]
                sw = [np.zeros(w.shape) for w in self.ws]
                for x, y in batch:
                    gb, gw = self.grads(x, y)
                    sb = [p + q for p, q in zip(sb, gb)]
                    sw = [p + q for p, q in zip(sw, gw)]
                self.bs = [b - (lr / len(batch)) * g for b, g in zip(self.bs, sb)]
                self.ws = [w - (lr / len(batch)) * g for w, g in zip(self.ws, sw)]

        if __name__ == "__main__":
            pairs = [(np.random.randn(4, 1), np.eye(2)[:, [i % 2]]) for i in range(8)]
            Stack([4, 6, 5, 2]).fit(pairs, 4, 3, 0.5)
    ''')
    result = analyze_source(src, "stack.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    hidden = _line(src, "d = np.dot(self.ws[k + 1].T, d)")
    assert {(hidden, "F2"), (hidden, "F1"), (_line(src, "gw[k] = np.dot(d, acts[k].T)"), "F3")} <= kinds
    assert [f.code for f in result.findings] == []


def test_outputs_listed_layer_by_layer_end_with_the_last_layers_not_any_layers() -> None:
    # one layer class picks relu or a softmax (Jacobian backward) by a name it was built with; the
    # driver lists each layer's output and starts the backward pass at the list's last entry
    src = textwrap.dedent('''
        import numpy as np

        def rect(v):
            return v * (v > 0.0)

        def rect_back(out, g):
            return g * (out > 0.0)

        def soft(v):
            e = np.exp(v - v.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)

        def soft_back(p, g):
            n, k = p.shape
            res = np.zeros(p.shape)
            for i in range(n):
                res[i] = g[i, :] @ (np.diag(p[i]) - p[i, :].reshape(k, 1) @ p[i, :].reshape(1, k))
            return res

        class Full:
            def __init__(self, n_in, n_out, kind):
                self.W = np.random.normal(0, 0.1, (n_in, n_out))
                self.b = np.zeros((1, n_out))
                self.kind = kind

            def fwd(self, x):
                self.out = x @ self.W + self.b
                if self.kind == 'rect':
                    self.out = rect(self.out)
                else:
                    self.out = soft(self.out)
                return self.out

            def bwd(self, rate, x, g):
                if self.kind == 'rect':
                    d = rect_back(self.out, g)
                else:
                    d = soft_back(self.out, g)
                keep = self.W.copy()
                self.W -= rate * (x.T @ d)
                self.b -= rate * d.sum(axis=0)
                return d @ keep.T

        class Chain:
            def __init__(self, rate):
                self.parts = []
                self.rate = rate

            def push(self, part):
                self.parts.append(part)

            def run(self, x):
                outs = [x.copy()]
                for part in self.parts:
                    x = part.fwd(x)
                    outs.append(x)
                return outs

            def learn(self, outs, Y):
                g = -(Y / (outs[-1] + 1e-10) - (1 - Y) / (1 - outs[-1] + 1e-10))
                for l in range(len(self.parts) - 1, -1, -1):
                    g = self.parts[l].bwd(self.rate, outs[l], g)

        net = Chain(0.1)
        net.push(Full(2, 3, 'rect'))
        net.push(Full(3, 2, 'soft'))
        xb = np.random.randn(5, 2)
        yb = np.eye(2)[np.random.randint(0, 2, 5)]
        net.learn(net.run(xb), yb)
    ''')
    result = analyze_source(src, "chain.py")
    assert [f.code for f in result.findings] == []
    by_line = {(t.line, t.kind): t.layer for t in result.tags}
    # the loss gradient sits at the softmax layer (the list's last entry), the Jacobian product is
    # that layer's formula 1 and the mask the relu layer's
    assert by_line.get((_line(src, "g = -(Y / (outs[-1]"), "error")) == "2"
    assert by_line.get((_line(src, "res[i] = g[i, :] @"), "F1")) == "2"
    assert by_line.get((_line(src, "return g * (out > 0.0)"), "F1")) == "1"


#: layer classes that accumulate `rate * outer(delta, input)` and add it in `apply`; the network class
#: that would drive them is never called in the module and its layer list is filled elsewhere
_CALLER_ORIENTED = textwrap.dedent('''
    import numpy as np

    class Full:
        def __init__(self, n_in, n_out, rate=0.05):
            self.w = np.random.uniform(-1, 1, (n_out, n_in))
            self.acc = np.zeros(self.w.shape)
            self.rate = rate

        def forward(self, a):
            self.a = a
            self.z = self.w @ a
            return np.tanh(self.z)

        def backward(self, d_out):
            delta = (1 - np.tanh(self.z) ** 2) * d_out
            self.acc += self.rate * np.outer(delta, self.a)
            return self.w.T @ delta

        def apply(self):
            self.w += self.acc
            self.acc = np.zeros(self.w.shape)

    class Net:
        def __init__(self):
            self.stack = []

        def infer(self, v):
            for layer in self.stack:
                v = layer.forward(v)
            return v

        def train(self, xs, ys):
            for x, y in zip(xs, ys):
                sig = ERROR
                for layer in reversed(self.stack):
                    sig = layer.backward(sig)
                for layer in self.stack:
                    layer.apply()
''')


def test_a_caller_the_analysis_cannot_follow_still_fixes_what_the_backward_pass_is_handed() -> None:
    kept = _CALLER_ORIENTED.replace("ERROR", "y - self.infer(x)")
    assert [(f.code, f.confidence) for f in analyze_source(kept, "net.py").findings] == []
    # the same caller handing output minus target: adding the accumulated step climbs the loss
    climbs = _CALLER_ORIENTED.replace("ERROR", "self.infer(x) - y")
    found = [(f.code, f.confidence, f.line) for f in analyze_source(climbs, "net.py").findings]
    assert found == [("BP201", "high", _line(climbs, "self.w += self.acc"))]


#: an LSTM step with fused gate weights whose backward pass recomputes the gates from the cached inputs
#: (not the forward's own values) and joins the four gate deltas before the weight gradients
_LSTM_RECOMPUTED = textwrap.dedent('''
    import numpy as np

    def sig(v):
        return 1 / (1 + np.exp(-v))

    def cell_forward(x, h0, c0, Wx, Wh, b):
        n = h0.shape[1]
        a = x @ Wx + h0 @ Wh + b
        ig, fg, og = sig(a[:, :n]), sig(a[:, n:2 * n]), sig(a[:, 2 * n:3 * n])
        cand = np.tanh(a[:, 3 * n:])
        c1 = fg * c0 + ig * cand
        h1 = og * np.tanh(c1)
        return h1, c1, (x, h0, c0, Wx, Wh, b)

    def cell_backward(dh1, dc1, store):
        x, h0, c0, Wx, Wh, b = store
        n = h0.shape[1]
        a = x @ Wx + h0 @ Wh + b
        ig, fg, og = sig(a[:, :n]), sig(a[:, n:2 * n]), sig(a[:, 2 * n:3 * n])
        cand = np.tanh(a[:, 3 * n:])
        c1 = fg * c0 + ig * cand
        squash = np.tanh(c1)
        d_og = dh1 * squash
        dc = dc1 + (1 - squash ** 2) * (dh1 * og)
        d_ig = dc * cand
        d_fg = dc * c0
        d_cand = dc * ig
        d_cand_pre = GATE
        da = np.hstack([d_ig * ig * (1 - ig), d_fg * fg * (1 - fg), d_og * og * (1 - og), d_cand_pre])
        dWx = x.T @ da
        dWh = h0.T @ da
        db = da.sum(axis=0)
        return da @ Wx.T, da @ Wh.T, dc * fg, dWx, dWh, db
''')


def test_gates_recomputed_from_the_cache_are_the_forwards_gates() -> None:
    src = _LSTM_RECOMPUTED.replace("GATE", "d_cand * (1 - cand ** 2)")
    result = analyze_source(src, "cell.py")
    assert list(result.findings) == []
    kinds = {(t.line, t.kind) for t in result.tags}
    # the gradient through the cell's tanh, then each gate's derivative, then formula 3 on the joined delta
    assert (_line(src, "dc = dc1 + (1 - squash ** 2)"), "F1") in kinds
    assert (_line(src, "da = np.hstack([d_ig * ig"), "F1") in kinds
    assert {(_line(src, "dWx = x.T @ da"), "F3"), (_line(src, "dWh = h0.T @ da"), "F3"),
            (_line(src, "db = da.sum(axis=0)"), "F3")} <= kinds
    # the candidate gate is a tanh: the sigmoid's derivative on it is a mismatch
    bad = _LSTM_RECOMPUTED.replace("GATE", "d_cand * cand * (1 - cand)")
    found = [(f.code, f.line) for f in analyze_source(bad, "cell.py").findings]
    assert found == [("BP301", _line(bad, "d_cand * cand * (1 - cand)"))]


def test_activations_popped_layer_by_layer_leave_the_layers_input_on_top() -> None:
    src = textwrap.dedent('''
        import numpy as np

        class Affine:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_in, n_out) * 0.1
                self.b = np.zeros(n_out)

            def out(self, X):
                return X.dot(self.W) + self.b

            def param_grads(self, X, g):
                return [X.T.dot(g), g.sum(axis=0)]

            def input_grad(self, Y, g):
                return g.dot(self.W.T)

        class Logistic:
            def out(self, X):
                return 1 / (1 + np.exp(-X))

            def param_grads(self, X, g):
                return []

            def input_grad(self, Y, g):
                return g * Y * (1 - Y)

        class Softmax:
            def out(self, X):
                e = np.exp(X - X.max(axis=1, keepdims=True))
                return e / e.sum(axis=1, keepdims=True)

            def param_grads(self, X, g):
                return []

            def input_grad(self, Y, T):
                return (Y - T) / Y.shape[0]

        def run(X, stack):
            acts = [X]
            for layer in stack:
                acts.append(layer.out(acts[-1]))
            return acts

        def back(acts, T, stack):
            grads = []
            g = None
            for layer in reversed(stack):
                Y = acts.pop()
                g_in = layer.input_grad(Y, T if g is None else g)
                grads.insert(0, layer.param_grads(acts[-1], g))
                g = g_in
            return grads

        stack = [Affine(4, 6), Logistic(), Affine(6, 3), Softmax()]
        X = np.random.randn(20, 4)
        T = np.eye(3)[np.random.randint(0, 3, 20)]
        for epoch in range(50):
            grads = back(run(X, stack), T, stack)
            for layer, gs in zip(stack, grads):
                if gs:
                    layer.W -= 0.1 * gs[0]
                    layer.b -= 0.1 * gs[1]
    ''')
    result = analyze_source(src, "stack.py")
    # each layer's weight gradient reads the activation left on top once its own output was popped, and
    # the gradients inserted at the front come out in layer order for the update
    assert [(f.code, f.confidence) for f in result.findings] == []
    kinds = {(t.line, t.kind) for t in result.tags}
    assert {(_line(src, "return [X.T.dot(g), g.sum(axis=0)]"), "F3"),
            (_line(src, "layer.W -= 0.1 * gs[0]"), "update"), (_line(src, "layer.b -= 0.1 * gs[1]"), "update"),
            (_line(src, "return (Y - T) / Y.shape[0]"), "error")} <= kinds
    # the popped entry is the layer's own output, not its input
    bad = src.replace("layer.param_grads(acts[-1], g)", "layer.param_grads(Y, g)")
    assert [f.code for f in analyze_source(bad, "stack.py").findings] == ["BP305"]


#: a two-layer network in separate functions passing dicts, driven once by a smoke test; LABELS and
#: STEP are filled in by the tests
_DICT_NET_SMOKE = textwrap.dedent('''
    import copy
    import numpy as np

    def fwd(X, p):
        Z1 = p["W1"] @ X + p["b1"]
        A1 = np.tanh(Z1)
        A2 = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
        return A2, {"A1": A1, "A2": A2}

    def bwd(p, keep, X, Y):
        m = X.shape[1]
        dZ2 = keep["A2"] - Y
        dW2 = dZ2 @ keep["A1"].T / m
        db2 = dZ2.sum(axis=1, keepdims=True) / m
        dZ1 = p["W2"].T @ dZ2 * (1 - keep["A1"] ** 2)
        dW1 = dZ1 @ X.T / m
        db1 = dZ1.sum(axis=1, keepdims=True) / m
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}

    def step(p, g, lr=0.5):
        STEP
        for k in ("W1", "b1", "W2", "b2"):
            q[k] = q[k] - lr * g["d" + k]
        return q

    def fit(X, Y, hidden, rounds=100):
        p = {"W1": np.random.randn(hidden, X.shape[0]) * 0.01, "b1": np.zeros((hidden, 1)),
             "W2": np.random.randn(1, hidden) * 0.01, "b2": np.zeros((1, 1))}
        for _ in range(rounds):
            A2, keep = fwd(X, p)
            p = step(p, bwd(p, keep, X, Y))
        return p

    xs = np.random.randn(3, 6)
    LABELS
    fit(xs, ys, 4, rounds=5)
''')


def _dict_net_kinds(labels: str, step: str) -> set[tuple[str, str]]:
    src = _DICT_NET_SMOKE.replace("LABELS", labels).replace("STEP", step)
    result = analyze_source(src, "planar.py")
    assert list(result.findings) == []
    lines = src.splitlines()
    return {(lines[t.line - 1].strip(), t.kind) for t in result.tags}


def test_labels_drawn_as_booleans_for_a_smoke_test_are_the_target() -> None:
    kinds = _dict_net_kinds("ys = np.random.randn(1, 6) > 0", "q = p")
    assert {('dZ2 = keep["A2"] - Y', "error"), ('dW1 = dZ1 @ X.T / m', "F3"),
            ('q[k] = q[k] - lr * g["d" + k]', "update")} <= kinds


def test_a_deep_copy_of_the_parameter_dict_holds_the_same_parameters() -> None:
    kinds = _dict_net_kinds("ys = (np.random.randn(1, 6) > 0).astype(float)", "q = copy.deepcopy(p)")
    assert ('q[k] = q[k] - lr * g["d" + k]', "update") in kinds


def test_a_gradient_buffer_started_with_small_random_numbers_is_no_parameter() -> None:
    src = textwrap.dedent('''
        import numpy as np

        class Squash:
            def forward(self, z):
                self.out = np.tanh(z)

            def backward(self, up):
                self.dz = (1 - self.out ** 2) * up

        class Recur:
            def __init__(self, n):
                self.Uh = np.random.randn(n, 1) * 0.1
                self.Wh = np.random.randn(n, n) * 0.1

            def forward(self, xs):
                self.xs = xs
                self.acts = [Squash() for _ in range(len(xs))]
                self.hs = [np.zeros((self.Wh.shape[0], 1)) for _ in range(len(xs) + 1)]
                for t in range(len(xs)):
                    self.acts[t].forward(self.Uh @ xs[t] + self.Wh @ self.hs[t])
                    self.hs[t + 1] = self.acts[t].out
                # the buffers are (re)made with small random numbers, not zeros
                self.gUh = 0.01 * np.random.rand(*self.Uh.shape)
                self.gWh = 0.01 * np.random.rand(*self.Wh.shape)
                return self.hs[-1]

            def backward(self, dh):
                for t in reversed(range(len(self.xs))):
                    self.acts[t].backward(dh)
                    d = self.acts[t].dz
                    self.gUh += d @ self.xs[t].T
                    self.gWh += d @ self.hs[t].T
                    dh = self.Wh.T @ d

        def learn(cell, xs, y, lr):
            out = cell.forward(xs)
            cell.backward(out - y)
            cell.Uh -= lr * cell.gUh
            cell.Wh -= lr * cell.gWh
    ''')
    result = analyze_source(src, "recur.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    buffered = {_line(src, "self.gUh += d @"), _line(src, "self.gWh += d @")}
    # adding a step's gradient into a buffer named after its weight is formula 3, and changes no parameter
    assert {(line, "F3") for line in buffered} <= kinds
    assert not {(line, "update") for line in buffered} & kinds


def test_an_optimiser_stepping_each_array_a_layer_hands_it_claims_no_missing_bias(tmp_path) -> None:
    # the readout layer hands (W, b) to a momentum step that walks them in a loop; only W's step is traced
    # back to a gradient here, but the loop steps b too: no "never updated" for b
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, run

    (tmp_path / "layer.py").write_text(textwrap.dedent('''
        import numpy as np


        class Readout:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_in, n_out) * 0.1
                self.b = np.random.randn(n_out) * 0.1

            def params(self):
                return (self.W, self.b)

            def forward(self, h):
                W, b = self.params()
                out = np.zeros((h.shape[0], W.shape[1]))
                for t in range(h.shape[0]):
                    z = np.dot(h[t], W) + b
                    e = np.exp(z - z.max())
                    out[t] = e / e.sum()
                return out

            def backward(self, d, h):
                W, b = self.params()
                gW, gb = [np.zeros_like(p) for p in self.params()]
                dh = np.zeros_like(h)
                for t in reversed(range(d.shape[0])):
                    dh[t] = np.dot(d[t], W.T)
                    gW += np.outer(h[t], d[t])
                    gb += d[t]
                return dh, (gW, gb)
    '''), encoding="utf-8")
    (tmp_path / "momentum.py").write_text(textwrap.dedent('''
        class Momentum:
            def __init__(self, lr, mu=0.9):
                self.lr, self.mu = lr, mu

            def step(self, params, grads, vel=None):
                if vel is None:
                    vel = [0 for _ in params]
                vel = [self.mu * v - self.lr * g for g, v in zip(grads, vel)]
                out = []
                for p, v in zip(params, vel):
                    p += v
                    out.append(p)
                return out, vel
    '''), encoding="utf-8")
    (tmp_path / "train.py").write_text(textwrap.dedent('''
        import numpy as np
        from layer import Readout
        from momentum import Momentum

        head = Readout(8, 4)
        opt = Momentum(0.05)
        vel = None
        h = np.random.randn(10, 8)
        labels = np.random.randint(0, 4, 10)
        for epoch in range(20):
            probs = head.forward(h)
            d = probs.copy()
            d[np.arange(10), labels] -= 1
            dh, grads = head.backward(d, h)
            (head.W, head.b), vel = opt.step(head.params(), grads, vel)
    '''), encoding="utf-8")
    results = run([FileTask(str(tmp_path / n), enabled_codes([])) for n in ("layer.py", "momentum.py", "train.py")])
    assert [(f.code, f.line) for r in results for f in r.findings] == []
    # the step itself is still read as the update
    assert any(t.kind == "update" for r in results for t in r.tags)


def test_loss_gradients_of_a_module_with_no_network_are_the_output_error() -> None:
    # a losses module: cross-entropy's derivative by the probabilities, helpers named by what they
    # differentiate (`*_deriv`, `*_prime`) as static methods
    src = textwrap.dedent('''
        import numpy as np

        class NLL:
            def backward(self, p, t):
                g = -t / p
                return g / p.shape[0]

        class Grads:
            @staticmethod
            def bce_deriv(out, t):
                first = t / out
                second = (1 - t) / (1 - out)
                return -first + second

            @staticmethod
            def squared_prime(out, t):
                return (out - t) * (2 / out.shape[1])
    ''')
    result = analyze_source(src, "losses.py")
    assert list(result.findings) == []
    errors = {t.line for t in result.tags if t.kind == "error"}
    assert {_line(src, "g = -t / p"), _line(src, "return -first + second"),
            _line(src, "return (out - t) * (2 / out.shape[1])")} <= errors


def test_a_gradient_named_after_its_parameter_is_not_paired_with_another_argument() -> None:
    src = textwrap.dedent('''
        def sgd_step(w, dw, cfg=None, p=0):
            rate = 0.01 if cfg is None else cfg.get("rate", 0.01)
            w -= rate * dw
            return w
    ''')
    result = analyze_source(src, "sgd.py")
    # dw is w's gradient by its name; the unused `p` does not take it
    assert list(result.findings) == []
    assert (_line(src, "w -= rate * dw"), "update") in {(t.line, t.kind) for t in result.tags}


def test_a_batched_outer_product_of_input_and_error_is_formula_3_as_written() -> None:
    src = textwrap.dedent('''
        import torch

        class Assoc:
            def __init__(self, n, rate=0.05):
                self.A = torch.zeros(n, n)
                self.rate = rate

            def learn(self, cue, target):
                guess = torch.matmul(cue, self.A)
                with torch.no_grad():
                    miss = target - guess
                    step = torch.bmm(cue.unsqueeze(2), miss.unsqueeze(1)).mean(dim=0)
                    self.A += self.rate * step
                return guess
    ''')
    result = analyze_source(src, "assoc.py")
    # x_i d_i^T per sample, averaged: the input already stands on the left, no transpose is missing
    assert list(result.findings) == []
    assert (_line(src, "step = torch.bmm("), "F3") in {(t.line, t.kind) for t in result.tags}


def test_an_optimiser_walking_parameter_keys_meets_each_entry_with_its_own_step(tmp_path) -> None:
    # momentum over every key of every part's params dict: params[k] += v[k] cannot cross two entries,
    # whatever the velocity dicts (made by a comprehension) are known to hold
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, run

    (tmp_path / "layers.py").write_text(textwrap.dedent('''
        import numpy as np


        class Part:
            def __init__(self):
                self.params, self.grads, self.keep = {}, {}, {}


        class Conv1x1(Part):
            def __init__(self, cin, cout):
                super().__init__()
                self.params["W"] = np.random.randn(cout, cin) * 0.1
                self.params["b"] = np.zeros(cout)

            def forward(self, x):
                n, c, h, w = x.shape
                flat = x.transpose(0, 2, 3, 1).reshape(-1, c)
                self.keep["flat"], self.keep["shape"] = flat, (n, h, w)
                y = flat @ self.params["W"].T + self.params["b"]
                return y.reshape(n, h, w, -1).transpose(0, 3, 1, 2)

            def backward(self, g):
                n, h, w = self.keep["shape"]
                gf = g.transpose(0, 2, 3, 1).reshape(-1, self.params["W"].shape[0])
                self.grads["b"] = gf.sum(axis=0)
                self.grads["W"] = gf.T @ self.keep["flat"]
                gx = gf @ self.params["W"]
                return gx.reshape(n, h, w, -1).transpose(0, 3, 1, 2)


        class Scale(Part):
            def __init__(self, c):
                super().__init__()
                self.params["g"] = np.ones(c)

            def forward(self, x):
                self.keep["x"] = x
                return x * self.params["g"][None, :, None, None]

            def backward(self, g):
                self.grads["g"] = (g * self.keep["x"]).sum(axis=(0, 2, 3))
                return g * self.params["g"][None, :, None, None]
    '''), encoding="utf-8")
    (tmp_path / "opt.py").write_text(textwrap.dedent('''
        import numpy as np


        class Heavy:
            def __init__(self, parts, lr=0.01, mu=0.9):
                self.parts, self.lr, self.mu = parts, lr, mu
                self.vel = [{k: np.zeros_like(p.params[k]) for k in p.params} for p in parts]

            def step(self):
                for p, v in zip(self.parts, self.vel):
                    for k in p.params:
                        v[k] = self.mu * v[k] - self.lr * p.grads[k]
                        p.params[k] += v[k]
    '''), encoding="utf-8")
    (tmp_path / "run.py").write_text(textwrap.dedent('''
        import numpy as np
        from layers import Conv1x1, Scale
        from opt import Heavy

        parts = [Conv1x1(3, 4), Scale(4)]
        opt = Heavy(parts)
        x = np.random.randn(2, 3, 5, 5)
        t = np.random.randn(2, 4, 5, 5)
        for it in range(10):
            y = x
            for p in parts:
                y = p.forward(y)
            g = y - t
            for p in reversed(parts):
                g = p.backward(g)
            opt.step()
    '''), encoding="utf-8")
    results = run([FileTask(str(tmp_path / n), enabled_codes([])) for n in ("layers.py", "opt.py", "run.py")])
    assert [(f.code, f.line) for r in results for f in r.findings] == []


def test_a_momentum_step_over_every_key_of_every_module_claims_no_missing_bias(tmp_path) -> None:
    # a package of modules keeping params/grads dicts; the optimiser steps m.params[k] for every key k,
    # so the conv layer's bias is stepped with the rest though which keys each dict holds is not traced
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, run

    files: dict[str, str] = {}
    files["net/__init__.py"] = textwrap.dedent('''
        from net.base import Module
        from net.dense import Affine
        from net.norm import ChannelNorm
        from net.sgd import Momentum
        from net.loss import SoftmaxXent
    ''')
    files["net/base.py"] = textwrap.dedent('''
        class Module:
            def __init__(self):
                self.params = {}
                self.grads = {}
                self.cache = {}

            def __call__(self, x):
                return self.forward(x)
    ''')
    files["net/conv.py"] = textwrap.dedent('''
        import numpy as np
        from net.base import Module


        class PatchConv(Module):
            """Convolution through patch columns; the optimizer elsewhere applies self.grads."""

            def __init__(self, cin, cout, k=3):
                super().__init__()
                self.k = k
                self.stride = 1
                self.cout = cout
                self.params["W"] = np.random.randn(cout, cin, k, k) * 0.1
                self.params["b"] = np.zeros(cout)

            def _patches(self, x):
                n, c, h, w = x.shape
                k = self.k
                oh, ow = h - k + 1, w - k + 1
                cols = np.zeros((n, c, k, k, oh, ow))
                for i in range(k):
                    for j in range(k):
                        cols[:, :, i, j, :, :] = x[:, :, i:i + oh, j:j + ow]
                cols = cols.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)
                return cols, oh, ow

            def forward(self, x):
                n = x.shape[0]
                cols, oh, ow = self._patches(x)
                wmat = self.params["W"].reshape(self.cout, -1)
                y = cols @ wmat.T + self.params["b"]
                self.cache["x"], self.cache["cols"] = x, cols
                self.cache["oh"], self.cache["ow"] = oh, ow
                return y.reshape(n, oh, ow, self.cout).transpose(0, 3, 1, 2)

            def backward(self, g):
                x, cols = self.cache["x"], self.cache["cols"]
                oh, ow = self.cache["oh"], self.cache["ow"]
                n, c, h, w = x.shape
                k = self.k
                gf = g.transpose(0, 2, 3, 1).reshape(-1, self.cout)
                self.grads["b"] = gf.sum(axis=0)
                self.grads["W"] = (gf.T @ cols).reshape(self.params["W"].shape)
                gcols = gf @ self.params["W"].reshape(self.cout, -1)
                gcols = gcols.reshape(n, oh, ow, c, k, k).transpose(0, 3, 4, 5, 1, 2)
                s = self.stride
                gx = np.zeros((n, c, h, w))
                for i in range(k):
                    for j in range(k):
                        gx[:, :, i:i + s * oh:s, j:j + s * ow:s] += gcols[:, :, i, j, :, :]
                return gx
    ''')
    files["net/dense.py"] = textwrap.dedent('''
        import numpy as np
        from net.base import Module


        class Affine(Module):
            def __init__(self, n_in, n_out):
                super().__init__()
                self.params["W"] = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
                self.params["b"] = np.zeros(n_out)

            def forward(self, x):
                self.cache["x"] = x
                return x @ self.params["W"] + self.params["b"]

            def backward(self, g):
                x = self.cache["x"]
                self.grads["W"] = x.T @ g
                self.grads["b"] = g.sum(axis=0)
                return g @ self.params["W"].T
    ''')
    files["net/loss.py"] = textwrap.dedent('''
        import numpy as np


        class SoftmaxXent:
            def __call__(self, logits, y):
                n = logits.shape[0]
                e = np.exp(logits - logits.max(axis=1, keepdims=True))
                p = e / e.sum(axis=1, keepdims=True)
                loss = -np.log(p[np.arange(n), y] + 1e-12).mean()
                g = p.copy()
                g[np.arange(n), y] -= 1
                return loss, g / n
    ''')
    files["net/norm.py"] = textwrap.dedent('''
        import numpy as np
        from net.base import Module


        class ChannelNorm(Module):
            def __init__(self, c, eps=1e-5):
                super().__init__()
                self.eps = eps
                self.params["gamma"] = np.ones(c)
                self.params["beta"] = np.zeros(c)

            def forward(self, x):
                mu = x.mean(axis=(0, 2, 3))
                var = x.var(axis=(0, 2, 3))
                xh = (x - mu[None, :, None, None]) / np.sqrt(var[None, :, None, None] + self.eps)
                self.cache.update({"xh": xh, "var": var})
                return self.params["gamma"][None, :, None, None] * xh + self.params["beta"][None, :, None, None]

            def backward(self, g):
                xh, var = self.cache["xh"], self.cache["var"]
                m = g.shape[0] * g.shape[2] * g.shape[3]
                self.grads["gamma"] = (g * xh).sum(axis=(0, 2, 3))
                self.grads["beta"] = g.sum(axis=(0, 2, 3))
                gh = g * self.params["gamma"][None, :, None, None]
                s = np.sqrt(var[None, :, None, None] + self.eps)
                return (gh - gh.mean(axis=(0, 2, 3), keepdims=True) - xh * (gh * xh).mean(axis=(0, 2, 3), keepdims=True)) / s
    ''')
    files["net/sgd.py"] = textwrap.dedent('''
        import numpy as np


        class Momentum:
            def __init__(self, modules, lr=0.01, mu=0.9, wd=1e-4):
                self.modules, self.lr, self.mu, self.wd = modules, lr, mu, wd
                self.vel = []
                for m in modules:
                    self.vel.append({k: np.zeros_like(m.params[k]) for k in m.params})

            def step(self):
                for m, v in zip(self.modules, self.vel):
                    for k in m.params:
                        g = m.grads.get(k, np.zeros_like(m.params[k])) + self.wd * m.params[k]
                        v[k] = self.mu * v[k] - self.lr * g
                        m.params[k] += v[k]
    ''')
    files["train.py"] = textwrap.dedent('''
        import numpy as np
        from net import Affine, Momentum, SoftmaxXent, ChannelNorm
        from net.conv import PatchConv


        class Flat:
            params = {}
            grads = {}

            def forward(self, x):
                self.shape = x.shape
                return x.reshape(x.shape[0], -1)

            def backward(self, g):
                return g.reshape(self.shape)


        def batches(x, y, size):
            for i in range(0, len(x), size):
                yield x[i:i + size], y[i:i + size]


        def fit(x_all, y_all, epochs=2, lr=0.01):
            loss_fn = SoftmaxXent()
            conv1 = PatchConv(3, 4, k=3)
            norm1 = ChannelNorm(4)
            conv2 = PatchConv(4, 4, k=3)
            norm2 = ChannelNorm(4)
            flat = Flat()
            fc = Affine(4 * 4 * 4, 10)
            stack = [conv1, norm1, conv2, norm2, flat, fc]
            opt = Momentum([conv1, norm1, conv2, norm2, fc], lr=lr)
            for epoch in range(epochs):
                for xb, yb in batches(x_all, y_all, 8):
                    h = xb
                    for layer in stack:
                        h = layer.forward(h)
                    loss, g = loss_fn(h, yb)
                    for layer in reversed(stack):
                        g = layer.backward(g)
                    opt.step()


        if __name__ == "__main__":
            fit(np.random.randn(16, 3, 8, 8), np.random.randint(0, 10, 16))
    ''')
    (tmp_path / "net").mkdir()
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    results = run([FileTask(str(tmp_path / n), enabled_codes([])) for n in files])
    assert [(f.code, f.line) for r in results for f in r.findings if f.code == "BP101"] == []


def test_an_optimiser_fetching_each_parameter_by_name_steps_it_in_place() -> None:
    src = textwrap.dedent('''
        import numpy as np

        class Nesterovish:
            def __init__(self, lr=0.01, mu=0.9):
                self.lr, self.mu = lr, mu

            def step(self, layers):
                for layer in layers:
                    for key in layer.grads:
                        arr = getattr(layer, key)
                        slot = "mom_" + key
                        if not hasattr(layer, slot):
                            setattr(layer, slot, np.zeros_like(arr))
                        m = self.mu * getattr(layer, slot) - self.lr * layer.grads[key]
                        setattr(layer, slot, m)
                        arr += m

        class Moments:
            def __init__(self, lr=1e-3, b1=0.9):
                self.lr, self.b1 = lr, b1

            def step(self, layers):
                for layer in layers:
                    for key in layer.grads:
                        arr = getattr(layer, key)
                        # the optimiser's state kept on the layer under a name made from the key
                        mom = getattr(layer, key + "_mom")
                        mom *= self.b1
                        mom += (1 - self.b1) * layer.grads[key]
                        arr -= self.lr * mom
    ''')
    result = analyze_source(src, "optim.py")
    assert list(result.findings) == []
    assert (_line(src, "arr += m"), "update") in {(t.line, t.kind) for t in result.tags}
    # the same step climbing: the momentum adds the gradient
    bad = src.replace("- self.lr * layer.grads[key]", "+ self.lr * layer.grads[key]")
    assert [f.code for f in analyze_source(bad, "optim.py").findings] == ["BP201"]


def test_gradient_dicts_deep_copied_from_the_forward_dicts_leave_the_forward_values_alone() -> None:
    src = textwrap.dedent('''
        import copy
        import numpy as np

        class Tiny:
            def __init__(self):
                self.U = np.random.rand(3, 2) * 0.01
                self.V = np.random.rand(2, 3) * 0.01
                self.h, self.o = {}, {}

            def forward(self, xs):
                for i in range(3):
                    self.h[i] = np.tanh(self.U @ xs[i])
                    self.o[i] = self.V @ self.h[i]
                # the gradient stores start as copies of the forward's
                self.dh = copy.deepcopy(self.h)
                self.do = copy.deepcopy(self.o)

            def fit(self, xs, ys, lr):
                self.forward(xs)
                gU, gV = np.zeros_like(self.U), np.zeros_like(self.V)
                for i in range(3):
                    self.do[i] = self.o[i] - ys[i]
                    gV += self.do[i] @ self.h[i].T
                    self.dh[i] = self.V.T @ self.do[i]
                    gU += (self.dh[i] * (1 - self.h[i] ** 2)) @ xs[i].T
                self.U -= lr * gU
                self.V -= lr * gV
    ''')
    result = analyze_source(src, "tiny.py")
    # what backward stores into the copies is no forward value: the F2 keeps V^T, nothing to flag
    assert list(result.findings) == []
    assert (_line(src, "self.dh[i] = self.V.T @ self.do[i]"), "F2") in {(t.line, t.kind) for t in result.tags}



#: a network of per-unit objects: `fire` keeps the input and output, `back` takes the delta from above
#: through a derivative helper method, the weight vector carries the bias as its last entry
_UNIT_OBJECT = textwrap.dedent('''
        import numpy as np


        class Cell:
            def __init__(self, n_in, rate=0.1):
                self.w = np.random.randn(n_in + 1) * 0.1
                self.rate = rate

            def fire(self, x):
                self.inp = np.append(np.asarray(x).ravel(), [1.0])
                self.net = np.sum(self.inp * self.w)
                self.out = np.tanh(self.net)
                return self.out

            def slope(self):
                return 1 - self.out ** 2

            def back(self, upstream):
                d = upstream * self.slope()
                self.gw = self.inp * d
                return d * self.w[:-1]

            def learn(self):
                self.w = self.w - self.rate * self.gw
''')


def test_a_unit_object_with_fire_and_back_methods_is_a_layer_pair() -> None:
    result = analyze_source(_UNIT_OBJECT, "cell.py")
    assert list(result.findings) == []
    kinds = {(t.line, t.kind) for t in result.tags}
    assert {(_line(_UNIT_OBJECT, "d = upstream * self.slope()"), "F1"),
            (_line(_UNIT_OBJECT, "self.gw = self.inp * d"), "F3"),
            (_line(_UNIT_OBJECT, "return d * self.w[:-1]"), "F2")} <= kinds
    # the sigmoid's derivative written out in a tanh unit
    bad = _UNIT_OBJECT.replace("d = upstream * self.slope()", "d = upstream * self.out * (1 - self.out)")
    assert [f.code for f in analyze_source(bad, "cell.py").findings] == ["BP301"]



def test_an_optimiser_walking_a_layers_parameter_dict_steps_each_value_in_place() -> None:
    src = textwrap.dedent('''
        import numpy as np


        class Momentum:
            def __init__(self, lr=0.01, mu=0.9):
                self.lr, self.mu = lr, mu

            def update_params(self, layer):
                for name, value in layer.parameters.items():
                    slot = f"{name}_vel"
                    if not hasattr(layer, slot):
                        setattr(layer, slot, np.zeros_like(value))
                    vel = self.mu * getattr(layer, slot) - self.lr * layer.gradients[name]
                    setattr(layer, slot, vel)
                    value += vel
    ''')
    result = analyze_source(src, "optim.py")
    assert list(result.findings) == []
    assert (_line(src, "value += vel"), "update") in {(t.line, t.kind) for t in result.tags}
    bad = src.replace("- self.lr * layer.gradients[name]", "+ self.lr * layer.gradients[name]")
    assert [f.code for f in analyze_source(bad, "optim.py").findings] == ["BP201"]


OWN_ACTIVATION = textwrap.dedent('''
    import numpy as np


    def swish(z):
        return z / (1.0 + np.exp(-z))


    def swish_slope(z):
        s = 1.0 / (1.0 + np.exp(-z))
        return s * (1.0 + z * (1.0 - s))


    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(32, 3)), rng.normal(size=(32, 1))
    W1, W2 = rng.normal(size=(3, 8)), rng.normal(size=(8, 1))
    for step in range(50):
        pre = X @ W1
        hid = ACT(pre)
        out = hid @ W2
        err = out - Y
        dW2 = hid.T @ err
        dhid = err @ W2.T
        dpre = dhid * SLOPE
        dW1 = X.T @ dpre
        W1 -= 0.01 * dW1
        W2 -= 0.01 * dW2
''')


def test_an_activation_of_the_files_own_is_read_by_its_shape_and_never_judged() -> None:
    """`hid = swish(pre)` with swish elementwise and not linear: the layer's activation, so formula 1 on
    its output error and formula 3 below it are tagged; which derivative it admits is not known, so a
    derivative the rules do know (sigmoid's) is not called a mismatch there."""
    src = OWN_ACTIVATION.replace("ACT(pre)", "swish(pre)").replace("SLOPE", "swish_slope(pre)")
    result = analyze_source(src, "net.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    assert {(_line(src, "dpre = dhid"), "F1"), (_line(src, "dW1 = X.T @ dpre"), "F3")} <= kinds
    assert [(lay.weight, lay.activation) for lay in result.layers] == [("W1", "swish"), ("W2", "linear")]
    assert list(result.findings) == []
    ascent = src.replace("W1 -= 0.01 * dW1", "W1 += 0.01 * dW1")
    assert [(f.code, f.line) for f in analyze_source(ascent, "net.py").findings] == [
        ("BP201", _line(src, "W1 -= 0.01 * dW1"))]
    other = src.replace("swish_slope(pre)", "hid * (1 - hid)")
    assert [f.code for f in analyze_source(other, "net.py").findings] == []


def test_an_elementwise_helper_that_is_no_activation_stays_unread() -> None:
    """A function named as what it is not (`dropout`, `normalise`, `scale`), or a linear one (`2 * z`), is not
    taken for the layer's activation."""
    for name, body in (("dropout_mask", "np.where(z > 0.5, z, 0.0)"), ("double", "2.0 * z + 1.0")):
        src = OWN_ACTIVATION.replace("def swish(z):\n    return z / (1.0 + np.exp(-z))",
                                     f"def {name}(z):\n    return {body}")
        src = src.replace("ACT(pre)", f"{name}(pre)").replace("SLOPE", "np.exp(-pre)")
        result = analyze_source(src, "net.py")
        assert [lay.activation for lay in result.layers] == ["linear", "linear"], name
        assert (_line(src, "dpre = dhid"), "F1") not in {(t.line, t.kind) for t in result.tags}


def test_a_data_matrix_times_a_row_of_the_trained_coefficients_makes_no_layer_of_the_data() -> None:
    """`feats.dot(coef[k])` with `coef[k] -= ...` later: the data matrix is no weight, so the cost function's
    `F.dot(c)` is no formula 2 missing a transpose (a false BP304 on one-vs-rest logistic regression)."""
    src = textwrap.dedent('''
        import numpy as np

        def sig(v):
            return 1.0 / (1.0 + np.exp(-v))

        feats = np.random.randn(50, 4)
        labels = (np.random.rand(50) > 0.5).astype(float)
        coef = np.random.randn(3, 4) * 0.001

        def cost(F, t, c):
            p = sig(F.dot(c))
            return -(t.dot(np.log(p)) + (1 - t).dot(np.log(1 - p))) / len(F)

        for k in range(3):
            for it in range(200):
                err = sig(feats.dot(coef[k])) - labels
                coef[k] -= 0.1 * feats.T.dot(err) / len(feats)
                c = cost(feats, labels, coef[k])
    ''')
    assert [(f.code, f.line) for f in analyze_source(src, "ovr.py").findings] == []


def test_formula_2_summed_element_by_element_over_a_picked_row_needs_no_transpose() -> None:
    """`d_out[k, :].dot(W2[j, :])` is `(d_out @ W2.T)[k, j]`: the transpose is in the indices."""
    src = textwrap.dedent('''
        import numpy as np

        X, T = np.random.rand(8, 5), np.random.rand(8, 3)
        W1, W2 = np.random.rand(5, 4), np.random.rand(4, 3)

        def sig(v):
            return 1 / (1 + np.exp(-v))

        for step in range(100):
            H = sig(X.dot(W1))
            Z = sig(H.dot(W2))
            d_out = (Z - T) * Z * (1 - Z)
            d_hid = np.zeros((8, 4))
            for k in range(8):
                for j in range(4):
                    d_hid[k, j] = H[k, j] * (1 - H[k, j]) * d_out[k, :].dot(W2[j, :])
            W2 -= 0.1 * H.T.dot(d_out)
            W1 -= 0.1 * X.T.dot(d_hid)
    ''')
    assert [(f.code, f.line) for f in analyze_source(src, "loops.py").findings] == []
    whole = src.replace("d_out[k, :].dot(W2[j, :])", "d_out.dot(W2)[k, j]")
    assert [f.code for f in analyze_source(whole, "loops.py").findings] == ["BP304"]


def test_reading_real_spellings_math_scales_torch_mul_and_loss_argument_names() -> None:
    """Three spellings of the fifteenth probe's recall files: an initialiser scaled by `math.sqrt` is still a
    parameter; `torch.mul(g, d)` is `g * d`; a loss derivative's `(true, pred)`, `(predicted, expected)` and
    `(Y, A)` arguments are the target and the network's output."""
    layer = textwrap.dedent('''
        import math
        import torch

        class Dense:
            def __init__(self, n_in, n_out):
                s = 1 / math.sqrt(n_in)
                self.K = torch.randn(n_out, n_in) * s

            def forward(self, x):
                self.x = x
                return x @ self.K.t()

            def backward(self, g):
                self.dK = g.t() @ self.x
                return g @ self.K

        class Tanh:
            def forward(self, v):
                self.v = v
                return torch.tanh(v)

            def backward(self, g):
                return torch.mul(g, 1 - torch.tanh(self.v) ** 2)
    ''')
    kinds = {(t.line, t.kind) for t in analyze_source(layer, "layers.py").tags}
    for text, kind in (("self.dK = g.t() @ self.x", "F3"), ("return g @ self.K", "F2"),
                       ("return torch.mul(g,", "F1")):
        assert (_line(layer, text), kind) in kinds, (text, kind)
    losses = textwrap.dedent('''
        import numpy as np

        def sq_loss_prime(true, pred):
            return 2 * (pred - true) / np.size(true)

        def rms(predicted, expected):
            d = predicted - expected
            return np.sqrt(np.mean(d ** 2)), d

        def cross_entropy_derivative(Y, A):
            return -(Y / A) + (1 - Y) / (1 - A)
    ''')
    kinds = {(t.line, t.kind) for t in analyze_source(losses, "losses.py").tags}
    for text in ("return 2 * (pred - true)", "d = predicted - expected", "return -(Y / A)"):
        assert (_line(losses, text), "error") in kinds, text


def test_a_cell_pair_tried_on_made_up_arrays_at_the_bottom_is_still_read_as_a_layer_pair() -> None:
    """A course notebook's cells: an LSTM-style gate cell forward/backward over a parameter dict, then a
    try-out that runs the sequence forward and backward on random arrays that never meet a loss. The
    try-out meets no formula, so its calls do not stand for the functions: the cell pair is driven as an
    entry and its backward statements are tagged (before, the try-out silenced the whole file)."""
    src = textwrap.dedent('''
        import numpy as np

        def sigmoid(x):
            return 1 / (1 + np.exp(-x))

        def gate_forward(xt, h_prev, params):
            Wg, bg, Wu, bu = params["Wg"], params["bg"], params["Wu"], params["bu"]
            stacked = np.concatenate((h_prev, xt), axis=0)
            g = sigmoid(Wg @ stacked + bg)
            u = np.tanh(Wu @ stacked + bu)
            h_next = g * u
            return h_next, (h_next, h_prev, xt, g, u, params)

        def gate_backward(dh_next, cache):
            h_next, h_prev, xt, g, u, params = cache
            dg = dh_next * u * g * (1 - g)
            du = dh_next * g * (1 - u ** 2)
            stacked = np.concatenate((h_prev, xt), axis=0)
            dWg = dg @ stacked.T
            dWu = du @ stacked.T
            dbg = np.sum(dg, axis=1, keepdims=True)
            dstacked = params["Wg"].T @ dg + params["Wu"].T @ du
            return {"dWg": dWg, "dWu": dWu, "dbg": dbg, "dh_prev": dstacked[:h_prev.shape[0]]}

        def sequence_forward(x, h0, params):
            h, caches = h0, []
            for t in range(x.shape[2]):
                h, cache = gate_forward(x[:, :, t], h, params)
                caches.append(cache)
            return h, caches

        def sequence_backward(dh, caches):
            grads = None
            for cache in reversed(caches):
                grads = gate_backward(dh, cache)
                dh = grads["dh_prev"]
            return grads

        x = np.random.randn(3, 4, 5)
        params = {"Wg": np.random.randn(2, 5), "bg": np.zeros((2, 1)),
                  "Wu": np.random.randn(2, 5), "bu": np.zeros((2, 1))}
        h, caches = sequence_forward(x, np.zeros((2, 4)), params)
        grads = sequence_backward(np.random.randn(*h.shape), caches)
        print(grads["dWg"].shape)
    ''')
    result = analyze_source(src, "cells.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("dg = dh_next * u", "F1"), ("du = dh_next * g", "F1"), ("dWg = dg @ stacked.T", "F3"),
                       ("dWu = du @ stacked.T", "F3"), ("dbg = np.sum(dg", "F3"), ("dstacked = params", "F2")):
        assert (_line(src, text), kind) in kinds, (text, kind)
    assert list(result.findings) == []
    summed = src.replace("dbg = np.sum(dg, axis=1, keepdims=True)", "dbg = np.sum(dg)")
    assert [(f.code, f.line) for f in analyze_source(summed, "cells.py").findings] == [
        ("BP401", _line(src, "dbg = np.sum(dg"))]


def test_a_data_matrix_times_a_row_of_coefficients_stepped_in_place_by_a_constant_index() -> None:
    """One-vs-rest with the class loop unrolled (`theta[0]`, `theta[1]`, ... after `theta[k] -= lr * dw` has
    made theta a changed array): still no layer of the data matrix, so no false BP304 on the cost function."""
    src = textwrap.dedent('''
        import numpy as np

        def sigma(z):
            return 1 / (1 + np.exp(-z))

        x = np.array([np.insert(r, 0, 1) for r in np.random.rand(40, 3)])
        labels = np.random.randint(1, 4, 40)
        theta = np.random.randn(3, 4) * 0.001
        m = len(x)

        def cost(X, y, th):
            h = 1 / (1 + np.exp(-X.dot(th)))
            return -(y.dot(np.log(h)) + (1 - y).dot(np.log(1 - h))) / m

        for k in range(3):
            y = (labels == k + 1).astype(float)
            for i in range(500):
                a = sigma(x.dot(theta[k]))
                dw = x.T.dot(a - y) / m
                theta[k] -= 0.01 * dw
                c = cost(x, y, theta[k])
    ''')
    assert [(f.code, f.line) for f in analyze_source(src, "ovr.py").findings] == []


def test_stages_over_a_layer_object_keeping_its_state_in_dicts() -> None:
    """A framework whose stages are module functions over a layer object (`layer.p` parameters, `layer.g`
    gradients, `layer.fc` / `layer.bc` forward and backward caches): gradients summed into `layer.g` under
    their keys over time steps are formula 3, never a step of a parameter (before: no tag at all; a first
    reading took `layer.g` for parameters and reported twelve false ascents)."""
    src = textwrap.dedent('''
        import numpy as np

        def cell_gradients(layer):
            for parameter in layer.p.keys():
                layer.g['d' + parameter] = np.zeros_like(layer.p[parameter])
            for s in reversed(range(layer.d['s'])):
                X = layer.fc['X'][:, s]
                hp = layer.fc['hp'][:, s]
                do_ = layer.bc['do_'][:, s]
                layer.g['dUo'] += np.dot(X.T, do_)
                layer.g['dVo'] += np.dot(hp.T, do_)
                layer.g['dbo'] += np.sum(do_, axis=0)

        def cell_update(layer):
            for gradient in layer.g.keys():
                parameter = gradient[1:]
                layer.p[parameter] -= layer.lrate * layer.g[gradient]
    ''')
    result = analyze_source(src, "parameters.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text, kind in (("layer.g['dUo'] +=", "F3"), ("layer.g['dVo'] +=", "F3"), ("layer.g['dbo'] +=", "F3"),
                       ("layer.p[parameter] -=", "update")):
        assert (_line(src, text), kind) in kinds, (text, kind)
    assert not any(k == "update" and line < _line(src, "def cell_update") for line, k in kinds)
    assert list(result.findings) == []
    climbing = src.replace("layer.p[parameter] -=", "layer.p[parameter] +=")
    assert [f.code for f in analyze_source(climbing, "parameters.py").findings] == ["BP201"]


def test_a_softmax_loss_over_predictions_and_target_indices_reads_its_error() -> None:
    """`softmax_with_cross_entropy(preds, target_index)`: what a loss takes for the network's output and then
    normalises was the logits, and `target_index` names the targets; `d[range(n), target_index] -= 1` is
    the output error (before: nothing in the file was read)."""
    src = textwrap.dedent('''
        import numpy as np

        def softmax_with_cross_entropy(preds, target_index):
            shifted = (preds.T - np.max(preds, axis=1)).T
            exp_pred = np.exp(shifted)
            probs = (exp_pred.T / np.sum(exp_pred, axis=1)).T
            n = preds.shape[0]
            loss = np.sum(-np.log(probs[range(n), target_index])) / n
            d_preds = probs
            d_preds[range(n), target_index] -= 1
            return loss, d_preds / n
    ''')
    result = analyze_source(src, "layers.py")
    assert (_line(src, "d_preds[range(n), target_index] -= 1"), "error") in {(t.line, t.kind) for t in result.tags}
    assert list(result.findings) == []


def test_a_sum_formed_in_a_scalar_started_at_zero_is_no_step_of_a_bias(tmp_path) -> None:
    """Per-neuron objects form their weighted sum in a local started at 0 (`total = 0`, then `total +=
    inputs[i] * self.weights[i]`, `total += self.bias`): a sum being formed, not a bias stepped. Read as
    steps, they made a false "never updated" (BP101, high) on the weights once a torch loop elsewhere in
    the driver had established that the file trains."""
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, run

    sources = {
        'unit2.py': 'import math\n\n\ndef logistic(v):\n    return 1 / (1 + math.exp(-v))\n\n\nclass Neuron:\n    def __init__(self, weights, bias):\n        self.weights = weights\n        self.pending = []\n        self.bias = bias\n        self.out = 0\n        self.delta = 0\n        self.size = len(weights)\n\n    def total(self, inputs):\n        total = 0\n        for i in range(self.size):\n            total += inputs[i] * self.weights[i]\n        total += self.bias\n        return total\n\n    def fire(self, inputs):\n        self.out = logistic(self.total(inputs))\n\n    def blame(self, wanted):\n        self.delta = (wanted - self.out) * self.out * (1 - self.out)\n\n    def plan(self, inputs, rate):\n        self.pending = []\n        for i in range(len(self.weights)):\n            self.pending.append(self.weights[i] + rate * self.delta * inputs[i])\n        self.next_bias = self.bias + rate * self.delta\n\n    def commit(self):\n        self.weights = self.pending\n        self.bias = self.next_bias\n',
        'layer2.py': 'import unit2 as unit\n\n\nclass Layer:\n    def __init__(self, count, weights, bias):\n        self.weights = weights\n        self.cells = []\n        self.outs = None\n        for i in range(count):\n            self.cells.append(unit.Neuron(weights[2 * i: 2 * i + 2], bias))\n\n    def forward(self, inputs):\n        outs = []\n        for cell in self.cells:\n            cell.fire(inputs)\n            outs.append(cell.out)\n        self.outs = outs\n\n    def output_step(self, inputs, rate, wanted):\n        for cell in self.cells:\n            cell.fire(inputs)\n            cell.blame(wanted)\n            cell.plan(inputs, rate)\n\n    def commit(self):\n        weights = []\n        for cell in self.cells:\n            cell.commit()\n            weights += cell.weights\n        self.weights = weights\n\n    def hidden_step(self, inputs, rate, head_delta, head_weights):\n        for i in range(len(self.cells)):\n            cell = self.cells[i]\n            cell.delta = (1 - cell.out) * cell.out * head_delta * head_weights[i]\n            cell.plan(inputs, rate)\n',
        'net.py': 'class Net:\n    def __init__(self, hidden, head):\n        self.hidden = hidden\n        self.head = head\n\n    def step(self, inputs, rate, wanted):\n        self.hidden.forward(inputs)\n        self.head.output_step(self.hidden.outs, rate, wanted)\n        self.hidden.hidden_step(inputs, rate, self.head.cells[0].delta, self.head.weights)\n        self.hidden.commit()\n        self.head.commit()\n\n    def train(self, data, rounds, rate):\n        for _ in range(rounds):\n            for inputs, wanted in data:\n                self.step(inputs, rate, wanted)\n',
        'drive5.py': 'import random\n\nimport torch\n\nimport layer2 as ly\nimport net\n\n\ndef build():\n    hidden = ly.Layer(2, [random.uniform(-1, 1) for _ in range(4)], 0)\n    head = ly.Layer(1, [random.uniform(-1, 1) for _ in range(2)], 0)\n    return net.Net(hidden, head)\n\n\ndata = [([0.0, 1.0], 1.0), ([1.0, 0.0], 0.0)]\nfor trial in range(5):\n    model = build()\n    model.train(data, 30, 1.0)\n\nlin = torch.nn.Linear(2, 1)\nx, t = torch.rand(4, 2), torch.rand(4, 1)\nfor step in range(15):\n    for p in lin.parameters():\n        p.grad = None\n    loss = 0.5 * ((t - lin(x)) ** 2).sum()\n    loss.backward()\n    for p in lin.parameters():\n        p.data -= 0.1 * p.grad\n',
    }
    for name, body in sources.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    results = run([FileTask(str(tmp_path / n), enabled_codes([])) for n in ("drive5.py", "unit2.py")])
    assert [(f.code, f.line) for r in results for f in r.findings] == []
    unit = next(r for r in results if r.path.endswith("unit2.py"))
    lines = sources["unit2.py"].splitlines()
    sums = {i + 1 for i, line in enumerate(lines) if "total +=" in line}
    assert sums and not any(t.kind == "update" and t.line in sums for t in unit.tags)
    steps = {i + 1 for i, line in enumerate(lines) if "self.next_bias = self.bias + rate" in line}
    assert any(t.kind == "update" and t.line in steps for t in unit.tags)


def test_activation_derivatives_in_method_chains_and_as_sech_squared() -> None:
    """`1. / x.mul(-1).exp().add(1)` is a sigmoid and `s * s.mul(-1).add(1)` its derivative; `1 / cosh(z)**2`
    is tanh's derivative at the pre-activation."""
    src = textwrap.dedent('''
        import torch

        class Sig:
            def forward(self, x):
                self.s = 1. / x.mul(-1).exp().add(1)
                return self.s

            def backward(self, g):
                return torch.mul(g, torch.mul(self.s, self.s.mul(-1).add(1)))

        class Th:
            def forward(self, x):
                self.x = x
                return torch.tanh(x)

            def backward(self, g):
                return torch.mul(g, 1. / (torch.cosh(self.x) ** 2))
    ''')
    result = analyze_source(src, "acts.py")
    kinds = {(t.line, t.kind) for t in result.tags}
    for text in ("return torch.mul(g, torch.mul(self.s", "return torch.mul(g, 1. / (torch.cosh"):
        assert (_line(src, text), "F1") in kinds, text
    assert list(result.findings) == []
    wrong = src.replace("1. / (torch.cosh(self.x) ** 2)", "torch.mul(torch.tanh(self.x), torch.tanh(self.x).mul(-1).add(1))")
    assert [f.code for f in analyze_source(wrong, "acts.py").findings] == ["BP301"]


def test_a_per_sample_outer_product_by_broadcasting_is_formula_3() -> None:
    """`np.reshape(a, (n, k, 1)) * d` and `d * x[:, None]`: the layer's input given an axis of length one
    times the delta is formula 3, one outer product per sample (before: read as the bias's gradient, and the
    weight's step reported as applying it, BP103 high)."""
    src = textwrap.dedent('''
        import numpy as np

        def leaky(v):
            return np.maximum(0.2 * v, v)

        X = np.random.rand(8, 1, 3)
        Y = np.random.rand(8, 1, 2)
        Wa = np.random.randn(3, 5); Ba = np.zeros((1, 5))
        Wb = np.random.randn(5, 2); Bb = np.zeros((1, 2))
        for it in range(50):
            H = leaky(X @ Wa + Ba)
            P = H @ Wb + Bb
            dBb = 2 * (P - Y)
            dWb = np.reshape(H, (8, 5, 1)) * dBb
            dH = np.reshape(np.sum(Wb * dBb, axis=2), (8, 1, 5))
            dBa = dH * np.where(H > 0, 1, 0.2)
            dWa = X[:, 0, :, None] * dBa
            Wa = Wa - 0.01 * np.sum(dWa, axis=0) / 8
            Ba = Ba - 0.01 * np.sum(dBa, axis=0) / 8
            Wb = Wb - 0.01 * np.sum(dWb, axis=0) / 8
            Bb = Bb - 0.01 * np.sum(dBb, axis=0) / 8
    ''')
    result = analyze_source(src, "net.py")
    assert [(f.code, f.line) for f in result.findings] == []
    tags = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "dWb = np.reshape(H, (8, 5, 1)) * dBb"), "F3") in tags


def test_formula_2_reshaped_by_a_sum_is_no_bias_gradient() -> None:
    """`np.array([np.sum(W1 @ d.T, axis=1)])` is formula 2's product reshaped into a row: summing it is not
    the lower layer's bias gradient, so the delta built from it and the weight gradient from that are what
    they are (before: F3 of the bias, and `W0 - lr * dW0` read as applying the bias's gradient, BP103 high)."""
    src = textwrap.dedent('''
        import numpy as np

        def squash(v):
            return 1 / (1 + np.exp(-v))

        def squash_slope(v):
            return squash(v) * (1 - squash(v))

        x = np.random.rand(1, 4); t = np.random.rand(1, 3)
        V = np.random.randn(4, 6); c = np.zeros(6)
        U = np.random.randn(6, 3); k = np.zeros(3)
        h = squash(x @ V + c)
        o = squash(h @ U + k)
        err = 2 * (o - t)
        d_out = squash_slope(h @ U + k) * err
        gU = h.T @ d_out
        back = np.array([np.sum(U @ d_out.T, axis=1)])
        d_hid = squash_slope(x @ V + c) * back
        gV = x.T @ d_hid
        V = V - 0.1 * gV
        c = c - 0.1 * d_hid
        U = U - 0.1 * gU
        k = k - 0.1 * d_out
    ''')
    result = analyze_source(src, "net.py")
    assert [(f.code, f.line) for f in result.findings] == []
    tags = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "gV = x.T @ d_hid"), "F3") in tags
    assert (_line(src, "back = np.array("), "F3") not in tags


def test_a_cross_entropy_gradient_by_the_output_with_an_epsilon_is_no_double_derivative() -> None:
    """`(p - t) / (p * (1 - p) + 1e-12)` is cross-entropy's derivative by the output, which the sigmoid's
    backward then multiplies by its derivative: right (before: the epsilon hid the division and BP307, high,
    said the derivative was applied twice)."""
    src = textwrap.dedent('''
        import numpy as np

        class Affine:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_in, n_out) * 0.1
                self.b = np.zeros(n_out)
            def forward(self, x):
                self.x = x
                return x @ self.W + self.b
            def backward(self, g):
                self.dW, self.db = np.outer(self.x, g), g
                return self.W @ g

        class Logistic:
            def forward(self, z):
                self.y = 1 / (1 + np.exp(-z))
                return self.y
            def backward(self, g):
                return g * self.y * (1 - self.y)

        class LogLoss:
            def forward(self, p, t):
                self.p, self.t = p, t
                return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
            def backward(self):
                return (self.p - self.t) / (self.p * (1 - self.p) + 1e-9)

        class Model:
            def __init__(self):
                self.fc, self.act, self.loss = Affine(3, 1), Logistic(), LogLoss()
            def step(self, x, t, lr):
                self.loss.forward(self.act.forward(self.fc.forward(x)), t)
                self.fc.backward(self.act.backward(self.loss.backward()))
                self.fc.W -= lr * self.fc.dW
                self.fc.b -= lr * self.fc.db
    ''')
    assert [(f.code, f.line) for f in analyze_source(src, "net.py").findings] == []


def test_a_parameter_rebound_after_a_convergence_check_is_no_overwritten_accumulator() -> None:
    """`w_new = w - lr * grad; if converged: break; w = w_new` with `w = np.zeros(...)` before the loop: the
    loop reads `w`, so `w = w_new` carries the parameter round; no gradient sum is being lost (before: BP402)."""
    src = textwrap.dedent('''
        import numpy as np

        def logistic(v):
            return 1.0 / (1.0 + np.exp(-v))

        def fit(X, y, lr=0.5, iters=200, tol=1e-7):
            w = np.zeros(X.shape[1])
            for _ in range(iters):
                p = logistic(X @ w)
                grad = X.T @ (p - y) / len(y)
                w_new = w - lr * grad
                if np.abs(w_new - w).max() < tol:
                    break
                w = w_new
            return w
    ''')
    assert [(f.code, f.line) for f in analyze_source(src, "fit.py").findings] == []


def test_a_loss_of_the_output_error_formed_from_a_target_is_no_masked_gradient() -> None:
    """`r = y - f; np.where(r >= 0, q * r, (q - 1) * r)`: a quantile (pinball) loss over an error formed from
    the target right there, in a booster with no network - no ReLU backward testing the gradient it was
    handed (before: BP302 medium)."""
    src = textwrap.dedent('''
        import numpy as np

        def pinball(target, fitted, q=0.9):
            r = target - fitted
            per_row = np.where(r >= 0, q * r, (q - 1) * r)
            slope = np.where(r >= 0, -q, 1 - q)
            return per_row.mean(), slope

        def boost(X, y, learners, rate=0.1):
            fitted = np.zeros(len(y))
            for learner in learners:
                value, slope = pinball(y, fitted)
                learner.fit(X, -slope)
                fitted += rate * learner.predict(X)
            return fitted
    ''')
    assert [(f.code, f.line) for f in analyze_source(src, "boost.py").findings] == []


def test_a_derivative_at_a_tensor_of_a_layer_the_model_did_not_keep_is_not_judged() -> None:
    """The activation picked through a function variable (`if kind is "relu": back = relu_backward`): the mask's
    tensor belongs to a layer the model could not keep, so which layer it is cannot be said (before: BP302
    medium, "a tensor of layer 0")."""
    src = textwrap.dedent('''
        import numpy as np

        def relu(Z):
            return np.maximum(0, Z)

        def relu_backward(dA, Z):
            dZ = np.array(dA, copy=True)
            dZ[Z <= 0] = 0
            return dZ

        def layer_forward(A_prev, W, b, kind="relu"):
            Z = np.dot(W, A_prev) + b
            if kind is "relu":
                fn = relu
            return fn(Z), Z

        def layer_backward(dA, W, Z, A_prev, kind="relu"):
            if kind is "relu":
                back = relu_backward
            dZ = back(dA, Z)
            dW = np.dot(dZ, A_prev.T) / A_prev.shape[1]
            db = np.sum(dZ, axis=1, keepdims=True) / A_prev.shape[1]
            return np.dot(W.T, dZ), dW, db

        def fit(X, Y, params, layout, lr=0.1):
            for it in range(20):
                memo = {}
                A = X
                for k, spec in enumerate(layout):
                    W, b = params["W" + str(k + 1)], params["b" + str(k + 1)]
                    memo["A" + str(k)] = A
                    A, memo["Z" + str(k + 1)] = layer_forward(A, W, b, spec["kind"])
                dA = A - Y
                for k, spec in reversed(list(enumerate(layout))):
                    W = params["W" + str(k + 1)]
                    dA, dW, db = layer_backward(dA, W, memo["Z" + str(k + 1)], memo["A" + str(k)], spec["kind"])
                    params["W" + str(k + 1)] -= lr * dW
                    params["b" + str(k + 1)] -= lr * db
            return params
    ''')
    assert [(f.code, f.line) for f in analyze_source(src, "deep.py").findings] == []
    # the same with a sigmoid's derivative computed from the pre-activation it is handed
    sig = src.replace("def layer_forward(", "def sigmoid(Z):\n    return 1 / (1 + np.exp(-Z))\n\n\n"
                      "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z)\n    return dA * s * (1 - s)\n\n\n"
                      "def layer_forward(")
    sig = sig.replace("    if kind is \"relu\":\n        back = relu_backward",
                      "    if kind is \"relu\":\n        back = relu_backward\n"
                      "    elif kind is \"sigmoid\":\n        back = sigmoid_backward")
    sig = sig.replace("    if kind is \"relu\":\n        fn = relu",
                      "    if kind is \"relu\":\n        fn = relu\n"
                      "    elif kind is \"sigmoid\":\n        fn = sigmoid")
    assert sig.count("sigmoid_backward") == 2 and sig.count("fn = sigmoid") == 1
    assert [(f.code, f.line) for f in analyze_source(sig, "deep.py").findings] == []


def test_gradients_summed_into_zero_started_buffers_are_no_steps() -> None:
    """`self.grad_w_sum = Tensor(self.w.size()).zero_()` then `self.grad_w_sum += dw`: a gradient summed over
    batches for an optimiser stepping (parameter, gradient) pairs, not a parameter stepped (before: update
    tags, BP103 and two BP201, all high)."""
    src = textwrap.dedent('''
        from torch import Tensor


        class Layer(object):
            def forward(self, *args):
                raise NotImplementedError

            def backward(self, *grads):
                raise NotImplementedError

            def param(self):
                return []


        class Linear(Layer):
            def __init__(self, n_in, n_out):
                self.x = None
                self.w = Tensor(n_out, n_in).normal_()
                self.b = Tensor(n_out, 1).normal_()
                self.grad_w_sum = Tensor(self.w.size()).zero_()
                self.grad_b_sum = Tensor(self.b.size()).zero_()

            def forward(self, x):
                self.x = x
                return (self.w.mm(x.t()) + self.b).t()

            def backward(self, g):
                dz = g.t()
                dw = dz.mm(self.x)
                self.grad_w_sum += dw
                self.grad_b_sum += dz.sum(1).unsqueeze(1)
                return self.w.t().mm(dz).t()

            def param(self):
                return [(self.w, self.grad_w_sum), (self.b, self.grad_b_sum)]

            def zero_grad(self):
                self.grad_w_sum.zero_()
                self.grad_b_sum.zero_()


        class PlainSGD(Layer):
            def __init__(self, pairs, lr):
                self.pairs = pairs
                self.lr = lr

            def step(self):
                for (p, g) in self.pairs:
                    p.sub_(self.lr * g)
    ''')
    result = analyze_source(src, "linear.py")
    assert [(f.code, f.line) for f in result.findings] == []
    sums = {_line(src, "self.grad_w_sum += dw"), _line(src, "self.grad_b_sum += dz.sum(1)")}
    assert not [t for t in result.tags if t.kind == "update" and t.line in sums]
    assert (_line(src, "dw = dz.mm(self.x)"), "F3") in {(t.line, t.kind) for t in result.tags}


def test_an_optimiser_stepping_pairs_it_was_handed_updates_each_parameter() -> None:
    """`for (p, grad_p) in self.pairs: p.sub_(self.lr * grad_p)` and `for wb, grad in layer: wb.add_(-self.lr *
    grad)` in an optimiser's step, over (parameter, gradient) pairs made elsewhere: each an update (before:
    nothing tagged); written with the sign turned, a step up the loss."""
    src = textwrap.dedent('''
        import torch


        class PairSGD:
            def __init__(self, pairs, lr):
                self.pairs = pairs
                self.lr = lr

            def step(self):
                for (p, grad_p) in self.pairs:
                    p.sub_(self.lr * grad_p)


        class NestedSGD:
            def __init__(self, params, lr):
                self.params = params
                self.lr = lr

            def step(self):
                for layer in self.params:
                    for wb, grad in layer:
                        if wb is not None and grad is not None:
                            with torch.no_grad():
                                wb.add_(-self.lr * grad)
    ''')
    result = analyze_source(src, "optim.py")
    tags = {(t.line, t.kind) for t in result.tags}
    assert (_line(src, "p.sub_(self.lr * grad_p)"), "update") in tags
    assert (_line(src, "wb.add_(-self.lr * grad)"), "update") in tags
    assert list(result.findings) == []
    climbing = src.replace("p.sub_(self.lr * grad_p)", "p.add_(self.lr * grad_p)")
    assert [f.code for f in analyze_source(climbing, "optim.py").findings] == ["BP201"]


def test_formula_2_through_a_dict_weight_of_a_backward_only_function_is_read_on_every_pass() -> None:
    """A backward-only step over `weights['W' + str(i)]` for i from L down (the course's gradient descent
    with L2 regularisation): `dz = np.matmul(weights['W' + str(i)].T, dz) * (1 - A ** 2)` is formula 2 and
    formula 1 (before: the layer its first pass presumed was taken for a forward product met by a
    gradient, and the line was not tagged)."""
    src = textwrap.dedent('''
        import numpy as np

        def l2_descent(Y, weights, cache, alpha, lambtha, L):
            m = Y.shape[1]
            dz = cache['A' + str(L)] - Y
            for i in range(L, 0, -1):
                A = cache['A' + str(i - 1)]
                dW = np.matmul(dz, A.T) / m + (lambtha / m) * weights['W' + str(i)]
                db = np.sum(dz, axis=1, keepdims=True) / m
                dz = np.matmul(weights['W' + str(i)].T, dz) * (1 - A ** 2)
                weights['W' + str(i)] = weights['W' + str(i)] - alpha * dW
                weights['b' + str(i)] = weights['b' + str(i)] - alpha * db
    ''')
    result = analyze_source(src, "l2.py")
    kinds = {t.kind for t in result.tags if t.line == _line(src, "dz = np.matmul(weights['W' + str(i)].T, dz)")}
    assert {"F2", "F1"} <= kinds
    assert list(result.findings) == []

