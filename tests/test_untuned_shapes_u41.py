"""Shapes of real code met in the U40e/U40f and U41 probes (2026-12-07), in our own words: a list of weights rebound by
a comprehension over the gradients, a weight gradient taken with the layer's own output, a step the caller's error
fixes the direction of, Python 3.12 f-strings, a container whose `__call__` calls its children's, a bias gradient
written as ones transposed times the delta, one class serving several layers, a step taken back when the cost rose,
a network whose loss and layers its user fills in later, a model handed to an optimiser, and a layer stepped with
its learning rate. Each test failed on the checkout before its fix, except the guards that say so."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from shape_util import (codes as _codes, kinds as _kinds, line_of as _line, project_kinds as _project_kinds,
                        result as _result)


# ------------------------------------------------------------------ a list of weights rebound by a comprehension

_LIST_NET = '''
    import numpy as np


    class Net:
        def __init__(self, x, t, sizes):
            self.x, self.t = x, t
            self.sizes = sizes
            self.ws = [np.random.randn(b, a) * 0.1 for a, b in zip(sizes[:-1], sizes[1:])]
            self.bs = [np.zeros((b, 1)) for b in sizes[1:]]
            self.rate = 0.5

        def fit(self, rounds):
            for r in range(rounds):
                zs, acts = [], [self.x]
                for k, width in enumerate(self.sizes[1:]):
                    z = np.dot(self.ws[k], acts[k]) + self.bs[k]
                    zs.append(z)
                    acts.append(np.tanh(z))
                gw, gb = self.grads(zs, acts)
                self.ws = [w - self.rate * g for w, g in zip(self.ws, gw)]
                self.bs = [b - self.rate * g for b, g in zip(self.bs, gb)]

        def grads(self, zs, acts):
            deltas, gw, gb = [], [], []
            n = self.x.shape[1]
            for k in range(len(zs)):
                if k == 0:
                    d = acts[-1] - self.t
                else:
                    d = np.dot(self.ws[-k].T, deltas[k - 1]) * (1 - np.tanh(zs[-(k + 1)]) ** 2)
                deltas.append(d)
                gw.append(np.dot(d, acts[-(k + 2)].T) / n)
                gb.append(np.sum(d, axis=1, keepdims=True) / n)
            return gw[::-1], gb[::-1]


    net = Net(np.random.randn(4, 16), np.random.rand(2, 16), (4, 8, 2))
    net.fit(50)
'''


def test_a_list_of_weights_rebound_by_a_comprehension_over_the_gradients() -> None:
    # `self.ws = [w - rate * g for w, g in zip(self.ws, gw)]` with `gw` a list of known length: each element is the
    # list's weight stepped, so the forward pass of the next round still multiplies the parameters (a layer is found)
    k = _kinds(_LIST_NET)
    assert "linear" in k.get(_line(_LIST_NET, "z = np.dot(self.ws[k], acts[k]) + self.bs[k]"), set())
    assert "update" in k.get(_line(_LIST_NET, "self.ws = [w - self.rate * g for w, g in zip(self.ws, gw)]"), set())
    assert "update" in k.get(_line(_LIST_NET, "self.bs = [b - self.rate * g for b, g in zip(self.bs, gb)]"), set())
    assert "F2" in k.get(_line(_LIST_NET, "d = np.dot(self.ws[-k].T, deltas[k - 1]) * (1 - np.tanh(zs[-(k + 1)]) ** 2)"),
                         set())


# ------------------------------------------------------------------ dW taken with the layer's own output

_OWN_OUTPUT = '''
    import numpy as np

    X, Y = np.random.randn(3, 32), np.random.rand(1, 32)
    W1, W2 = np.random.randn(5, 3), np.random.randn(1, 5)
    b1, b2 = np.zeros((5, 1)), np.zeros((1, 1))
    m = X.shape[1]
    for it in range(200):
        Z1 = np.dot(W1, X) + b1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = 1 / (1 + np.exp(-Z2))
        dZ2 = A2 - Y
        dW2 = np.dot(dZ2, A2.T) / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = np.dot(W2.T, dZ2) * (1 - A1 ** 2)
        dW1 = np.dot(dZ1, X.T) / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        W2 = W2 - 0.1 * dW2
        b2 = b2 - 0.1 * db2
        W1 = W1 - 0.1 * dW1
        b1 = b1 - 0.1 * db1
'''


def test_a_weight_gradient_taken_with_the_output_layer_s_own_output() -> None:
    # `dW2 = dZ2 . A2^T` in the column layout: with one output unit the shapes still fit and the net trains wrongly;
    # formula 3 needs the layer's input A1, and the finding writes the formula in the code's own layout
    r = _result(_OWN_OUTPUT)
    line = _line(_OWN_OUTPUT, "dW2 = np.dot(dZ2, A2.T) / m")
    hits = [f for f in r.findings if f.line == line and f.code == "BP305"]
    assert hits and "dW = delta . a^T" in hits[0].message and "A1" in hits[0].message
    assert not [f for f in r.findings if f.line != line]


def test_guard_the_right_input_gives_no_finding() -> None:
    # guard (passed before the change): with A1 the same script is silent
    assert not _result(_OWN_OUTPUT.replace("np.dot(dZ2, A2.T)", "np.dot(dZ2, A1.T)")).findings


# ------------------------------------------------------------------ a layer driven on its own, the caller's error

_CALLER_ERROR = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out, rate):
            self.w = np.random.randn(n_out, n_in) * 0.1
            self.rate = rate
            self.step_w = np.zeros_like(self.w)

        def run(self, a):
            self.a = a
            self.z = self.w @ a
            return np.tanh(self.z)

        def pass_back(self, err):
            d = (1 - np.tanh(self.z) ** 2) * err
            self.step_w += self.rate * np.outer(d, self.a)
            return self.w.T @ d

        def apply(self):
            self.w += self.step_w
            self.step_w = np.zeros_like(self.w)


    class Stack:
        def __init__(self):
            self.parts = []

        def out(self, a):
            for p in self.parts:
                a = p.run(a)
            return a

        def learn(self, xs, ts):
            for x, t in zip(xs, ts):
                err = t - np.clip(self.out(x), -1, 1)
                for p in reversed(self.parts):
                    err = p.pass_back(err)
                for p in self.parts:
                    p.apply()
'''


def test_guard_a_step_whose_direction_the_caller_s_error_fixes_is_no_ascent() -> None:
    # guard (passed before the change, which a real layer library needed where the layer's bias step rests on a
    # derivative the file takes from a table its constructor is handed): the layers are added by the file's user, so
    # `Dense.pass_back` is read on its own, handed an upstream argument; the caller in this file hands it target minus
    # output, so adding the accumulated step descends
    assert not [f for f in _result(_CALLER_ERROR).findings if f.code == "BP201"]


# ------------------------------------------------------------------ Python 3.12 f-strings

_NEW_FSTRINGS = '''
    import numpy as np

    names = {"w": "weights"}
    print(f"saving {names["w"]} to {f"{'model'}.npz"}")
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w = np.random.randn(3, 1)
    for step in range(100):
        y = x @ w
        e = y - t
        w -= 0.01 * x.T @ e
'''


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 parses these f-strings itself")
def test_a_file_with_python_3_12_f_strings_is_read_on_an_older_python() -> None:
    # an f-string whose fields reuse its quotes is a syntax error before Python 3.12: read with every f-string's
    # text blanked (lines and columns kept), the rest of the file is analysed and a note says so
    r = _result(_NEW_FSTRINGS)
    where = _line(_NEW_FSTRINGS, """print(f"saving {names["w"]} to {f"{'model'}.npz"}")""")
    assert any("f-strings blanked" in n and f"line {where};" in n for n in r.notes)
    k = _kinds(_NEW_FSTRINGS)
    assert "error" in k.get(_line(_NEW_FSTRINGS, "e = y - t"), set())
    assert "update" in k.get(_line(_NEW_FSTRINGS, "w -= 0.01 * x.T @ e"), set())


def test_guard_blanking_keeps_every_line_and_column() -> None:
    # guard of the helper (new): blanked text has the length and the line breaks of the original, and parses
    import ast

    from bpscan.fstrings import blank_fstrings

    for text in ['s = f"{d["k"]:>{width}} {{x}}"  # f"\n', 'a = rb"\\"" + f"""\n{x!r}\n"""\n',
                 "t = f'{a}' if b else F'{c[\"d\"]}'\n"]:
        blanked = blank_fstrings(text)
        assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
        ast.parse(blanked)


# ------------------------------------------------------------------ a container whose __call__ calls its children's

_CONTAINER = '''
    import numpy as np


    class Part:
        def forward(self, x):
            pass

        def __call__(self, x):
            return self.forward(x)


    class Affine(Part):
        def __init__(self, n_in, n_out):
            self.w = np.random.randn(n_in, n_out) * 0.1
            self.gw = np.zeros_like(self.w)

        def forward(self, x):
            self.x = x
            return x @ self.w

        def backward(self, g):
            self.gw += self.x.T @ g
            return g @ self.w.T


    class Chain(Part):
        def __init__(self, *parts):
            self.parts = parts

        def forward(self, x):
            for p in self.parts:
                x = p(x)
            return x

        def backward(self, g):
            for p in self.parts[::-1]:
                g = p.backward(g)
            return g


    net = Chain(Affine(4, 8), Affine(8, 2))
    x, t = np.random.randn(16, 4), np.random.randn(16, 2)
    for step in range(100):
        out = net(x)
        g = out - t
        net.backward(g)
        for p in net.parts:
            p.w -= 0.01 * p.gw
            p.gw[:] = 0
'''


def test_a_container_whose_call_runs_its_children_s_call() -> None:
    # `net(x)` runs `Part.__call__` for the Chain, whose forward runs `Part.__call__` again for each child: another
    # object, so no recursion; the network's output is the second Affine's and the whole step is read
    k = _kinds(_CONTAINER)
    assert "error" in k.get(_line(_CONTAINER, "g = out - t"), set())
    assert "F2" in k.get(_line(_CONTAINER, "return g @ self.w.T"), set())
    assert "update" in k.get(_line(_CONTAINER, "p.w -= 0.01 * p.gw"), set())


# ------------------------------------------------------------------ ones transposed times the delta

_ONES_T = '''
    import numpy as np

    X, T = np.random.randn(20, 3), np.random.rand(20, 1)
    W, b = np.random.randn(3, 1), np.zeros((1, 1))
    for it in range(100):
        out = 1 / (1 + np.exp(-(X @ W + b)))
        delta = (T - out) * out * (1 - out)
        gW = X.T @ delta
        gb = np.ones((X.shape[0], 1)).T @ delta
        W += 0.1 * gW
        b += 0.1 * gb
'''


def test_a_bias_gradient_written_as_ones_transposed_times_the_delta() -> None:
    # `np.ones((n, 1)).T @ delta` sums the delta over the batch: the bias's gradient, applied to the bias
    r = _result(_ONES_T)
    assert not r.findings
    assert "F3" in _kinds(_ONES_T).get(_line(_ONES_T, "gb = np.ones((X.shape[0], 1)).T @ delta"), set())


def test_a_weight_that_starts_as_ones_is_no_sum() -> None:
    # a weight initialised with np.ones is the weight in formula 2 (not a ones matrix summing the delta)
    src = '''
        import numpy as np

        X, T = np.random.randn(20, 3), np.random.rand(20, 2)
        W1, W2 = np.ones((4, 3)), np.ones((2, 4))
        for it in range(100):
            h = np.tanh(X @ W1.T)
            out = h @ W2.T
            e = out - T
            eh = (e @ W2) * (1 - h ** 2)
            W2 -= 0.01 * e.T @ h
            W1 -= 0.01 * eh.T @ X
    '''
    k = _kinds(src)
    assert "F2" in k.get(_line(src, "eh = (e @ W2) * (1 - h ** 2)"), set())
    assert not _result(src).findings


# ------------------------------------------------------------------ one class serving several layers

def test_guard_one_class_serving_several_layers_is_no_wrong_weight_or_input() -> None:
    # guard (passed before the change, which real code needed where instances were merged): several instances of one
    # layer class in a list, stepped through in reverse: where the model cannot keep them apart the weight used and the
    # one wanted have the same words (`self.W`), and nothing is reported
    src = '''
        import numpy as np


        class Lin:
            def __init__(self, a, b):
                self.W = np.random.randn(a, b) * 0.1
                self.gW = np.zeros((a, b))

            def forward(self, x):
                self.x = x
                return x @ self.W

            def backward(self, g):
                self.gW = self.gW + np.transpose(np.dot(np.transpose(g), self.x))
                return np.dot(g, self.W.T)


        class Relu:
            def forward(self, x):
                self.m = x > 0
                return x * self.m

            def backward(self, g):
                return g * self.m


        class Two:
            def __init__(self):
                self.layers = [Lin(4, 6), Relu(), Lin(6, 6), Relu(), Lin(6, 2)]

            def forward(self, x):
                for layer in self.layers:
                    self.x = layer.forward(x)
                    x = self.x
                return x

            def backward(self, g):
                for layer in self.layers[::-1]:
                    g = layer.backward(g)
                return g


        net = Two()
        x, t = np.random.randn(8, 4), np.random.randn(8, 2)
        for i in range(10):
            g = net.forward(x) - t
            net.backward(g)
            for layer in net.layers:
                if hasattr(layer, "W"):
                    layer.W -= 0.01 * layer.gW
    '''
    assert not {"BP303", "BP305"} & {c for cs in _codes(src).values() for c in cs}


# ------------------------------------------------------------------ a step taken back when the cost rose

_BACKTRACK = '''
    import numpy as np

    X, Y = np.random.randn(30, 4), np.random.rand(30, 1)
    W = [np.random.randn(4, 5) * 0.1, np.random.randn(5, 1) * 0.1]


    def predict(X, W):
        H = np.tanh(X @ W[0])
        return H, 1 / (1 + np.exp(-(H @ W[1])))


    def cost(Y, P):
        return np.mean((P - Y) ** 2)


    rate, J_old = 0.5, np.inf
    for i in range(200):
        H, P = predict(X, W)
        D2 = (P - Y) * P * (1 - P)
        D1 = (D2 @ W[1].T) * (1 - H ** 2)
        grads = [X.T @ D1, H.T @ D2]
        W = [w - rate * g for w, g in zip(W, grads)]
        J_new = cost(Y, predict(X, W)[1])
        if J_new > J_old:
            rate = rate * 0.5
            W = [w + rate * g for w, g in zip(W, grads)]
        J_old = J_new
'''


def test_a_step_taken_back_when_the_cost_rose_is_no_ascent() -> None:
    # `if J_new > J_old: W = [w + rate * g ...]` after the step down: backtracking undoes part of a step that made the
    # cost rise, which climbs on purpose
    assert not [f for f in _result(_BACKTRACK).findings if f.code == "BP201"]


def test_guard_the_same_climb_outside_a_cost_test_is_reported() -> None:
    # guard: the same statement under a test that compares no costs is an ascent
    src = _BACKTRACK.replace("if J_new > J_old:", "if i > 100:")
    assert [f for f in _result(src).findings if f.code == "BP201"]


# ------------------------------------------------------------------ a network its user fills in later

_FILLED_LATER = '''
    class Network:
        def __init__(self, optimizer):
            self.optimizer = optimizer
            self.layers = []
            self.data_layer = None
            self.loss_layer = None

        def forward(self):
            x, self.label_tensor = self.data_layer.next()
            for layer in self.layers:
                x = layer.forward(x)
            return self.loss_layer.forward(x, self.label_tensor)

        def backward(self):
            error_tensor = self.loss_layer.backward(self.label_tensor)
            for layer in reversed(self.layers):
                error_tensor = layer.backward(error_tensor)

        def append_layer(self, layer):
            self.layers.append(layer)

        def train(self, iterations):
            for _ in range(iterations):
                self.forward()
                self.backward()
'''


def test_a_network_whose_loss_and_layers_its_user_fills_in_later() -> None:
    # `self.loss_layer = None` in the constructor, then `self.loss_layer.backward(...)`: None has no methods, so the
    # slot holds an object the user sets (a loss the file does not show): its backward starts the backward pass
    k = _kinds(_FILLED_LATER)
    assert "error" in k.get(_line(_FILLED_LATER, "error_tensor = self.loss_layer.backward(self.label_tensor)"), set())
    assert "F2" in k.get(_line(_FILLED_LATER, "error_tensor = layer.backward(error_tensor)"), set())


# ------------------------------------------------------------------ a model handed to an optimiser

_HANDED_MODEL = '''
    import numpy as np


    class BatchDescent:
        def __init__(self, lr=0.01, size=16):
            self.lr = lr
            self.size = size

        def run(self, model, xs, ys):
            self.model = model
            for start in range(0, len(xs), self.size):
                for i in range(start, min(start + self.size, len(xs))):
                    out = xs[i]
                    for layer in self.model.layers:
                        out = layer.forward(out)
                    grad = self.model.loss.backward(ys[i], out)
                    for layer in reversed(self.model.layers):
                        grad = layer.backward(grad)
                for layer in self.model.layers:
                    if hasattr(layer, "weights"):
                        layer.update(self.lr)
'''


def test_an_optimiser_handed_the_model_drives_its_loss_and_layers() -> None:
    # `self.model.loss` of a model handed in is an object the file does not show, as the model is: its backward,
    # handed the targets, starts the backward pass; `layer.update(self.lr)` is each layer's own step
    k = _kinds(_HANDED_MODEL)
    assert "error" in k.get(_line(_HANDED_MODEL, "grad = self.model.loss.backward(ys[i], out)"), set())
    assert "F2" in k.get(_line(_HANDED_MODEL, "grad = layer.backward(grad)"), set())
    assert "update" in k.get(_line(_HANDED_MODEL, "layer.update(self.lr)"), set())


def test_guard_a_layer_method_handed_no_rate_is_no_step() -> None:
    # guard: the same call handed something that is no learning rate (`layer.update(self.size)`) is not a step
    src = _HANDED_MODEL.replace("layer.update(self.lr)", "layer.update(self.size)")
    assert "update" not in _kinds(src).get(_line(src, "layer.update(self.size)"), set())


def test_the_optimiser_module_read_in_its_project(tmp_path: Path) -> None:
    # the same optimiser in a package of its own, its model built in another file: still read where it is
    files = {"opt/__init__.py": "from .descent import BatchDescent\n", "opt/descent.py": _HANDED_MODEL}
    k = _project_kinds(tmp_path, files, "opt/descent.py")
    assert "error" in k.get(_line(_HANDED_MODEL, "grad = self.model.loss.backward(ys[i], out)"), set())


# ------------------------------------------------------------------ a loop that names what it appends

_NAMED_APPENDS = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.w = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros(n_out)

        def forward(self, x):
            self.x = x
            return x @ self.w + self.b

        def backward(self, d, lr):
            g = self.x.T @ d
            out = d @ self.w.T
            self.w = self.w - lr * g
            self.b = self.b - lr * d.sum(axis=0)
            return out


    class Relu:
        def forward(self, x):
            self.x = x
            return np.maximum(0, x)

        def backward(self, d, lr):
            return d * (self.x > 0)


    class Softmax:
        def forward(self, x):
            e = np.exp(x - x.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)

        def backward(self, d, lr):
            return d


    class Net:
        def __init__(self, *sizes):
            self.parts = self.make(sizes)

        def make(self, sizes):
            parts = []
            for i, n_in in enumerate(sizes[:-1]):
                n_out = sizes[i + 1]
                parts.append(Dense(n_in, n_out))
                parts.append(Relu())
            parts[-1] = Softmax()
            return parts

        def fit(self, x, y, lr):
            for epoch in range(20):
                out = x
                for p in self.parts:
                    out = p.forward(out)
                d = (out - y) / len(x)
                for p in reversed(self.parts):
                    d = p.backward(d, lr)


    x, y = np.random.randn(32, 6), np.eye(3)[np.random.randint(0, 3, 32)]
    Net(6, 10, 10, 3).fit(x, y, 0.1)
'''


def test_a_loop_that_names_the_sizes_it_appends_a_layer_with_builds_distinct_layers() -> None:
    # `n_out = sizes[i + 1]` before `parts.append(Dense(n_in, n_out))`: the pass names what it appends, and the loop
    # still builds one Dense per pass (three layers, not one standing for all), so the softmax output is the last one's
    k = _kinds(_NAMED_APPENDS)
    assert {"error", "F1"} <= k.get(_line(_NAMED_APPENDS, "d = (out - y) / len(x)"), set())
    assert "F2" in k.get(_line(_NAMED_APPENDS, "out = d @ self.w.T"), set())
    assert "update" in k.get(_line(_NAMED_APPENDS, "self.w = self.w - lr * g"), set())


# ------------------------------------------------------------------ a project with its package under src/

_SRC_LAYOUT = {
    "src/tinynet/__init__.py": "from .layers import Linear\n",
    "src/tinynet/layers.py": '''
        import numpy as np


        class Linear:
            def __init__(self, n_in, n_out):
                self.w = np.random.randn(n_in, n_out) * 0.1

            def __call__(self, x):
                self.x = x
                return x @ self.w

            def backward(self, g):
                self.gw = self.x.T @ g
                return g @ self.w.T
    ''',
    "examples/fit.py": '''
        import numpy as np
        import tinynet

        layer = tinynet.Linear(3, 1)
        x, t = np.random.randn(20, 3), np.random.randn(20, 1)
        for step in range(100):
            y = layer(x)
            e = y - t
            layer.backward(e)
            layer.w -= 0.01 * layer.gw
    ''',
}


def test_a_script_beside_a_src_layout_imports_the_package_by_its_name(tmp_path: Path) -> None:
    # `import tinynet` from examples/ of a project whose package lives in src/tinynet (installed with `pip install
    # -e .`, which puts src/ on the path): the package is read, so the script's step is traced
    k = _project_kinds(tmp_path, _SRC_LAYOUT, "examples/fit.py")
    assert "error" in k.get(_line(_SRC_LAYOUT["examples/fit.py"], "e = y - t"), set())
    assert "update" in k.get(_line(_SRC_LAYOUT["examples/fit.py"], "layer.w -= 0.01 * layer.gw"), set())


# ------------------------------------------------------------------ layers made by a comprehension over sizes

_MADE_BY_COMPREHENSION = '''
    import numpy as np


    def softmax(z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)


    def softmax_xent_grad(probs, onehot):
        return (probs - onehot) / probs.shape[0]


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros((1, n_out))

        def forward(self, x):
            self.x = x
            return x @ self.W + self.b

        def backward(self, g):
            self.dW = self.x.T @ g
            self.db = g.sum(axis=0, keepdims=True)
            return g @ self.W.T


    class Classifier:
        def __init__(self, sizes):
            self.layers = [Dense(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
            self.pre = []
            self.probs = None

        def forward(self, x):
            self.pre = []
            for layer in self.layers[:-1]:
                z = layer.forward(x)
                self.pre.append(z)
                x = np.maximum(0, z)
            self.probs = softmax(self.layers[-1].forward(x))
            return self.probs

        def backward(self, labels_one_hot):
            g = softmax_xent_grad(self.probs, labels_one_hot)
            g = self.layers[-1].backward(g)
            for i in range(len(self.layers) - 2, -1, -1):
                g = g * (self.pre[i] > 0)
                g = self.layers[i].backward(g)
'''


def test_layers_made_by_a_comprehension_over_sizes_the_file_does_not_fix() -> None:
    # one Dense stands for every layer of `[Dense(...) for i in range(len(sizes) - 1)]`: its weight is a family, so
    # the output layer (softmax) and the hidden ones (ReLU) are members of their own; and `labels_one_hot`, handed to
    # the backward pass, is the targets (not an upstream gradient), so the softmax's error is the output error
    k = _kinds(_MADE_BY_COMPREHENSION)
    assert {"error", "F1"} <= k.get(_line(_MADE_BY_COMPREHENSION, "g = softmax_xent_grad(self.probs, labels_one_hot)"),
                                    set())
    assert "F2" in k.get(_line(_MADE_BY_COMPREHENSION, "g = self.layers[-1].backward(g)"), set())
    assert "F1" in k.get(_line(_MADE_BY_COMPREHENSION, "g = g * (self.pre[i] > 0)"), set())


def test_targets_named_with_their_encoding_are_targets() -> None:
    # the words a target takes with its encoding (`y_onehot`, `one_hot_labels`), and not every name holding "oh"
    from bpscan.rules.vocabulary import TARGET_NAME

    assert all(TARGET_NAME.match(n) for n in ("labels_one_hot", "y_onehot", "one_hot_labels", "targets_oh", "Y_oh"))
    assert not any(TARGET_NAME.match(n) for n in ("ohm", "hot", "one_hot_encoder", "output"))


# ------------------------------------------------------------------ an optimiser handed the model at construction

_OPT_HANDED_MODEL = '''
    class Momentum:
        def __init__(self, model, lr=0.1, mu=0.9):
            self.model = model
            self.lr = lr
            self.mu = mu
            self.trainable = [m for m in model.layers if hasattr(m, "W")]
            self.vel = [0.0 for m in self.trainable]

        def step(self):
            for i, m in enumerate(self.trainable):
                self.vel[i] = self.mu * self.vel[i] + m.dLdW
                m.W -= self.lr * self.vel[i]
                m.b -= self.lr * m.dLdb


    class PlainStep:
        def step(self, model):
            for m in model.layers:
                m.update_weights(self.lr)
'''


def test_an_optimiser_handed_the_model_steps_the_layers_of_model_layers() -> None:
    # `[m for m in model.layers if hasattr(m, "W")]` of a model handed to the constructor: each element one of the
    # model's layers, an object the file does not show, whose `W` and `b` the step changes; and a layer's own step
    # method handed the learning rate, for each of the model's layers, is that layer's update
    k = _kinds(_OPT_HANDED_MODEL)
    assert "update" in k.get(_line(_OPT_HANDED_MODEL, "m.W -= self.lr * self.vel[i]"), set())
    assert "update" in k.get(_line(_OPT_HANDED_MODEL, "m.b -= self.lr * m.dLdb"), set())
    assert "update" in k.get(_line(_OPT_HANDED_MODEL, "m.update_weights(self.lr)"), set())


# ------------------------------------------------------------------ parameters kept by reference in a dict

_BY_REFERENCE = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.w = np.random.randn(n_in, n_out) * 0.1
            self.gw = np.zeros_like(self.w)
            self.slots = {"w": {"value": self.w, "grad": self.gw}}

        def __call__(self, x):
            self.x = x
            return x @ self.w

        def backward(self, g):
            self.gw += self.x.T @ g
            return g @ self.w.T

        def clear(self):
            self.gw -= self.gw


    class SquaredError:
        def __call__(self, y, t):
            return ((y - t) ** 2).mean(), 2 * (y - t) / y.size


    class Descent:
        def __init__(self, layers, lr):
            self.layers, self.lr = layers, lr

        def step(self):
            for m in self.layers:
                for key in m.slots:
                    m.slots[key]["value"] -= self.lr * m.slots[key]["grad"]


    a, b = Dense(4, 8), Dense(8, 1)
    opt, loss_fn = Descent([a, b], 0.05), SquaredError()
    x, t = np.random.randn(32, 4), np.random.randn(32, 1)
    for step in range(100):
        a.clear()
        b.clear()
        h = np.tanh(a(x))
        loss, dy = loss_fn(b(h), t)
        a.backward(b.backward(dy) * (1 - h ** 2))
        opt.step()
'''


def test_gradients_summed_in_place_into_arrays_a_dict_holds_by_reference() -> None:
    # `self.gw += ...` sums into the very array `self.slots["w"]["grad"]` holds (numpy's `+=` works in place), so the
    # optimiser reading the dict steps the weight with its gradient; the loss returning (loss, gradient) is the error
    k = _kinds(_BY_REFERENCE)
    assert "update" in k.get(_line(_BY_REFERENCE, 'm.slots[key]["value"] -= self.lr * m.slots[key]["grad"]'), set())
    assert "error" in k.get(_line(_BY_REFERENCE, "loss, dy = loss_fn(b(h), t)"), set())
    assert not _result(_BY_REFERENCE).findings
