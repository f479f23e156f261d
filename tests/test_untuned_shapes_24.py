"""Shapes of real code met in the twenty-fourth untuned probe, in our own words: a toy target written as an
identity matrix, gradient buffers named `*_diff`, a printed metric squaring a
summed error. Each test failed on the checkout before its fix."""

from __future__ import annotations

import textwrap

from bpscan.analysis import analyze_source


def _kinds(src: str) -> dict[int, set[str]]:
    r = analyze_source(textwrap.dedent(src), "t.py")
    out: dict[int, set[str]] = {}
    for t in r.tags:
        out.setdefault(t.line, set()).add(t.kind)
    return out


def test_a_toy_target_written_as_an_identity_matrix_is_the_target() -> None:
    # four samples, four classes, one per sample: `T = np.eye(4)` are the labels, not a softmax's Jacobian
    src = '''
        import numpy as np
        S = np.array([[0.1, 0.9], [0.8, 0.3], [0.5, 0.5], [0.2, 0.1]])
        T = np.eye(4)
        V = np.random.randn(2, 4) * 0.1
        for k in range(300):
            q = np.exp(S @ V)
            q = q / q.sum(axis=1, keepdims=True)
            g = (q - T) / len(S)
            gV = S.T @ g
            V -= 0.5 * gV
    '''
    kinds = _kinds(src)
    assert {"error", "F1"} <= kinds.get(9, set()), kinds
    assert "F3" in kinds.get(10, set()) and "update" in kinds.get(11, set()), kinds


def test_the_identity_inside_a_softmax_jacobian_stays_no_target() -> None:
    src = '''
        import numpy as np
        def softmax_grad(s, g):
            eye = np.eye(len(s))
            jac = s[:, None] * (eye - s[None, :])
            return jac @ g
    '''
    r = analyze_source(textwrap.dedent(src), "t.py")
    assert not any(t.kind == "error" for t in r.tags), r.tags


def test_a_buffer_named_after_its_weight_with_diff_sums_a_gradient_it_steps_nothing() -> None:
    # the Caffe-like naming of an LSTM node: `param.wi_diff += np.outer(delta, xc)` beside `param.wi`
    src = '''
        import numpy as np
        class Params:
            def __init__(self, n, m):
                self.wi = np.random.randn(n, m) * 0.1
                self.wi_diff = np.zeros((n, m))
            def apply_diff(self, lr):
                self.wi -= lr * self.wi_diff
                self.wi_diff = np.zeros_like(self.wi)
        class Node:
            def __init__(self, param):
                self.param = param
            def bottom_data_is(self, xc):
                self.xc = xc
                self.i = np.tanh(np.dot(self.param.wi, xc))
            def top_diff_is(self, top_diff):
                di = (1 - self.i ** 2) * top_diff
                self.param.wi_diff += np.outer(di, self.xc)
                return np.dot(self.param.wi.T, di)
    '''
    r = analyze_source(textwrap.dedent(src), "t.py")
    assert not any(t.kind == "update" and t.line == 18 for t in r.tags), r.tags


def test_a_neuron_in_plain_python_lists_is_read_weight_by_weight() -> None:
    # the weights a list of random numbers with the bias in the last slot, the input summed weight by weight
    # in a number (`s = w[-1]` then `s += w[k] * x[k]` steps nothing), the delta rule per weight
    src = '''
        import math
        import random
        gen = random.Random(4)
        w = [gen.uniform(-0.3, 0.3) for _ in range(4)]
        data = [([gen.random() for _ in range(3)], gen.random()) for _ in range(40)]
        for epoch in range(80):
            for x, t in data:
                s = w[-1]
                for k in range(3):
                    s += w[k] * x[k]
                o = 1.0 / (1.0 + math.exp(-s))
                d = (t - o) * o * (1.0 - o)
                for k in range(3):
                    w[k] += 0.2 * d * x[k]
                w[-1] += 0.2 * d
    '''
    r = analyze_source(textwrap.dedent(src), "t.py")
    kinds = {(t.line, t.kind) for t in r.tags if t.kind not in ("linear", "activation", "loss")}
    assert {(13, "error"), (13, "F1"), (15, "F3"), (15, "update"), (16, "update")} <= kinds, kinds
    assert not any(t.kind == "update" and t.line == 10 for t in r.tags), r.tags
    assert [lay.activation for lay in r.layers] == ["sigmoid"], r.layers
    assert not r.findings, r.findings


def test_labels_appended_as_constants_by_a_test_on_the_data_are_the_targets() -> None:
    # `labels = list()` filled with 1 or 0 from the raw text: `y = labels[i]` is a target, as before `list()`
    # was read as an empty list
    src = '''
        import numpy as np
        raw = ["good", "bad", "good", "bad"] * 10
        feats = np.random.randn(40, 3)
        labels = list()
        for word in raw:
            if word == "good":
                labels.append(1)
            else:
                labels.append(0)
        W = np.random.randn(3, 1) * 0.1
        for i in range(40):
            x = feats[i:i + 1]
            p = 1 / (1 + np.exp(-(x @ W)))
            y = labels[i]
            g = p - y
            W -= 0.1 * x.T @ g
    '''
    kinds = _kinds(src)
    assert "error" in kinds.get(16, set()) and {"F3", "update"} <= kinds.get(17, set()), kinds


def test_a_derivative_finding_names_the_error_as_the_statement_does() -> None:
    # `g = g_out` then `dz = z * (1 - z) * g`: the formula in the message is written with g, the statement's
    # own name, as the fix is (the model knows the array by its first name, g_out)
    src = '''
        import numpy as np
        A = np.random.uniform(0, 1, (4, 3))
        C = np.random.uniform(0, 1, (1, 4))
        X = np.random.randn(3, 16)
        Y = np.random.randn(1, 16)
        for it in range(100):
            z = A @ X
            h = 1 / (1 + np.exp(-z))
            y = C @ h
            dy = y - Y
            g_out = C.T @ dy
            g = g_out
            dz = z * (1 - z) * g
            A -= 0.01 * dz @ X.T
            C -= 0.01 * dy @ h.T
    '''
    r = analyze_source(textwrap.dedent(src), "t.py")
    found = [f for f in r.findings if f.code == "BP302"]
    assert len(found) == 1 and found[0].line == 14, r.findings
    assert "dz = h * (1 - h) * g;" in found[0].message and "g_out" not in found[0].message, found[0].message
    assert found[0].expected == "dz = h * (1 - h) * g"


def test_a_weight_read_from_caches_of_several_kinds_is_not_taken_for_an_input() -> None:
    # one list holds the affine caches (x, w) and the ReLU caches (x): `x, w = cache` of an entry popped from
    # it holds either layer's weight, so `dout @ w.T` is formula 2 with the delta's own layer's weight, never
    # formula 3, and the ReLU's derivative below it is formula 1
    src = '''
        import numpy as np

        def affine_forward(x, w, b):
            return x @ w + b, (x, w)

        def affine_backward(dout, cache):
            x, w = cache
            dx = np.dot(dout, w.T)
            dw = np.dot(x.T, dout)
            db = dout.sum(axis=0)
            return dx, dw, db

        def relu_forward(x):
            return np.maximum(0, x), x

        def relu_backward(dout, x):
            return dout * (x > 0)

        class Net:
            def __init__(self):
                self.params = {'W1': np.random.randn(4, 8) * 0.1, 'b1': np.zeros(8),
                               'W2': np.random.randn(8, 1) * 0.1, 'b2': np.zeros(1)}

            def loss(self, X, y):
                caches = list()
                out, c = affine_forward(X, self.params['W1'], self.params['b1'])
                caches.append(c)
                out, c = relu_forward(out)
                caches.append(c)
                out, c = affine_forward(out, self.params['W2'], self.params['b2'])
                caches.append(c)
                dout = (out - y) / len(y)
                grads = {}
                dout, grads['W2'], grads['b2'] = affine_backward(dout, caches.pop())
                dout = relu_backward(dout, caches.pop())
                dout, grads['W1'], grads['b1'] = affine_backward(dout, caches.pop())
                return grads

        net = Net()
        X, y = np.random.randn(16, 4), np.random.randn(16, 1)
        for step in range(100):
            grads = net.loss(X, y)
            for k in net.params:
                net.params[k] -= 0.1 * grads[k]
    '''
    r = analyze_source(textwrap.dedent(src), "t.py")
    kinds = {(t.line, t.kind) for t in r.tags}
    assert (9, "F3") not in kinds, sorted(kinds)
    assert {(9, "F2"), (10, "F3"), (18, "F1")} <= kinds, sorted(kinds)
