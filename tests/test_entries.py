"""Entry points: code nothing in the file calls is driven as a gradient check would drive it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from bpscan.analysis import analyze_source


def _tags(src: str) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for t in analyze_source(textwrap.dedent(src)).tags:
        out.setdefault(t.line, set()).add(t.kind)
    return out


NET = '''\
import numpy as np


class TinyNet:
    def __init__(self, n_in, n_hidden, n_out, std=1e-2):
        self.params = {"W1": std * np.random.randn(n_in, n_hidden), "b1": np.zeros(n_hidden),
                       "W2": std * np.random.randn(n_hidden, n_out), "b2": np.zeros(n_out)}

    def loss(self, X, y=None):
        W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
        hidden = np.maximum(0, X.dot(W1) + b1)
        scores = hidden.dot(W2) + b2
        if y is None:
            return scores
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        n = X.shape[0]
        dscores = probs.copy()
        dscores[np.arange(n), y] -= 1
        grads = {}
        grads["W2"] = hidden.T.dot(dscores)
        grads["b2"] = dscores.sum(axis=0)
        dhidden = dscores.dot(W2.T)
        dhidden[hidden <= 0] = 0
        grads["W1"] = X.T.dot(dhidden)
        grads["b1"] = dhidden.sum(axis=0)
        return -np.log(probs[np.arange(n), y]).mean(), grads

    def train(self, X, y, lr=0.1):
        for it in range(100):
            loss, grads = self.loss(X, y)
            for k in self.params:
                self.params[k] -= lr * grads[k]
'''


def test_network_class_called_from_elsewhere_is_tagged_without_false_alarms() -> None:
    r = analyze_source(NET)
    kinds = {t.line: t.kind for t in r.tags if t.kind in ("error", "F1", "F2", "F3", "update")}
    assert {19, 21, 22, 23, 24, 25, 26, 33} <= set(kinds), kinds
    # the gradients are applied by train() through the dict returned beside the loss
    assert r.findings == ()


def test_weights_argument_is_an_array_unless_indexed_by_name() -> None:
    tags = _tags('''
        import numpy as np
        def forward_linear(inputs, weights, bias):
            return np.dot(inputs, weights) + bias, (inputs, weights)
        def backward_linear(grad_out, cache):
            inputs, weights = cache
            grad_w = np.dot(inputs.T, grad_out)
            grad_in = np.dot(grad_out, weights.T)
            return grad_in, grad_w
    ''')
    assert tags.get(7) == {"F3"} and tags.get(8) == {"F2"}


def test_numeric_code_that_trains_nothing_stays_silent() -> None:
    r = analyze_source(textwrap.dedent('''
        import numpy as np
        def lanczos_step(A, v1, v0, beta):
            w = A.dot(v1) - beta * v0
            alpha = w.dot(v1)
            return w - alpha * v1, alpha
        def solve_step(A, b, x, lr):
            r = b - A.dot(x)
            return x + lr * r
    '''))
    assert r.findings == ()
    assert not [t for t in r.tags if t.kind in ("F1", "F2", "F3")]


#: a recurrent unit (one pre-activation, two weights): its F2 without a transpose is a medium finding
MERGED = '''\
import numpy as np

x, t = np.random.randn(5, 4), np.random.randn(5, 4)
h0 = np.zeros((5, 4))
Wx, Wh = np.random.randn(4, 4), np.random.randn(4, 4)
for step in range(50):
    h = np.tanh(x.dot(Wx) + h0.dot(Wh))
    err = h - t
    d = err * (1 - h ** 2)
    dx = d.dot(Wx)
    Wx -= 0.1 * x.T.dot(d)
    Wh -= 0.1 * h0.T.dot(d)
'''


def test_uncertain_findings_are_hidden_unless_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "opt.py"
    f.write_text(MERGED)
    base = [sys.executable, "-m", "bpscan", "--no-cache", "--format", "concise"]
    quiet = subprocess.run(base + [str(f)], capture_output=True, text=True)
    assert quiet.returncode == 0 and "BP304" not in quiet.stdout
    assert "1 uncertain finding not shown" in quiet.stderr
    shown = subprocess.run(base + ["--show-uncertain", str(f)], capture_output=True, text=True)
    assert shown.returncode == 1 and "BP304" in shown.stdout
    json_out = subprocess.run(base[:-2] + ["--format", "json", "--show-uncertain", str(f)],
                              capture_output=True, text=True)
    assert '"confidence": "medium"' in json_out.stdout


def test_a_file_over_its_budget_says_where_the_analysis_stopped(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bpscan.interp as interp

    monkeypatch.setattr(interp, "WORK_BUDGET", 2000)
    monkeypatch.setattr(interp, "WORK_PER_STATEMENT", 0)
    calls = "\n".join(f"    w, t = step(w, t, {i})" for i in range(3000))
    src = ("import numpy as np\n\ndef step(w, t, i):\n    for k in range(3):\n        w = w * 1.0\n"
           "    return w, t + 1\n\ndef main():\n    w, t = np.zeros(3), 0\n" + calls + "\n")
    r = analyze_source(src)
    assert any(n.startswith("analysis stopped at line ") and "work budget" in n for n in r.notes), r.notes


def _grinding_layer_script(n_calls: int) -> str:
    body = "\n".join(f"        h = relu(h * 1.0 + {i})" for i in range(40))
    calls = "\n".join(f"W = train_step(W, X, y, {i})" for i in range(n_calls))
    return ("import numpy as np\n\ndef relu(z):\n    return np.maximum(z, 0)\n\n"
            "def train_step(W, X, y, i):\n    for k in range(3):\n        h = X @ W\n" + body + "\n"
            "    out = X @ W\n    err = out - y\n    dW = X.T @ err\n    W -= 0.1 * dW\n    return W\n\n"
            "W = np.random.randn(3, 1)\nX = np.random.randn(8, 3)\ny = np.random.randn(8, 1)\n" + calls + "\n")


def test_where_the_analysis_stops_does_not_depend_on_the_clock(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # a file over its budget stops at the same statement on a fast machine and on a slow or loaded one:
    # the budget counts work, so the report of a pre-commit run does not change from one run to the next
    import itertools
    import time

    import bpscan.interp as interp

    monkeypatch.setattr(interp, "WORK_BUDGET", 20_000, raising=False)
    monkeypatch.setattr(interp, "WORK_PER_STATEMENT", 0, raising=False)
    src = _grinding_layer_script(200)
    monkeypatch.setattr(time, "process_time", lambda: 0.0)
    fast = analyze_source(src)
    ticks = itertools.count(0, 0.5)  # a reading per 1,024 statements, each 0.5 s later: a slow, loaded machine
    monkeypatch.setattr(time, "process_time", lambda: next(ticks))
    slow = analyze_source(src)
    assert fast.notes == slow.notes
    assert [(t.line, t.kind) for t in fast.tags] == [(t.line, t.kind) for t in slow.tags]
    stops = [n for n in fast.notes if n.startswith("analysis stopped at ")]
    assert stops and all("work budget" in n for n in stops), fast.notes

def test_computed_keys_make_one_family_per_prefix_not_one_blur() -> None:
    from bpscan.analysis import build_model

    src = textwrap.dedent('''
        import numpy as np
        def init(dims):
            params = {}
            for l in range(1, len(dims)):
                params['W' + str(l)] = np.random.randn(dims[l], dims[l - 1])
                params[f"b{l}"] = np.zeros((dims[l], 1))
            return params
        def update(params, grads, lr):
            for l in range(1, 3):
                params['W' + str(l)] = params['W' + str(l)] - lr * grads['dW' + str(l)]
                params['b%d' % l] = params['b%d' % l] - lr * grads['db%d' % l]
            return params
        params = init([4, 8, 1])
        for step in range(10):
            X = np.random.randn(8, 8)
            A = X[:4]
            for l in range(1, 3):
                A = np.tanh(np.dot(params['W' + str(l)], A) + params['b' + str(l)])
            grads = {'dW1': X[:, :4], 'dW2': X[:1], 'db1': X[:, :1], 'db2': X[:1, :1]}
            params = update(params, grads, 0.1)
    ''')
    model = build_model(src, "<string>")
    # (the gradients here are made-up data, so the model reads no backprop into the script: the family
    # naming is the interpreter's, asked of its events)
    names = {e.leaf.name for e in model.interp.events if e.kind == "update" and e.leaf is not None}
    assert names == {"params['W*']", "params['b*']"}, names


def test_a_note_about_a_line_of_an_imported_module_names_that_module(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # the analysis of train.py stops inside helper.py: the note must not cite helper.py's line as train.py's
    import bpscan.interp as interp
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, check_file

    monkeypatch.setattr(interp, "WORK_BUDGET", 2000)
    monkeypatch.setattr(interp, "WORK_PER_STATEMENT", 0)
    body = "\n".join(f"    w = w * 1.0 + {i}" for i in range(1500))
    (tmp_path / "helper.py").write_text("def grind(w):\n" + body + "\n    return w\n", encoding="utf-8")
    (tmp_path / "train.py").write_text("import numpy as np\nfrom helper import grind\n\nw = grind(np.zeros(3))\n",
                                       encoding="utf-8")
    r = check_file(FileTask(str(tmp_path / "train.py"), enabled_codes([])))
    stops = [n for n in r.notes if n.startswith("analysis stopped at ")]
    assert stops and all(n.startswith("analysis stopped at helper.py line ") for n in stops), r.notes


OPAQUE_INIT = '''\
import numpy as np
from weightlib.init import uniform, constant


class MLP:
    def __init__(self, dims):
        self.ws, self.bs = [], []
        for i in range(len(dims) - 1):
            self.ws.append(uniform((dims[i], dims[i + 1])))
            self.bs.append(constant(dims[i + 1]))

    def forward(self, x):
        self.hs, self.zs = [], []
        for w, b in zip(self.ws, self.bs):
            self.hs.append(x)
            z = x @ w + b
            self.zs.append(z)
            x = np.maximum(0, z)
        return x

    def backward(self, dout):
        dws = []
        for t in range(len(self.ws) - 1, -1, -1):
            dout = dout * (self.zs[t] > 0)
            dws.append(self.hs[t].T @ dout)
            dout = dout @ self.ws[t].T
        return dws
'''


def test_weights_made_by_an_initialiser_we_cannot_read_are_still_weights() -> None:
    # `weightlib` is nowhere to be read: what its functions return in a constructor, from sizes alone, is an
    # array the layer trains, as np.random.uniform's would be - not an unknown that hides the whole network
    tags = _tags(OPAQUE_INIT)
    assert "linear" in tags.get(16, set()), tags
    assert {"F1"} <= tags.get(24, set()) and {"F3"} <= tags.get(25, set()) and {"F2"} <= tags.get(26, set()), tags


PACKED_LIST = '''\
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def forward_pass(inputs, h, p):
    W_h, W_y, b_h, b_y = p
    x_s, h_s, y_s = [], [h], []
    for x in inputs:
        h = np.tanh(W_h @ np.vstack((h, x)) + b_h)
        y = sigmoid(W_y @ h + b_y)
        x_s.append(np.vstack((h_s[-1], x)))
        h_s.append(h)
        y_s.append(y)
    return x_s, h_s, y_s


def backward_pass(x, h, y, targets, p):
    W_h, W_y, b_h, b_y = p
    dW_h, dW_y = np.zeros_like(W_h), np.zeros_like(W_y)
    dh_next = np.zeros_like(h[0])
    for t in reversed(range(len(y))):
        dy = y[t] - targets[t]
        dW_y += dy @ h[t + 1].T
        dh = W_y.T @ dy + dh_next
        dz = dh * (1 - h[t + 1] ** 2)
        dW_h += dz @ x[t].T
        dh_next = (W_h.T @ dz)[: h[0].shape[0]]
    return dW_h, dW_y
'''


def test_parameters_unpacked_from_one_list_and_per_step_lists_handed_back_by_their_singular() -> None:
    # `W_h, W_y, b_h, b_y = p` names parameters; backward_pass(x, h, y, ...) takes forward's x_s, h_s, y_s
    tags = _tags(PACKED_LIST)
    assert "error" in tags.get(25, set()) and {"F2"} <= tags.get(27, set()), tags
    assert {"F1"} <= tags.get(28, set()) and {"F3"} <= tags.get(29, set()) and {"F2"} <= tags.get(30, set()), tags


def test_a_step_through_grad_is_no_torch_leaf_rebinding_without_torch() -> None:
    # micrograd's shape: `.grad` of a hand-written engine's values; BP502 speaks of torch's leaf tensors
    src = textwrap.dedent('''\
        class Trainer:
            def __init__(self, model, lr):
                self.model = model
                self.lr = lr

            def step(self):
                for layer in self.model.layers:
                    for neuron in layer.neurons:
                        neuron.w = neuron.w - self.lr * neuron.w.grad
        ''')
    r = analyze_source(src)
    assert 9 in {t.line for t in r.tags if t.kind == "update"}
    assert not [f for f in r.findings if f.code == "BP502"], r.findings
    r = analyze_source("import torch\n" + src)
    assert [f.line for f in r.findings if f.code == "BP502"] == [10], r.findings


def test_a_derivative_taken_again_by_another_modules_helper_is_named_as_written(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "acts.py").write_text(textwrap.dedent('''\
        import numpy as np


        def tanh(x, derivative=False):
            t = np.tanh(x)
            if derivative:
                return 1 - t ** 2
            return t
        '''), encoding="utf-8")
    (tmp_path / "net.py").write_text(textwrap.dedent('''\
        import numpy as np
        from acts import tanh

        rng = np.random.default_rng(0)
        x, y = rng.normal(size=(64, 3)), rng.normal(size=(64, 1))
        W1, W2 = rng.normal(size=(3, 8)) * 0.5, rng.normal(size=(8, 1)) * 0.5
        for step in range(200):
            h = tanh(x @ W1)
            out = h @ W2
            e = out - y
            dW2 = h.T @ e
            dh = e @ W2.T
            dz = tanh(h, derivative=True) * dh
            dW1 = x.T @ dz
            W1 -= 0.01 * dW1
            W2 -= 0.01 * dW2
        '''), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "bpscan", "--no-cache", "--show-uncertain", "--format", "concise",
                          str(tmp_path / "net.py")], capture_output=True, text=True)
    # the fault is that h, the layer's output, goes through tanh again: said in net.py's own names
    line = next((ln for ln in out.stdout.splitlines() if "BP302" in ln), "")
    assert ":13:" in line and "from h, the layer's output" in line and "(1 - h**2) * dh" in line, out.stdout
    assert "the pre-activation, x @ W1" in line
    assert "t**2" not in line and "tanh(x)" not in line  # (acts.py's own names mean nothing in net.py)


def test_a_sum_of_the_error_in_a_network_without_biases_is_no_unused_bias_gradient() -> None:
    # a stray `(out - t).sum()` (a leftover of printing the error) in a network whose layers add no bias: the
    # gradient of no parameter, so nothing is "computed but never used"; the backward pass is read as before
    src = textwrap.dedent('''\
        import numpy as np

        rng = np.random.default_rng(0)
        x, t = rng.normal(size=(32, 5)), rng.normal(size=(32, 2))
        w1, w2 = rng.normal(size=(5, 16)), rng.normal(size=(16, 2))
        for step in range(300):
            h = np.maximum(x.dot(w1), 0)
            out = h.dot(w2)
            (out - t).sum()
            g_out = 2.0 * (out - t)
            g_w2 = h.T.dot(g_out)
            g_h = g_out.dot(w2.T)
            g_h[h <= 0] = 0
            g_w1 = x.T.dot(g_h)
            w1 -= 1e-3 * g_w1
            w2 -= 1e-3 * g_w2
        ''')
    r = analyze_source(src)
    assert [f.code for f in r.findings] == [], r.findings
    tags = {(t.line, t.kind) for t in r.tags}
    assert {(10, "error"), (11, "F3"), (12, "F2"), (14, "F3"), (15, "update"), (16, "update")} <= tags, tags


def test_a_norm_penalty_added_to_a_weight_gradient_is_part_of_formula_3() -> None:
    # `dW += penalty * W / ||W||`: the derivative of a (non-squared) norm penalty, summed into the gradient
    src = textwrap.dedent('''\
        import numpy as np


        class Linear:
            def __init__(self, n_in, n_out, lr=0.01, penalty=0.1):
                self.W = np.random.randn(n_in, n_out) / np.sqrt(n_in + n_out)
                self.lr = lr
                self.penalty = penalty

            def forward(self, x):
                self.x = x
                return np.matmul(x, self.W)

            def backward(self, g):
                dx = np.matmul(g, self.W.T)
                dW = np.matmul(self.x.T, g)
                dW += self.penalty * self.W / np.linalg.norm(self.W, "fro")
                self.W = self.W - self.lr * dW
                return dx
        ''')
    r = analyze_source(src)
    tags = {(t.line, t.kind) for t in r.tags}
    assert {(15, "F2"), (16, "F3"), (17, "F3"), (18, "update")} <= tags, tags
    assert [f.code for f in r.findings] == [], r.findings


def test_a_package_init_that_imports_back_the_analysed_module_hides_nothing(tmp_path) -> None:
    # acts/__init__.py re-exports every activation, and each activation module imports its base class from the
    # package: as in Python, the cycle sees the names defined so far, and the file under analysis is no
    # "relative import not found"
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, check_file

    pkg = tmp_path / "acts"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from .base import Activation\nfrom .sigmoid import Sigmoid\n"
                                     "from .tanh import Tanh\n", encoding="utf-8")
    (pkg / "base.py").write_text("class Activation:\n    def __init__(self):\n        self.activations = None\n",
                                 encoding="utf-8")
    (pkg / "sigmoid.py").write_text(textwrap.dedent('''\
        import numpy as np

        from acts import Activation


        class Sigmoid(Activation):
            def forward(self, pre_activation):
                self.activations = 1 / (1 + np.exp(-pre_activation))
                return self.activations

            def backward(self, partial_loss_derivative):
                local_gradient = self.activations * (1 - self.activations)
                return local_gradient * partial_loss_derivative
        '''), encoding="utf-8")
    (pkg / "tanh.py").write_text(textwrap.dedent('''\
        import numpy as np

        from acts import Activation


        class Tanh(Activation):
            def forward(self, pre_activation):
                self.activations = np.tanh(pre_activation)
                return self.activations

            def backward(self, partial_loss_derivative):
                return (1 - self.activations ** 2) * partial_loss_derivative
        '''), encoding="utf-8")
    for name, line in (("sigmoid.py", 13), ("tanh.py", 12)):
        r = check_file(FileTask(str(pkg / name), enabled_codes([])))
        assert any(t.line == line and t.kind == "F1" for t in r.tags), (name, r.tags)
        assert not any("not found" in n or "cycle" in n for n in r.notes), r.notes


JOINED_LOSS_TWICE = '''\
import numpy as np


class SoftmaxCCE:
    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs * dvalues * (1 - dvalues)
        return self.dinputs / samples
'''


def test_a_joined_softmax_loss_alone_is_handed_probabilities() -> None:
    # nothing in the file calls it: `dvalues.copy()` lowered by one at the targets says dvalues are the softmax's
    # probabilities, so the next line's extra derivative is the double derivative, reported as uncertain (the
    # layer is presumed) rather than not at all
    tags = _tags(JOINED_LOSS_TWICE)
    assert "error" in tags.get(7, set()) and {"error", "F1"} <= tags.get(8, set()), tags
    found = analyze_source(JOINED_LOSS_TWICE, "loss.py").findings
    assert [(f.code, f.line, f.confidence) for f in found] == [("BP307", 9, "medium")]


OPAQUE_CONV_PENALTY = '''\
import numpy as np
from fastconv import conv_forward, conv_backward


class ConvNet:
    def __init__(self, reg=1e-3):
        self.reg = reg
        self.params = {"W1": np.random.randn(8, 3, 3, 3), "W2": np.random.randn(200, 10), "b2": np.zeros(10)}

    def loss(self, X, y):
        W1, W2, b2 = self.params["W1"], self.params["W2"], self.params["b2"]
        a1, cache1 = conv_forward(X, W1)
        h = a1.reshape(len(X), -1)
        scores = h @ W2 + b2
        probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
        dscores = probs.copy()
        dscores[np.arange(len(y)), y] -= 1
        dW2 = h.T @ dscores
        db2 = dscores.sum(axis=0)
        dh = dscores @ W2.T
        dx, dW1 = conv_backward(dh.reshape(a1.shape), cache1)
        dW1 += self.reg * W1
        dW2 += self.reg * W2
        return {"W1": dW1, "W2": dW2, "b2": db2}
'''


def test_a_penalty_added_to_a_gradient_from_an_unread_backward_is_formula_3() -> None:
    # `conv_backward` lives in a compiled module nobody can read: `dW1` is named as W1's gradient and gets W1's
    # penalty derivative, which is formula 3 as much as `dW2 += self.reg * W2` on a gradient computed here
    tags = _tags(OPAQUE_CONV_PENALTY)
    assert "F3" in tags.get(22, set()) and "F3" in tags.get(23, set()), tags


SOFTMAX_AND_NORM_LAYERS = '''\
import numpy as np


class Softmax:
    def forward(self, x):
        e = np.exp(x - np.max(x, axis=1, keepdims=True))
        self.out = e / e.sum(axis=1, keepdims=True)
        return self.out

    def backward(self, dout):
        s = np.sum(dout * self.out, axis=1, keepdims=True)
        return np.repeat(s, self.out.shape[1], axis=1)


class GroupMax:
    def forward(self, x):
        self.x = x
        return np.max(x, axis=2)

    def backward(self, dout):
        dx = np.zeros_like(self.x)
        mask = self.x == self.x.max(axis=2, keepdims=True)
        dx[...] = mask * dout[:, :, None]
        self.dgamma = dout.sum(axis=0)
        return dx
'''


def test_pooling_backward_is_read_only_where_a_maximum_is_pooled() -> None:
    # a softmax takes a maximum over an axis too (to shift its logits): its backward is no pooling layer's;
    # a pooling layer's routed gradient is formula 1, but a parameter's gradient in it stays formula 3's business
    tags = _tags(SOFTMAX_AND_NORM_LAYERS)
    assert "F1" not in tags.get(12, set()), tags
    assert "F1" in tags.get(23, set()), tags
    assert "F1" not in tags.get(24, set()), tags


SOFTMAX_THREE_LINES = '''\
import numpy as np


class Softmax:
    def forward(self, x):
        x = x - x.max(axis=1, keepdims=True)
        self.out = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
        return self.out

    def backward(self, dout):
        dx = self.out * dout
        sumdx = np.sum(dx, axis=1, keepdims=True)
        dx -= self.out * sumdx
        return dx
'''


def test_a_softmax_backward_over_three_lines_is_its_jacobian_product() -> None:
    # dx = s * g; t = sum(dx); dx -= s * t is s * (g - sum(g * s)), the one-line form already read
    assert "F1" in _tags(SOFTMAX_THREE_LINES).get(13, set())
