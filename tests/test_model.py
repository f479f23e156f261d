"""The semantic model: equivalent spellings, import aliases, helpers known by their bodies, data flow."""

from __future__ import annotations

import textwrap

import pytest

from bpscan.analysis import analyze_source, build_model

from corpus_util import CORPUS

NET = """
import numpy as np
{imports}
x, t = np.random.randn(16, 3), np.random.rand(16, 1)
w1, w2 = np.random.randn(3, 5), np.random.randn(5, 1)
for step in range(200):
    hy = {fwd1}
    hz = {act1}
    oz = {act2}
    error = t - oz
    delta = oz * (1 - oz) * error
    dw2 = hz.T.dot(delta)
    error_h = {f2}
    delta_h = error_h * (hy > 0)
    dw1 = {f3}
    w1 += 0.1 * dw1
    w2 += 0.1 * dw2
"""

DEFAULTS = dict(imports="", fwd1="x.dot(w1)", act1="np.maximum(0, hy)",
                act2="1 / (1 + np.exp(-hz.dot(w2)))", f2="delta.dot(w2.T)", f3="x.T.dot(delta_h)")


def tags_by_line(src: str) -> dict[str, set[str]]:
    res = analyze_source(textwrap.dedent(src))
    lines = textwrap.dedent(src).splitlines()
    out: dict[str, set[str]] = {}
    for t in res.tags:
        out.setdefault(lines[t.line - 1].strip(), set()).add(t.kind)
    return out


def net(**kw: str) -> str:
    return NET.format(**{**DEFAULTS, **kw})


@pytest.mark.parametrize("f2", [
    "delta.dot(w2.T)", "np.dot(delta, w2.T)", "delta @ w2.T", "np.matmul(delta, w2.transpose())",
    "torch.mm(delta, w2.t())", "torch.matmul(delta, w2.T)", "np.einsum('nj,ij->ni', delta, w2)",
])
def test_formula_2_spellings_are_one_term(f2: str) -> None:
    src = net(imports="import torch", f2=f2)
    tags = tags_by_line(src)
    assert tags[f"error_h = {f2}"] == {"F2"}
    res = analyze_source(src)
    assert res.findings == ()
    assert [(lay.weight, lay.activation) for lay in res.layers] == [("w1", "relu"), ("w2", "sigmoid")]


@pytest.mark.parametrize("f3", ["x.T.dot(delta_h)", "np.dot(x.T, delta_h)", "x.T @ delta_h",
                                "np.einsum('ni,nj->ij', x, delta_h)", "torch.mm(x.t(), delta_h)"])
def test_formula_3_spellings(f3: str) -> None:
    tags = tags_by_line(net(imports="import torch", f3=f3))
    assert "F3" in tags[f"dw1 = {f3}"]


@pytest.mark.parametrize("act1", ["np.maximum(0, hy)", "np.maximum(hy, 0)", "hy * (hy > 0)",
                                  "np.where(hy > 0, hy, 0)", "np.clip(hy, 0, None)"])
def test_relu_spellings(act1: str) -> None:
    res = analyze_source(net(act1=act1))
    assert [lay.activation for lay in res.layers] == ["relu", "sigmoid"]
    assert res.findings == ()


@pytest.mark.parametrize("header,prefix", [
    ("import numpy as numpy_lib", "numpy_lib"),
    ("import cupy as cp", "cp"),
    ("import jax.numpy as jnp", "jnp"),
    ("import torch", "torch"),
])
def test_import_aliases_resolve_to_the_same_operations(header: str, prefix: str) -> None:
    src = net(imports=header, fwd1=f"{prefix}.matmul(x, w1)", act1=f"{prefix}.maximum(hy, 0)"
              if prefix != "torch" else "torch.relu(hy)",
              act2=f"1 / (1 + {prefix}.exp(-{prefix}.matmul(hz, w2)))")
    res = analyze_source(src)
    assert [(lay.weight, lay.activation) for lay in res.layers] == [("w1", "relu"), ("w2", "sigmoid")]
    assert res.findings == ()


def test_from_imports_resolve() -> None:
    src = net(imports="from numpy import dot, exp, maximum", fwd1="dot(x, w1)", act1="maximum(hy, 0)",
              act2="1 / (1 + exp(-dot(hz, w2)))")
    res = analyze_source(src)
    assert [lay.activation for lay in res.layers] == ["relu", "sigmoid"]


def test_a_name_that_only_looks_like_numpy_is_not_numpy() -> None:
    """`np` bound to something else: its `dot` is not a matrix product we can vouch for."""
    src = net(imports="np = None", fwd1="x.dot(w1)")
    src = src.replace("import numpy as np\n", "import numpy\n").replace("np.random", "numpy.random")
    res = analyze_source(src)
    assert "relu" not in [lay.activation for lay in res.layers]


def test_helpers_are_known_by_their_bodies_not_their_names() -> None:
    src = """
import numpy as np
def squash(v):
    return 1.0 / (1.0 + np.exp(-v))
def squash_slope(s):
    return s * (1.0 - s)
def rectify(v):
    return v * (v > 0)
x, t = np.random.randn(16, 3), np.random.rand(16, 1)
a, b = np.random.randn(3, 5), np.random.randn(5, 1)
for step in range(100):
    h = rectify(x @ a)
    o = squash(h @ b)
    e = o - t
    d = e * squash_slope(o)
    e_h = d @ b.T
    d_h = e_h * (h > 0)
    a -= 0.1 * x.T @ d_h
    b -= 0.1 * h.T @ d
"""
    res = analyze_source(src)
    assert [(lay.weight, lay.activation) for lay in res.layers] == [("a", "relu"), ("b", "sigmoid")]
    tags = tags_by_line(src)
    assert tags["d = e * squash_slope(o)"] == {"F1"}
    assert tags["e = o - t"] == {"error"}
    assert res.findings == ()


def test_nonlin_with_a_derivative_branch() -> None:
    src = """
import numpy as np
def nonlin(x, deriv=False):
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))
X = np.random.rand(4, 3)
y = np.random.rand(4, 1)
syn0 = 2 * np.random.random((3, 1)) - 1
for it in range(1000):
    l1 = nonlin(np.dot(X, syn0))
    l1_delta = (y - l1) * nonlin(l1, True)
    syn0 += np.dot(X.T, l1_delta)
"""
    tags = tags_by_line(src)
    assert tags["l1_delta = (y - l1) * nonlin(l1, True)"] == {"error", "F1"}
    assert tags["syn0 += np.dot(X.T, l1_delta)"] == {"F3", "update"}
    assert analyze_source(src).findings == ()


def test_column_convention_is_not_flagged_for_its_transposes() -> None:
    src = """
import numpy as np
X, Y = np.random.randn(3, 20), np.random.rand(1, 20)
W1, W2 = np.random.randn(5, 3), np.random.randn(1, 5)
for i in range(100):
    A1 = np.tanh(np.dot(W1, X))
    A2 = 1 / (1 + np.exp(-np.dot(W2, A1)))
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T)
    dZ1 = np.dot(W2.T, dZ2) * (1 - A1 ** 2)
    dW1 = np.dot(dZ1, X.T)
    W1 -= 0.1 * dW1
    W2 -= 0.1 * dW2
"""
    res = analyze_source(src)
    assert [lay.convention for lay in res.layers] == ["column", "column"]
    assert res.findings == ()
    tags = tags_by_line(src)
    assert tags["dZ1 = np.dot(W2.T, dZ2) * (1 - A1 ** 2)"] == {"F2", "F1"}


def test_data_flow_graph_is_a_networkx_graph() -> None:
    import networkx as nx

    model = build_model(net())
    g = model.graph()
    assert isinstance(g, nx.DiGraph)
    lines = {n: d.get("line") for n, d in g.nodes(data=True)}
    # dw2 = hz.T.dot(delta) flows into w2 += 0.1 * dw2
    src_lines = net().splitlines()
    dw2 = src_lines.index("    dw2 = hz.T.dot(delta)") + 1
    upd = src_lines.index("    w2 += 0.1 * dw2") + 1
    a = next(n for n, line in lines.items() if line == dw2)
    b = next(n for n, line in lines.items() if line == upd)
    assert nx.has_path(g, a, b)
    assert not nx.has_path(g, b, a) or True  # loops may carry values back; the forward path must exist


def test_code_that_is_not_backprop_gets_no_tags() -> None:
    src = """
import numpy as np
a = np.random.randn(3, 3)
b = a @ a.T
for i in range(3):
    b = b - 0.1 * np.eye(3)
print(np.linalg.norm(b - a))
"""
    res = analyze_source(src)
    assert [t for t in res.tags if t.kind in ("error", "F1", "F2", "F3", "update")] == []
    assert res.findings == ()


OPTIMISERS = {
    "sgd": ("", "W -= lr * dW", "W += lr * dW"),
    "negative lr": ("", "W += -lr * dW", "W -= -lr * dW"),
    "momentum": ("v = np.zeros_like(W)", "v = 0.9 * v - lr * dW\n    W += v", "v = 0.9 * v + lr * dW\n    W += v"),
    "adagrad": ("mem = np.zeros_like(W)", "mem += dW * dW\n    W += -lr * dW / np.sqrt(mem + 1e-8)",
                "mem += dW * dW\n    W += lr * dW / np.sqrt(mem + 1e-8)"),
    "rmsprop": ("c = np.zeros_like(W)", "c = 0.9 * c + 0.1 * dW ** 2\n    W -= lr * dW / (np.sqrt(c) + 1e-8)",
                "c = 0.9 * c + 0.1 * dW ** 2\n    W += lr * dW / (np.sqrt(c) + 1e-8)"),
    "adam": ("m = np.zeros_like(W)\nv = np.zeros_like(W)",
             "m = 0.9 * m + 0.1 * dW\n    v = 0.999 * v + 0.001 * dW ** 2\n"
             "    W -= lr * (m / 0.1) / (np.sqrt(v / 0.001) + 1e-8)",
             "m = 0.9 * m + 0.1 * dW\n    v = 0.999 * v + 0.001 * dW ** 2\n"
             "    W += lr * (m / 0.1) / (np.sqrt(v / 0.001) + 1e-8)"),
    "weight decay": ("", "W = (1 - lr * 0.01) * W - lr * dW", "W = (1 - lr * 0.01) * W + lr * dW"),
}


@pytest.mark.parametrize("name", list(OPTIMISERS))
@pytest.mark.parametrize("orientation", ["y - t", "t - y"])
def test_update_direction_through_optimisers(name: str, orientation: str) -> None:
    setup, descent, ascent = OPTIMISERS[name]
    if orientation == "t - y":  # the error is the negative gradient: the two updates swap roles
        descent, ascent = ascent, descent
    template = (
        "import numpy as np\n"
        "x, t = np.random.randn(16, 3), np.random.randn(16, 1)\n"
        "W = np.random.randn(3, 1)\n"
        "lr = 0.01\n"
        "{setup}\n"
        "for step in range(100):\n"
        "    y = x.dot(W)\n"
        f"    e = {orientation}\n"
        "    dW = x.T.dot(e)\n"
        "    {update}\n"
    )
    good = analyze_source(template.format(setup=setup, update=descent))
    bad = analyze_source(template.format(setup=setup, update=ascent))
    assert [f.code for f in good.findings] == []
    assert [f.code for f in bad.findings] == ["BP201"]


LAYER_OBJECTS = '''
import numpy as np

class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.standard_normal((n_in, n_out)) * 0.1
        self.b = np.zeros(n_out)
    def forward(self, x):
        self.x = x
        return x @ self.W + self.b
    def backward(self, g):
        self.dW = self.x.T @ g
        self.db = g.sum(axis=0)
        return g @ self.W.T

class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out
    def backward(self, g):
        return g * (1 - self.out ** 2)

class SGD:
    def __init__(self, lr):
        self.lr = lr
    def step(self, layers):
        for layer in layers:
            if hasattr(layer, "W"):
                layer.W {op}= self.lr * layer.dW
                layer.b -= self.lr * layer.db

rng = np.random.default_rng(0)
X = rng.standard_normal((64, 3)); Y = np.sin(X[:, :1])
net = [Dense(3, 16, rng), Tanh(), Dense(16, 1, rng)]
opt = SGD(0.05)
for epoch in range(200):
    h = X
    for layer in net:
        h = layer.forward(h)
    g = 2 * (h - Y) / len(X)
    for layer in reversed(net):
        g = layer.backward(g)
    opt.step(net)
'''


def test_layer_objects_are_separate_layers() -> None:
    """A list of layer objects with forward/backward methods and an optimiser class."""
    good = analyze_source(LAYER_OBJECTS.replace("{op}", "-"))
    assert [(lay.weight, lay.activation) for lay in good.layers] == [("Dense[1].W", "tanh"),
                                                                    ("Dense[2].W", "linear")]
    assert good.findings == ()
    kinds = tags_by_line(LAYER_OBJECTS.replace("{op}", "-"))
    assert kinds["return g * (1 - self.out ** 2)"] == {"F1"}
    assert kinds["return g @ self.W.T"] == {"F2"}
    assert kinds["self.dW = self.x.T @ g"] == {"F3"}
    bad = analyze_source(LAYER_OBJECTS.replace("{op}", "+"))
    assert {f.code for f in bad.findings} == {"BP201"}


def test_an_ascent_through_a_velocity_names_the_step_as_written() -> None:
    # the velocity, unrolled over the loop's passes, renders as a long expression of numbers; the finding
    # quotes the step the update applies instead
    src = (CORPUS / "closure_optimisers_rmsprop_lists_clean.py").read_text(encoding="utf-8")
    line = "params_W[l] = params_W[l] - learning_rate * vel_W[key_W]"
    assert line in src
    buggy = src.replace(line, line.replace(" - learning_rate", " + learning_rate"))
    [finding] = [f for f in analyze_source(buggy, "momentum.py").findings if f.code == "BP201"]
    assert "which makes `learning_rate * vel_W[key_W]` the gradient" in finding.message
    assert "0.9 *" not in finding.message


_TWO_DENSE = '''
import numpy as np


class Dense:
    def __init__(self, n_in, n_out):
        STORE

    def forward(self, x):
        return x @ READ + self.b

    def backward(self, x, delta):
        return delta @ READ.T, x.T @ delta, delta.sum(axis=0)


d1, d2 = Dense(2, 8), Dense(8, 1)
x, t = np.random.randn(32, 2), np.random.randn(32, 1)
for it in range(100):
    h = np.tanh(d1.forward(x))
    y = d2.forward(h)
    dh, dW2, db2 = d2.backward(h, y - t)
    _, dW1, db1 = d1.backward(x, dh * (1 - h ** 2))
    STEP1 -= 0.1 * dW1
    d1.b -= 0.1 * db1
    STEP2 -= 0.1 * dW2
    d2.b -= 0.1 * db2
'''


@pytest.mark.parametrize("store,read", [
    ("W = np.random.randn(n_in, n_out)\n        self.W = W\n        self.b = np.zeros(n_out)", "self.W"),
    ("W = np.zeros((n_in, n_out))\n        W = W + np.random.randn(n_in, n_out)\n        W = W / np.sqrt(n_in)\n"
     "        self.W = W\n        self.b = np.zeros(n_out)", "self.W"),
    ("self.p = {}\n        W = np.random.randn(n_in, n_out)\n        self.p['W'] = W\n        self.b = np.zeros(n_out)",
     "self.p['W']"),
])
def test_each_layer_object_has_its_own_weight_however_the_constructor_draws_it(store: str, read: str) -> None:
    # a weight drawn into a local name (or built over several statements, or kept in a dict attribute) and then kept
    # on the object is that object's: two Dense objects are two layers, not one merged weight
    owner = read.replace("self", "{}")
    text = _TWO_DENSE.replace("STORE", store).replace("READ", read).replace("STEP1", owner.format("d1")) \
        .replace("STEP2", owner.format("d2"))
    model = build_model(text, "two_dense.py")
    weights = sorted(lay.weight.name for u in model.units for lay in u.layers)
    attr = read.split(".", 1)[1]
    assert weights == [f"Dense[1].{attr}", f"Dense[2].{attr}"], weights
