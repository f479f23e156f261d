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


# ------------------------------------------------------------------ correct code that used to be reported

def test_a_weight_gradient_made_from_an_error_summed_over_all_axes_is_no_bias_s() -> None:
    # `-np.sum(t - y)` (a loss derivative summed to one number, itself a fault the bias rule reports) times the
    # layer's input is the weight's gradient made from it, never the bias's applied to the weight
    src = '''
        import numpy as np


        class Dense:
            def __init__(self, n_in, n_out):
                self.weights = np.random.randn(n_in, n_out) * 0.1
                self.bias = np.random.randn(1, n_out) * 0.1

            def forward(self, x):
                self.input = x
                return np.dot(x, self.weights) + self.bias

            def backward(self, output_error, lr):
                input_error = np.dot(output_error, self.weights.T)
                weights_error = np.dot(self.input.T, output_error)
                self.weights -= lr * weights_error
                self.bias -= lr * output_error
                return input_error


        def loss_derivative(y_true, y_pred):
            return -np.sum(y_true - y_pred)


        X = np.random.randn(32, 4)
        Y = np.random.randn(32, 2)
        layer = Dense(4, 2)
        for epoch in range(50):
            out = layer.forward(X)
            layer.backward(loss_derivative(Y, out), 0.01)
    '''
    assert "BP103" not in {f.code for f in _result(src).findings}


def test_formula_3_with_one_sample_s_input_made_a_row_by_unsqueeze_is_transposed() -> None:
    # column convention with one sample at a time: `delta @ x.unsqueeze(-2)` is delta . x^T
    src = '''
        import torch


        class Linear:
            def __init__(self, n_in, n_out):
                self.W = torch.empty(n_out, n_in).normal_(0, 0.1)
                self.b = torch.zeros(n_out, 1)

            def forward(self, x):
                self.input = x
                return self.W @ x + self.b

            def backward(self, delta):
                self.delta = delta
                self.dl_dw = self.delta @ self.input.unsqueeze(-2)
                self.dl_db = self.delta
                return self.W.t() @ self.delta

            def update(self, lr):
                self.W = self.W - lr * self.dl_dw
                self.b = self.b - lr * self.dl_db
    '''
    k = _kinds(src)
    assert "F3" in k.get(_line(src, "self.dl_dw = self.delta @ self.input.unsqueeze(-2)"), set())
    assert not _result(src).findings, [(f.code, f.message) for f in _result(src).findings]


def test_a_gradient_s_mean_read_out_for_a_log_is_no_bias_gradient() -> None:
    # `history.append(grads[1].mean().item())`: a number reported, neither a bias's gradient summed over every
    # axis nor a gradient left unused
    src = '''
        import numpy as np

        X = np.random.randn(64, 3)
        Y = np.random.randn(64, 2)
        W = np.random.randn(2, 3) * 0.1
        b = np.zeros(2)
        history = []
        for x, y in zip(X, Y):
            out = W @ x + b
            delta = out - y
            dW = np.outer(delta, x)
            W -= 0.1 * dW
            b -= 0.1 * delta
            history.append(delta.mean().item())
    '''
    assert not _result(src).findings, [(f.code, f.message) for f in _result(src).findings]


def test_gates_activated_in_place_before_the_split_are_not_read_as_pre_activations() -> None:
    # `ifog[:, 3*H:] = np.tanh(ifog[:, 3*H:])` then `np.hsplit(ifog, 4)`: the fourth part is the tanh's output,
    # so `1 - g ** 2` is its derivative written with the output (a guard: the false report came only through a
    # captioning model driving these steps from another module; alone, the step passed before the fix too)
    src = '''
        import numpy as np


        def sigmoid(x):
            return 1 / (1 + np.exp(-x))


        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            ifog = x.dot(Wx) + prev_h.dot(Wh) + b
            ifog[:, 0:3 * H] = sigmoid(ifog[:, 0:3 * H])
            ifog[:, 3 * H:4 * H] = np.tanh(ifog[:, 3 * H:4 * H])
            ifog = np.hsplit(ifog, 4)
            i = ifog[0]
            f = ifog[1]
            o = ifog[2]
            g = ifog[3]
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)


        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
            dnext_c += o * dnext_h * (1 - np.tanh(next_c) ** 2)
            dprev_c = f * dnext_c
            df = prev_c * dnext_c * f * (1 - f)
            di = g * dnext_c * i * (1 - i)
            dg = i * dnext_c * (1 - g ** 2)
            do = dnext_h * np.tanh(next_c) * o * (1 - o)
            difog = np.hstack((di, df, do, dg))
            dprev_h = difog.dot(Wh.T)
            dx = difog.dot(Wx.T)
            dWx = x.T.dot(difog)
            dWh = prev_h.T.dot(difog)
            db = difog.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''
    assert not _result(src).findings, [(f.code, f.message) for f in _result(src).findings]


# ------------------------------------------------------------------ a derivative dispatcher, the seed by its name

_DISPATCHER = '''
    import numpy as np


    class MLP:
        def __init__(self, sizes, hidden="tanh", output="sigmoid"):
            self.hidden = hidden
            self.output = output
            self.weights = [np.random.randn(sizes[i], sizes[i + 1]) * 0.1 for i in range(len(sizes) - 1)]
            self.biases = [np.zeros(sizes[i + 1]) for i in range(len(sizes) - 1)]

        def activate(self, a, kind):
            if kind == "tanh":
                return np.tanh(a)
            elif kind == "sigmoid":
                return 1.0 / (1.0 + np.exp(-a))
            else:
                return a

        def derivative(self, out, kind):
            if kind == "tanh":
                return 1 - out * out
            elif kind == "sigmoid":
                return out * (1 - out)
            else:
                return np.ones_like(out)

        def forward(self, x):
            activations = [x]
            for i in range(len(self.weights)):
                a = np.dot(activations[-1], self.weights[i]) + self.biases[i]
                kind = self.output if i == len(self.weights) - 1 else self.hidden
                activations.append(self.activate(a, kind))
            return activations

        def backward(self, activations, grad_output):
            grad_w = [None] * len(self.weights)
            grad_b = [None] * len(self.weights)
            grad = grad_output
            for i in reversed(range(len(self.weights))):
                kind = self.output if i == len(self.weights) - 1 else self.hidden
                deriv = self.derivative(activations[i + 1], kind)
                delta = grad * deriv
                grad_w[i] = np.dot(activations[i].T, delta)
                grad_b[i] = np.sum(delta, axis=0)
                grad = np.dot(delta, self.weights[i].T)
            return grad_w, grad_b
'''


def test_a_derivative_chosen_by_the_activation_s_name_is_formula_1_and_the_named_gradient_its_seed() -> None:
    # `backward(self, activations, grad_output)` handed forward's list and, after it, the gradient by its name;
    # `derivative(out, kind)` returns whichever activation's derivative the string names (or ones): formula 1,
    # its kind never compared with one activation
    k = _kinds(_DISPATCHER)
    assert "F1" in k.get(_line(_DISPATCHER, "delta = grad * deriv"), set())
    assert "F3" in k.get(_line(_DISPATCHER, "grad_w[i] = np.dot(activations[i].T, delta)"), set())
    assert "F2" in k.get(_line(_DISPATCHER, "grad = np.dot(delta, self.weights[i].T)"), set())
    assert not _result(_DISPATCHER).findings


# ------------------------------------------------------------------ a loss derivative's arguments by position

def test_the_first_argument_of_a_loss_derivative_beside_its_target_is_the_network_s_output() -> None:
    # `MSEDerivative(value, trueValue, sizeOfLayer)`: a function named as a loss's derivative, its target named in
    # camel case; the argument before it is the prediction, and what it returns the output error
    src = '''
        import numpy as np


        def MSEDerivative(value, trueValue, sizeOfLayer):
            return 2 * (value - trueValue) / sizeOfLayer
    '''
    assert "error" in _kinds(src).get(_line(src, "return 2 * (value - trueValue) / sizeOfLayer"), set())


def test_a_loss_whose_weights_come_first_keeps_them_as_weights() -> None:
    # guard: `svm_loss_naive(W, X, y, reg)` - the first argument of a loss beside its data is the weight it trains
    src = '''
        import numpy as np


        def softmax_loss_naive(W, X, y, reg):
            dW = np.zeros_like(W)
            loss = 0.0
            for i in range(X.shape[0]):
                scores = X[i].dot(W)
                scores -= np.max(scores)
                p = np.exp(scores) / np.sum(np.exp(scores))
                loss -= np.log(p[y[i]])
                for j in range(W.shape[1]):
                    if j == y[i]:
                        dW[:, j] += (p[j] - 1) * X[i]
                    else:
                        dW[:, j] += p[j] * X[i]
            dW /= X.shape[0]
            dW += reg * W
            return loss, dW
    '''
    k = _kinds(src)
    assert "F3" in k.get(_line(src, "dW[:, j] += p[j] * X[i]"), set())
    assert "F3" in k.get(_line(src, "dW += reg * W"), set())


# ------------------------------------------------------------------ a draw cast to a dtype, a target by its suffix

def test_a_weight_drawn_and_cast_to_a_dtype_in_a_set_up_method_is_trained() -> None:
    # `np.random.randn(n, m).astype(np.float32) * std` in `init_weights`, sized by a property of the layer: a
    # scaled draw behind the cast, the layer's weight
    src = '''
        import numpy as np


        class Dense:
            def __init__(self, output_size, input_shape=None):
                self.output_size = output_size
                self.input_shape = input_shape

            @property
            def input_size(self):
                return self.input_shape[0]

            def init_weights(self, method):
                std = 0.1
                if method == "he":
                    std = np.sqrt(2.0 / self.input_size)
                self.weights = np.random.randn(self.input_size, self.output_size).astype(np.float32) * std
                self.biases = np.zeros((1, self.output_size), dtype=np.float32)

            def forward(self, x):
                self.input = x
                return self.input @ self.weights + self.biases

            def backward(self, grad):
                self.weights_gradient = self.input.T @ grad
                self.biases_gradient = np.sum(grad, axis=0, keepdims=True)
                return grad @ self.weights.T
    '''
    k = _kinds(src)
    assert "F3" in k.get(_line(src, "self.weights_gradient = self.input.T @ grad"), set())
    assert "F2" in k.get(_line(src, "return grad @ self.weights.T"), set())
    assert not _result(src).findings


def test_a_loss_s_target_named_output_expected_is_its_target() -> None:
    # `prime(self, output, output_expected)` beside `direct(...)` reducing the same two: the derivative's
    # difference of the output and the expected output is the output error
    src = '''
        import numpy as np


        class MSE:
            def direct(self, output, output_expected):
                return np.mean(np.sum(np.square(output_expected - output), axis=1))

            def prime(self, output, output_expected):
                return 2 * (output - output_expected) / output.shape[0]
    '''
    assert "error" in _kinds(src).get(_line(src, "return 2 * (output - output_expected) / output.shape[0]"), set())


# ------------------------------------------------------------------ the graph's root, an optimiser over its nodes

def test_a_loss_node_pushing_its_input_the_first_gradient_is_the_output_error() -> None:
    # the root of a graph of pushing nodes: pushed no gradient itself, it pushes its parent the loss's; its target
    # is set by the graph's user before the pass (`loss.target = y`)
    src = '''
        import numpy as np


        class SquaredLoss:
            def __init__(self, parent):
                self.parents = [parent]
                self.target = None
                self.output = None

            def forward(self):
                self.output = np.mean(np.sum((self.parents[0].output - self.target) ** 2, axis=1))

            def backward(self):
                self.parents[0].delta = 2.0 * (self.parents[0].output - self.target)
    '''
    assert "error" in _kinds(src).get(_line(src, "self.parents[0].delta = 2.0 * (self.parents[0].output - self.target)"),
                                      set())


def test_an_optimiser_called_on_an_object_handed_in_is_still_read_for_its_step() -> None:
    # `opt.apply(nodes)` with `opt` handed to the trainer: the call reaches no code, so SGD.apply, stepping each
    # node's table, is read on its own
    src = '''
        class SGD:
            def __init__(self, lr):
                self.lr = lr

            def apply(self, nodes):
                for node in nodes:
                    for k in node.params:
                        node.params[k] -= self.lr * node.grads[k]


        def train(nodes, opt, epochs):
            for epoch in range(epochs):
                for node in nodes:
                    node.forward()
                for node in reversed(nodes):
                    node.backward()
                opt.apply(nodes)
    '''
    assert "update" in _kinds(src).get(_line(src, "node.params[k] -= self.lr * node.grads[k]"), set())


# ------------------------------------------------------------------ optimisers walking a model's layers by index

_NAG = '''
    import numpy as np


    class NAG:
        def __init__(self, lr, beta=0.9):
            self.lr = lr
            self.beta = beta
            self.u_w = []
            self.started = False

        def start(self, model):
            for layer in model.layers:
                self.u_w.append(np.zeros_like(layer.w))
            self.started = True

        def lookahead(self, model):
            if not self.started:
                self.start(model)
            for i, layer in enumerate(model.layers):
                layer.w -= self.beta * self.u_w[i]

        def update(self, model):
            if not self.started:
                self.start(model)
            for i, layer in enumerate(model.layers):
                layer.w += self.beta * self.u_w[i]
                self.u_w[i] = self.beta * self.u_w[i] + self.lr * layer.dw
                layer.w -= self.u_w[i]
'''


def test_an_optimiser_walking_enumerate_model_layers_steps_each_layer() -> None:
    # `for i, layer in enumerate(model.layers)` of a model handed in, a velocity per index: each layer's weight
    # is stepped
    k = _kinds(_NAG)
    assert "update" in k.get(_line(_NAG, "layer.w -= self.u_w[i]"), set())


def test_a_nesterov_look_ahead_taken_back_is_no_ascent() -> None:
    # `layer.w += beta * self.u_w[i]` undoes the look-ahead shift before the real step `layer.w -= self.u_w[i]`:
    # both read (the shift too is an update of the weight), neither reported as climbing
    k = _kinds(_NAG)
    assert "update" in k.get(_line(_NAG, "layer.w += self.beta * self.u_w[i]"), set())
    assert "BP201" not in {f.code for f in _result(_NAG).findings}


def test_an_input_buffer_made_in_the_constructor_is_not_the_weight_it_meets() -> None:
    # `self.x = np.zeros(n)` beside drawn gates, `np.dot(self.forget_gate, self.x)`: x is the cell's input, even
    # where a gate's product meets nothing else that could be a weight; the outer product of a gate's delta with x
    # is no formula 2 through x (four false BP304 on U35f, seen after its blind measurement)
    src = '''
        import numpy as np


        class LSTMCell:
            def __init__(self, n_in, n_out):
                self.x = np.zeros(n_in + n_out)
                self.forget_gate = np.random.randn(n_out, n_in + n_out)
                self.output_gate = np.random.randn(n_out, n_in + n_out)
                self.cell_gate = np.random.randn(n_out, n_in + n_out)
                self.cs = np.zeros(n_out)
                self.cell_gate = []  # (overwritten by mistake: its product below meets no weight but x)

            def sigmoid(self, z):
                return 1 / (1 + np.exp(-z))

            def feedforward(self):
                f = self.sigmoid(np.dot(self.forget_gate, self.x))
                self.cs *= f
                c = np.tanh(np.dot(self.cell_gate, self.x))
                self.cs += c
                o = self.sigmoid(np.dot(self.output_gate, self.x))
                self.y = o * np.tanh(self.cs)
                return self.cs, self.y, f, o

            def backpropagate(self, e, pcs, f, o):
                do = np.tanh(self.cs) * e
                ou = np.dot(np.atleast_2d(do * o * (1 - o)).T, np.atleast_2d(self.x))
                dcs = e * o * (1 - np.tanh(self.cs) ** 2)
                df = dcs * pcs
                fu = np.dot(np.atleast_2d(df * f * (1 - f)).T, np.atleast_2d(self.x))
                return fu, ou

            def update(self, fu, ou, lr):
                self.forget_gate -= lr * fu
                self.output_gate -= lr * ou
    '''
    k = _kinds(src)
    for text in ("ou = np.dot(np.atleast_2d(do * o * (1 - o)).T, np.atleast_2d(self.x))",
                 "fu = np.dot(np.atleast_2d(df * f * (1 - f)).T, np.atleast_2d(self.x))"):
        assert "F2" not in k.get(_line(src, text), set()), text
    assert "BP304" not in {f.code for f in _result(src).findings}


def test_the_sigmoid_written_stably_with_logaddexp_is_the_layer_s_activation() -> None:
    # `np.exp(-np.logaddexp(0, -z))` is 1 / (1 + exp(-z)); the logaddexp inside it is no cross-entropy, so the
    # squared error's delta keeps the sigmoid's derivative without a report
    src = '''
        import numpy as np

        X = np.random.randn(64, 3)
        Y = (np.random.rand(64, 1) > 0.5).astype(float)
        W = np.random.randn(3, 1) * 0.1
        for it in range(100):
            z = X @ W
            p = np.exp(-np.logaddexp(0, -z))
            d = (p - Y) * p * (1 - p)
            W -= 0.1 * X.T @ d
    '''
    k = _kinds(src)
    assert "F1" in k.get(_line(src, "d = (p - Y) * p * (1 - p)"), set())
    assert "update" in k.get(_line(src, "W -= 0.1 * X.T @ d"), set())
    assert not _result(src).findings
