"""Shapes of real code met in the U35 probes (2026-12-06), in our own words: an activation layer choosing its
function by a string, a softmax loss over scores already through a ReLU, graph nodes that push each input node
its gradient, a layer whose parameter table `build` fills, a running gradient divided by the batch, a package
submodule importing its siblings with `from . import`, and the derivative of an activation looked up by name.
Each test failed on the checkout before its fix, except the guards that say so."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bpscan.analysis import analyze_source
from shape_util import kinds as _kinds, line_of as _line, result as _result

# ------------------------------------------------------------------ an activation layer chosen by a string

_CHOSEN = '''
    import numpy as np


    class Activation:
        def __init__(self, kind="relu", alpha=0.01):
            self.kind = kind
            self.alpha = alpha

        def forward(self, x):
            self.x = x
            if self.kind == "relu":
                self.out = np.maximum(0, x)
            elif self.kind == "elu":
                self.out = np.where(x > 0, x, self.alpha * (np.exp(x) - 1))
            elif self.kind == "gelu":
                self._cdf = 0.5 * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
                self.out = x * self._cdf
            elif self.kind == "silu" or self.kind == "swish":
                self._s = 1 / (1 + np.exp(-x))
                self.out = x * self._s
            elif self.kind == "sigmoid":
                self.out = 1 / (1 + np.exp(-x))
            elif self.kind == "linear":
                self.out = x
            else:
                raise ValueError(self.kind)
            return self.out

        def backward(self, grad):
            x = self.x
            if self.kind == "relu":
                return grad * (x > 0)
            elif self.kind == "elu":
                return grad * np.where(x > 0, 1, self.out + self.alpha)
            elif self.kind == "gelu":
                t = np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)
                return grad * (self._cdf + 0.5 * x * (1 - np.tanh(t) ** 2) * np.sqrt(2 / np.pi) * (1 + 0.134145 * x ** 2))
            elif self.kind == "silu" or self.kind == "swish":
                return grad * (self._s + x * self._s * (1 - self._s))
            elif self.kind == "sigmoid":
                return grad * self.out * (1 - self.out)
            elif self.kind == "linear":
                return grad
'''


def test_each_branch_of_an_activation_chosen_by_a_string_is_formula_1() -> None:
    # the choice's every branch is one of the layer's activations (the identity and the `raise` included): the
    # gradient handed to backward sits at the layer's output whichever was chosen, so each branch's product
    # with a derivative is formula 1 - also for activations known only by the string that names them
    k = _kinds(_CHOSEN)
    for text in ("return grad * (x > 0)",
                 "return grad * np.where(x > 0, 1, self.out + self.alpha)",
                 "return grad * (self._cdf + 0.5 * x * (1 - np.tanh(t) ** 2) * np.sqrt(2 / np.pi) * "
                 "(1 + 0.134145 * x ** 2))",
                 "return grad * (self._s + x * self._s * (1 - self._s))",
                 "return grad * self.out * (1 - self.out)"):
        assert "F1" in k.get(_line(_CHOSEN, text), set()), text
    # (no derivative is judged against another branch's activation)
    assert not _result(_CHOSEN).findings


def test_a_choice_named_by_a_string_in_a_normalisation_is_no_activation() -> None:
    # guard: `if mode == 'train':` computes `xmu ** 2`, elementwise in the input, beside a mean that is not; the
    # branch is no activation named 'train', and the normalisation's backward keeps its formula-2 tags
    src = '''
        import numpy as np


        def batchnorm_forward(x, gamma, beta, mode):
            if mode == "train":
                mu = np.mean(x, axis=0)
                xmu = x - mu
                sq = xmu ** 2
                var = np.mean(sq, axis=0)
                ivar = 1 / np.sqrt(var + 1e-5)
                xhat = xmu * ivar
                out = gamma * xhat + beta
                cache = (xhat, xmu, ivar, gamma)
            else:
                raise ValueError(mode)
            return out, cache


        def batchnorm_backward(dout, cache):
            xhat, xmu, ivar, gamma = cache
            n = dout.shape[0]
            dbeta = np.sum(dout, axis=0)
            dgamma = np.sum(dout * xhat, axis=0)
            dxhat = dout * gamma
            dx = (1 / n) * ivar * (n * dxhat - np.sum(dxhat, axis=0) - xhat * np.sum(dxhat * xhat, axis=0))
            return dx, dgamma, dbeta
    '''
    k = _kinds(src)
    assert k.get(_line(src, "dx = (1 / n) * ivar * (n * dxhat - np.sum(dxhat, axis=0) - xhat * "
                            "np.sum(dxhat * xhat, axis=0))"))
    assert "F3" in k.get(_line(src, "dgamma = np.sum(dout * xhat, axis=0)"), set())
    assert not _result(src).findings


# ------------------------------------------------------------------ a softmax loss over activated scores

_RELU_SCORES = '''
    import numpy as np


    def softmax_loss(x, y):
        shifted = x - np.max(x, axis=1, keepdims=True)
        probs = np.exp(shifted)
        probs /= np.sum(probs, axis=1, keepdims=True)
        n = x.shape[0]
        loss = -np.sum(np.log(probs[np.arange(n), y])) / n
        dx = probs.copy()
        dx[np.arange(n), y] -= 1
        dx /= n
        return loss, dx


    X = np.random.randn(64, 10)
    y = np.random.randint(0, 3, 64)
    W1 = np.random.randn(10, 16) * 0.1
    W2 = np.random.randn(16, 3) * 0.1
    lr = 0.1
    for it in range(100):
        h = np.maximum(0, X @ W1)
        s = np.maximum(0, h @ W2)
        loss, ds = softmax_loss(s, y)
        dz2 = ds * (s > 0)
        dW2 = h.T @ dz2
        dh = dz2 @ W2.T
        dz1 = dh * (h > 0)
        dW1 = X.T @ dz1
        W1 -= lr * dW1
        W2 -= lr * dW2
'''


def test_a_softmax_loss_over_scores_through_a_relu_is_the_error_at_that_relu_s_output() -> None:
    # cs231n's TwoLayerNet written with `affine_relu_forward` for its last layer too: the softmax-with-cross-
    # entropy error is the gradient at the ReLU's output, and the ReLU's mask after it is formula 1
    k = _kinds(_RELU_SCORES)
    assert "error" in k.get(_line(_RELU_SCORES, "loss, ds = softmax_loss(s, y)"), set())
    assert "F1" in k.get(_line(_RELU_SCORES, "dz2 = ds * (s > 0)"), set())
    assert "F3" in k.get(_line(_RELU_SCORES, "dW2 = h.T @ dz2"), set())
    assert "F2" in k.get(_line(_RELU_SCORES, "dh = dz2 @ W2.T"), set())
    assert "update" in k.get(_line(_RELU_SCORES, "W1 -= lr * dW1"), set())
    assert not _result(_RELU_SCORES).findings


def test_an_ascending_step_after_a_softmax_over_relu_scores_is_reported() -> None:
    # the same network stepping W2 up its gradient: the error's sign is known through the softmax-over-ReLU
    src = _RELU_SCORES.replace("W2 -= lr * dW2", "W2 += lr * dW2")
    assert [f.code for f in _result(src).findings] == ["BP201"]


# ------------------------------------------------------------------ graph nodes that push gradients

_PUSHED = '''
    import numpy as np


    class Node:
        def __init__(self, name):
            self.name = name
            self.parents = []
            self.output = None
            self.delta = None


    class Dense(Node):
        def __init__(self, l_in, units):
            super().__init__("dense")
            self.parents.append(l_in)
            self.params = {"w": np.random.randn(8, units) * 0.1, "b": np.zeros((1, units))}
            self.grads = {"w": np.zeros_like(self.params["w"]), "b": np.zeros_like(self.params["b"])}

        def forward(self):
            self.output = np.dot(self.parents[0].output, self.params["w"]) + self.params["b"]

        def backward(self):
            self.parents[0].delta = np.dot(self.delta, self.params["w"].T)
            m = self.output.shape[0]
            g_w = np.dot(self.parents[0].output.T, self.delta)
            g_b = np.sum(self.delta, axis=0, keepdims=True)
            self.grads["w"] += g_w / m
            self.grads["b"] += g_b / m


    class Tanh(Node):
        def __init__(self, l_in):
            super().__init__("tanh")
            self.parents.append(l_in)

        def forward(self):
            self.output = np.tanh(self.parents[0].output)

        def backward(self):
            self.parents[0].delta = self.delta * (1 - self.output ** 2)
'''


def test_graph_nodes_that_push_each_input_node_its_gradient_are_layers() -> None:
    # neither pass takes an argument: the input is the parent node's `output`, and the gradient at this node's
    # output is what the node it feeds pushed into its `delta`, as it pushes its parent's
    k = _kinds(_PUSHED)
    assert "F2" in k.get(_line(_PUSHED, 'self.parents[0].delta = np.dot(self.delta, self.params["w"].T)'), set())
    assert "F3" in k.get(_line(_PUSHED, "g_w = np.dot(self.parents[0].output.T, self.delta)"), set())
    assert "F3" in k.get(_line(_PUSHED, "g_b = np.sum(self.delta, axis=0, keepdims=True)"), set())
    # the running gradient in the layer's table, divided by the batch as it is summed in
    assert "F3" in k.get(_line(_PUSHED, 'self.grads["w"] += g_w / m'), set())
    assert "F1" in k.get(_line(_PUSHED, "self.parents[0].delta = self.delta * (1 - self.output ** 2)"), set())
    assert not _result(_PUSHED).findings


# ------------------------------------------------------------------ a parameter table filled by build

_BUILT = '''
    import numpy as np


    class Dense:
        def __init__(self, units):
            self.units = units
            self.params = {}
            self.grads = {}

        def init_params(self, input_dim):
            self.params["W"] = np.random.randn(input_dim, self.units) * 0.1
            self.params["b"] = np.zeros(self.units)
            self.grads["W"] = np.zeros_like(self.params["W"])
            self.grads["b"] = np.zeros_like(self.params["b"])

        def forward(self, inputs):
            self.inputs = inputs
            self.output = np.tanh(np.dot(inputs, self.params["W"]) + self.params["b"])
            return self.output

        def backward(self, grad):
            grad = grad * (1 - self.output ** 2)
            self.grads["W"] = np.dot(self.inputs.T, grad)
            self.grads["b"] = np.sum(grad, axis=0)
            return np.dot(grad, self.params["W"].T)
'''


def test_a_layer_whose_parameter_table_a_set_up_method_fills_is_a_layer() -> None:
    # `self.params = {}` in the constructor, filled entry by entry in `init_params(self, input_dim)`, which a
    # model calls once it knows the input's size: that set-up runs before the passes read the table
    k = _kinds(_BUILT)
    assert "F1" in k.get(_line(_BUILT, "grad = grad * (1 - self.output ** 2)"), set())
    assert "F3" in k.get(_line(_BUILT, 'self.grads["W"] = np.dot(self.inputs.T, grad)'), set())
    assert "F3" in k.get(_line(_BUILT, 'self.grads["b"] = np.sum(grad, axis=0)'), set())
    assert "F2" in k.get(_line(_BUILT, 'return np.dot(grad, self.params["W"].T)'), set())
    assert not _result(_BUILT).findings


def test_the_sigmoid_derivative_in_a_built_tanh_layer_is_reported() -> None:
    # the same layer taking the sigmoid's derivative of its tanh output
    src = _BUILT.replace("grad = grad * (1 - self.output ** 2)", "grad = grad * self.output * (1 - self.output)")
    assert [f.code for f in _result(src).findings] == ["BP301"]


# ------------------------------------------------------------------ the derivative looked up by name

def test_an_activation_derivative_looked_up_by_an_unreadable_mapper_still_reaches_formula_3() -> None:
    # `self.mapper.backward(kind, self.output, grad)` of a module bpscan cannot read: handed the layer's own
    # output and the gradient there (not its weight), it is that layer's formula 1, and what follows is formula 3
    src = '''
        import numpy as np
        from somewhere import ActivationMapper


        class Dense:
            def __init__(self, n_in, units, activation="tanh"):
                self.activation = activation
                self.mapper = ActivationMapper()
                self.W = np.random.randn(n_in, units) * 0.1
                self.b = np.zeros(units)

            def forward(self, inputs):
                self.inputs = inputs
                lin = np.dot(inputs, self.W) + self.b
                self.output = self.mapper[self.activation](lin) if self.activation is not None else lin
                return self.output

            def backward(self, grad):
                grad = self.mapper.backward(self.activation, self.output, grad)
                self.dW = np.dot(self.inputs.T, grad)
                self.db = np.sum(grad, axis=0)
                return np.dot(grad, self.W.T)
    '''
    k = _kinds(src)
    assert "F1" in k.get(_line(src, "grad = self.mapper.backward(self.activation, self.output, grad)"), set())
    assert "F3" in k.get(_line(src, "self.dW = np.dot(self.inputs.T, grad)"), set())
    assert "F3" in k.get(_line(src, "self.db = np.sum(grad, axis=0)"), set())
    assert not _result(src).findings


# ------------------------------------------------------------------ a package's submodules importing siblings

def test_a_submodule_importing_its_sibling_with_from_dot_import_makes_no_cycle(tmp_path: Path) -> None:
    # `from . import main` in `init/_mapper.py`: in Python the package `init` is imported before its submodule
    # runs, so no cycle back through `init/__init__.py` (which imports `_mapper`) ever happens
    pkg = tmp_path / "net"
    (pkg / "init").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .layers import Dense\n")
    (pkg / "init" / "__init__.py").write_text("from ._mapper import Initializers\nfrom .main import *\n")
    (pkg / "init" / "main.py").write_text(textwrap.dedent('''
        import numpy as np


        def glorot(shape):
            return np.random.randn(*shape) * np.sqrt(2.0 / sum(shape))
    '''))
    (pkg / "init" / "_mapper.py").write_text(textwrap.dedent('''
        from . import main


        class Initializers:
            table = {"glorot": main.glorot}

            def __getitem__(self, name):
                return self.table[name]
    '''))
    layers = pkg / "layers.py"
    layers.write_text(textwrap.dedent('''
        import numpy as np
        from .init._mapper import Initializers


        class Dense:
            def __init__(self, n_in, units):
                self.W = Initializers()["glorot"]((n_in, units))
                self.b = np.zeros(units)

            def forward(self, x):
                self.x = x
                return np.dot(x, self.W) + self.b

            def backward(self, grad):
                self.dW = np.dot(self.x.T, grad)
                self.db = np.sum(grad, axis=0)
                return np.dot(grad, self.W.T)
    '''))
    res = analyze_source(layers.read_text(), str(layers))
    assert not [n for n in res.notes if "import cycle" in n], res.notes
    lines = layers.read_text().splitlines()
    at = {t.line: t.kind for t in res.tags}
    assert at.get(next(i for i, s in enumerate(lines, 1) if s.strip() == "self.dW = np.dot(self.x.T, grad)")) == "F3"
