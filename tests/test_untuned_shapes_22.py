"""Shapes met in the twenty-first and twenty-second untuned probes of public code (2026-12-03), written again
in our own words: what a careful reader tags there, and silence where the code is right."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bpscan.analysis import analyze_source


def _line(src: str, needle: str) -> int:
    return next(i for i, text in enumerate(src.splitlines(), 1) if needle in text)


def _kinds(result, line: int) -> set[str]:  # type: ignore[no-untyped-def]
    return {t.kind for t in result.tags if t.line == line}


#: a two-layer regressor whose backward masks the hidden gradient where the ReLU's output is zero, and whose
#: driver hands the error straight to the backward method
RELU_OUTPUT_MASK = textwrap.dedent('''
    import numpy as np


    class Regressor:
        def __init__(self, n_in, n_hid, n_out):
            self.W1 = np.random.randn(n_in, n_hid) * 0.1
            self.b1 = np.zeros(n_hid)
            self.W2 = np.random.randn(n_hid, n_out) * 0.1
            self.b2 = np.zeros(n_out)

        def forward(self, X):
            self.X = X
            self.h = np.maximum(0, X @ self.W1 + self.b1)
            return self.h @ self.W2 + self.b2

        def backward(self, dout, lr):
            dW2 = self.h.T @ dout
            db2 = dout.sum(axis=0)
            dh = dout @ self.W2.T
            dh[self.h == 0] = 0
            dW1 = self.X.T @ dh
            db1 = dh.sum(axis=0)
            self.W2 -= lr * dW2
            self.b2 -= lr * db2
            self.W1 -= lr * dW1
            self.b1 -= lr * db1


    X = np.random.randn(64, 3)
    Y = np.random.randn(64, 2)
    net = Regressor(3, 16, 2)
    for it in range(200):
        pred = net.forward(X)
        net.backward(pred - Y, 0.01)
''')


def test_a_relu_mask_on_the_output_being_zero_is_formula_one_and_an_error_handed_over_is_no_loss() -> None:
    r = analyze_source(RELU_OUTPUT_MASK, "regressor.py")
    assert "F1" in _kinds(r, _line(RELU_OUTPUT_MASK, "dh[self.h == 0] = 0"))
    hand = _line(RELU_OUTPUT_MASK, "net.backward(pred - Y, 0.01)")
    assert "error" in _kinds(r, hand) and "loss" not in _kinds(r, hand)
    assert not r.findings
    # the mask on the wrong side (where the unit passed) is still read as the ReLU's derivative, not a new fault
    flipped = RELU_OUTPUT_MASK.replace("dh[self.h == 0] = 0", "dh[self.h != 0] = 0")
    assert "F1" in _kinds(analyze_source(flipped, "regressor.py"), _line(flipped, "dh[self.h != 0] = 0"))


#: printing the loss of a step is still the loss, not an error handed over
def test_an_error_reduced_inside_a_print_stays_the_loss() -> None:
    src = RELU_OUTPUT_MASK.replace(
        "    net.backward(pred - Y, 0.01)\n",
        "    print(np.mean((pred - Y) ** 2))\n    net.backward(2 * (pred - Y) / len(X), 0.01)\n")
    r = analyze_source(src, "regressor.py")
    assert _kinds(r, _line(src, "print(np.mean")) == {"loss"}
    assert "error" in _kinds(r, _line(src, "net.backward(2 *"))


#: a sequence model whose cell is picked by a string setting, in the forward pass and again in the backward,
#: with the same three parameters for either cell: the plain cell's tanh never meets the gated cell's gates
CELL_BY_SETTING = '''import numpy as np


def sig(v):
    return 1.0 / (1.0 + np.exp(-v))


def vanilla_fwd(x, h0, A, B, c):
    """A plain recurrent cell: tanh."""
    h1 = np.tanh(np.dot(h0, B) + np.dot(x, A) + c)
    return h1, (x, h0, A, B, h1)


def vanilla_bwd(dh1, st):
    x, h0, A, B, h1 = st
    dz = (1 - h1 ** 2) * dh1
    return dz.dot(A.T), dz.dot(B.T), x.T.dot(dz), h0.T.dot(dz), dz.sum(0)


def gated_fwd(x, h0, c0, A, B, c):
    """An LSTM cell: the four gates side by side in one pre-activation."""
    k = h0.shape[1]
    z = np.dot(x, A) + np.dot(h0, B) + c
    i = sig(z[:, :k])
    f = sig(z[:, k:2 * k])
    o = sig(z[:, 2 * k:3 * k])
    g = np.tanh(z[:, 3 * k:])
    c1 = f * c0 + i * g
    h1 = o * np.tanh(c1)
    return h1, c1, (x, h0, c0, A, B, i, f, o, g, c1)


def gated_bwd(dh1, dc1, st):
    x, h0, c0, A, B, i, f, o, g, c1 = st
    dc = dc1 + o * (1 - np.tanh(c1) ** 2) * dh1
    di = dc * g
    df = dc * c0
    do = dh1 * np.tanh(c1)
    dg = dc * i
    dz = np.hstack((i * (1 - i) * di, f * (1 - f) * df, o * (1 - o) * do, (1 - g ** 2) * dg))
    return dz.dot(A.T), dz.dot(B.T), f * dc, x.T.dot(dz), h0.T.dot(dz), dz.sum(0)


class Net:
    def __init__(self, d, k, kind='vanilla'):
        self.kind = kind
        m = k if kind == 'vanilla' else 4 * k
        self.p = {'A': np.random.randn(d, m) * 0.1,
                  'B': np.random.randn(k, m) * 0.1,
                  'c': np.zeros(m)}

    def loss(self, x, h0, y):
        A, B, c = self.p['A'], self.p['B'], self.p['c']
        if self.kind == 'vanilla':
            h, st = vanilla_fwd(x, h0, A, B, c)
        else:
            h, _, st = gated_fwd(x, h0, np.zeros_like(h0), A, B, c)
        diff = h - y
        L = 0.5 * np.sum(diff ** 2)
        g = {}
        if self.kind == 'vanilla':
            _, _, g['A'], g['B'], g['c'] = vanilla_bwd(diff, st)
        else:
            _, _, _, g['A'], g['B'], g['c'] = gated_bwd(diff, np.zeros_like(h0), st)
        return L, g


def train(net, x, h0, y, lr=0.1):
    for _ in range(10):
        L, g = net.loss(x, h0, y)
        for k in net.p:
            net.p[k] -= lr * g[k]
'''


def test_a_derivative_is_not_checked_against_a_layer_made_in_the_other_branch_of_the_same_setting() -> None:
    r = analyze_source(CELL_BY_SETTING, "cells.py")
    assert not r.findings, r.findings
    # within its own branch the plain cell is still checked
    wrong = CELL_BY_SETTING.replace("dz = (1 - h1 ** 2) * dh1", "dz = h1 * (1 - h1) * dh1")
    assert [f.code for f in analyze_source(wrong, "cells.py").findings] == ["BP301"]


#: a layer normalisation whose input gradient is written in one statement from the summed upstream gradient
LAYER_NORM_ONE_LINE = textwrap.dedent('''
    import numpy as np


    class LayerNorm:
        def __init__(self, n):
            self.gamma = np.ones(n)
            self.beta = np.zeros(n)

        def forward(self, X):
            x_T = X.T
            self.n = X.shape[1]
            self.mean = np.mean(x_T, axis=0)
            self.var = np.var(x_T, axis=0)
            self.xc = x_T - self.mean
            self.inv = 1 / np.sqrt(self.var + 1e-5)
            self.X_hat = (self.xc * self.inv).T
            return self.gamma * self.X_hat + self.beta

        def backward(self, error):
            e_T = error.T
            dx = (1 / self.n) * self.gamma[np.newaxis, :].T * self.inv * (
                self.n * e_T - np.sum(e_T, axis=0) - self.xc * self.inv ** 2 * np.sum(e_T * self.xc, axis=0))
            self.grad_gamma = np.sum(error * self.X_hat, axis=0)
            self.grad_beta = np.sum(error, axis=0)
            return dx.T

        def update(self, lr):
            self.gamma -= lr * self.grad_gamma
            self.beta -= lr * self.grad_beta
''')


def test_the_batch_sum_inside_a_normalisation_input_gradient_is_not_the_shift_gradient() -> None:
    r = analyze_source(LAYER_NORM_ONE_LINE, "layer_norm.py")
    assert "F3" not in _kinds(r, _line(LAYER_NORM_ONE_LINE, "dx = (1 / self.n)"))
    assert {(t.kind, t.param) for t in r.tags if t.line == _line(LAYER_NORM_ONE_LINE, "self.grad_gamma =")} == \
        {("F3", "self.gamma")}
    assert {(t.kind, t.param) for t in r.tags if t.line == _line(LAYER_NORM_ONE_LINE, "self.grad_beta =")} == \
        {("F3", "self.beta")}
    assert not r.findings


#: every parameter stepped by its own shallow copy of one optimiser object, whose momentum buffer is that
#: parameter's alone
OPTIMISER_COPIES = textwrap.dedent('''
import copy

import numpy as np


class Momentum:
    def __init__(self, lr=0.01, beta=0.9):
        self.lr, self.beta, self.v = lr, beta, None

    def apply(self, value, grad):
        if self.v is None:
            self.v = np.zeros_like(value)
        self.v = self.beta * self.v + (1 - self.beta) * grad
        return value - self.lr * self.v


class Dense:
    def __init__(self, n_in, n_out, optimizer):
        self.W = np.random.randn(n_in, n_out) * 0.1
        self.b = np.zeros((1, n_out))
        self.W_opt = copy.copy(optimizer)
        self.b_opt = copy.copy(optimizer)

    def forward(self, a):
        self.a = a
        return a @ self.W + self.b

    def backward(self, g):
        gW = self.a.T @ g
        gb = g.sum(axis=0, keepdims=True)
        g_in = g @ self.W.T
        self.W = self.W_opt.apply(self.W, gW)
        self.b = self.b_opt.apply(self.b, gb)
        return g_in


X = np.random.randn(40, 3)
T = np.random.randn(40, 2)
layer = Dense(3, 2, Momentum(0.05))
for epoch in range(100):
    for k in range(0, 40, 8):
        out = layer.forward(X[k:k + 8])
        layer.backward((out - T[k:k + 8]) / 8)
''')


def test_each_parameter_stepped_by_its_own_copy_of_an_optimiser_is_stepped_down_its_own_gradient() -> None:
    r = analyze_source(OPTIMISER_COPIES, "dense.py")
    assert not r.findings
    assert {lay.direction for lay in r.layers} == {"descent"}
    assert "update" in _kinds(r, _line(OPTIMISER_COPIES, "return value - self.lr * self.v"))
    climbing = OPTIMISER_COPIES.replace("return value - self.lr * self.v", "return value + self.lr * self.v")
    assert [f.code for f in analyze_source(climbing, "dense.py").findings] == ["BP201"]


#: the linear classifiers' losses written with loops: the hinge's gradient added as input rows under
#: `if margin > 0:`, and the softmax's as a per-class error times the sample, with probabilities kept off zero
LINEAR_LOSSES = textwrap.dedent('''
    import numpy as np


    def hinge_loss_loops(W, X, y, reg):
        dW = np.zeros(W.shape)
        loss = 0.0
        for i in range(X.shape[0]):
            scores = X[i].dot(W)
            correct_class_score = scores[y[i]]
            for j in range(W.shape[1]):
                if j == y[i]:
                    continue
                margin = scores[j] - correct_class_score + 1
                if margin > 0:
                    loss += margin
                    dW[:, y[i]] += -X[i, :]
                    dW[:, j] += X[i, :]
        return loss / X.shape[0] + reg * np.sum(W * W), dW / X.shape[0] + 2 * reg * W


    def cross_entropy_loops(W, X, y, reg):
        n = X.shape[0]
        f = X.dot(W)
        f_max = np.reshape(np.max(f, axis=1), (n, 1))
        prob = np.exp(f - f_max) / np.sum(np.exp(f - f_max), axis=1, keepdims=True)
        prob = np.where(prob > 1e-10, prob, 1e-10)
        onehot = np.zeros_like(prob)
        onehot[np.arange(n), y] = 1.0
        loss, dW, dW_each = 0.0, np.zeros_like(W), np.zeros_like(W)
        for i in range(n):
            for j in range(W.shape[1]):
                loss += -(onehot[i, j] * np.log(prob[i, j]))
                dW_each[:, j] = -(onehot[i, j] - prob[i, j]) * X[i, :]
            dW += dW_each
        return loss / n + 0.5 * reg * np.sum(W * W), dW / n + reg * W
''')


def test_linear_classifier_losses_written_with_loops_are_read_as_one_layer() -> None:
    r = analyze_source(LINEAR_LOSSES, "classifier.py")
    assert {(t.kind, t.param) for t in r.tags if t.line == _line(LINEAR_LOSSES, "dW[:, y[i]] += -X[i, :]")} == \
        {("F3", "W")}
    assert {(t.kind, t.param) for t in r.tags if t.line == _line(LINEAR_LOSSES, "dW[:, j] += X[i, :]")} == {("F3", "W")}
    assert {"error", "F3"} <= _kinds(r, _line(LINEAR_LOSSES, "dW_each[:, j] = -(onehot[i, j]"))
    assert not r.findings and not r.notes


#: a linear layer as an autograd function in torch 2's style, whose bias is optional
OPTIONAL_BIAS_FUNCTION = textwrap.dedent('''
    import torch
    from torch.autograd import Function


    class Affine(Function):
        @staticmethod
        def forward(x, weight, bias):
            out = x.mm(weight.t())
            if bias is not None:
                out += bias
            return out

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, weight, bias = inputs
            ctx.save_for_backward(x, weight, bias)

        @staticmethod
        def backward(ctx, grad_out):
            x, weight, bias = ctx.saved_tensors
            grad_x = grad_w = grad_b = None
            if ctx.needs_input_grad[0]:
                grad_x = grad_out.mm(weight)
            if ctx.needs_input_grad[1]:
                grad_w = grad_out.t().mm(x)
            if bias is not None and ctx.needs_input_grad[2]:
                grad_b = grad_out.sum(0)
            return grad_x, grad_w, grad_b
''')


def test_a_layer_whose_bias_is_optional_keeps_its_output_for_formula_three() -> None:
    src = OPTIONAL_BIAS_FUNCTION
    r = analyze_source(src, "affine.py")
    assert {(t.kind, t.param) for t in r.tags if t.line == _line(src, "grad_w = grad_out.t().mm(x)")} == \
        {("F3", "weight")}
    assert {(t.kind, t.param) for t in r.tags if t.line == _line(src, "grad_b = grad_out.sum(0)")} == {("F3", "bias")}
    assert "F2" in _kinds(r, _line(src, "grad_x = grad_out.mm(weight)"))
    assert not r.findings


#: activation layers as classes whose functions are none of the ones the rules know
ACTIVATION_CLASSES = textwrap.dedent('''
    import numpy as np


    class Softplus:
        def forward(self, x):
            self.x = x
            return np.log(1 + np.exp(x))

        def backward(self, grad):
            x = self.x
            return grad * 1 / (1 + np.exp(-x))


    class Softsign:
        def forward(self, x):
            self.x = x
            return x / (1 + np.abs(x))

        def backward(self, grad):
            x = self.x
            return grad * (1 / np.power(1 + np.abs(x), 2)).astype(x.dtype)


    class Scale:
        def __init__(self, k):
            self.k = k

        def forward(self, x):
            return self.k * x

        def backward(self, grad):
            return self.k * grad
''')


def test_activation_classes_of_the_files_own_functions_have_formula_one_tagged_but_not_judged() -> None:
    src = ACTIVATION_CLASSES
    r = analyze_source(src, "activations.py")
    assert {t.kind for t in r.tags if t.line == _line(src, "return grad * 1 / (1 + np.exp(-x))")} == {"F1"}
    assert {t.kind for t in r.tags if t.line == _line(src, "return grad * (1 / np.power(")} == {"F1"}
    assert not [t for t in r.tags if t.line == _line(src, "return self.k * grad")]  # linear: no activation
    assert not r.findings


#: batch normalisation as a layer class handed its gain and shift (`BatchNormalization(gamma, beta)`), its
#: backward in a private helper
BATCHNORM_HANDED_GAIN = textwrap.dedent('''
    import numpy as np


    class BatchNormalization:
        def __init__(self, gamma, beta, momentum=0.9):
            self.gamma = gamma
            self.beta = beta
            self.momentum = momentum

        def forward(self, x, train_flg=True):
            mu = x.mean(axis=0)
            xc = x - mu
            std = np.sqrt(np.mean(xc ** 2, axis=0) + 10e-7)
            self.batch_size, self.xc, self.std = x.shape[0], xc, std
            self.xn = xc / std
            return self.gamma * self.xn + self.beta

        def backward(self, dout):
            return self.__backward(dout)

        def __backward(self, dout):
            dbeta = dout.sum(axis=0)
            dgamma = np.sum(self.xn * dout, axis=0)
            dxn = self.gamma * dout
            dxc = dxn / self.std
            dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
            dxc += (2.0 / self.batch_size) * self.xc * (0.5 * dstd / self.std)
            self.dgamma, self.dbeta = dgamma, dbeta
            return dxc - np.sum(dxc, axis=0) / self.batch_size
''')


def test_a_batch_norm_class_handed_its_gain_and_shift_has_their_gradients_tagged() -> None:
    src = BATCHNORM_HANDED_GAIN
    r = analyze_source(src, "layers.py")
    assert {(t.kind, t.param) for t in r.tags if t.line == _line(src, "dbeta = dout.sum(axis=0)")} == \
        {("F3", "self.beta")}
    assert {(t.kind, t.param) for t in r.tags if t.line == _line(src, "dgamma = np.sum(")} == {("F3", "self.gamma")}
    assert not r.findings


#: a convolution written window by window through a helper that adds its bias as `float(b)`
CONV_STEP_FLOAT_BIAS = textwrap.dedent('''
import numpy as np

def conv_step(x, W, b):
    return np.sum(x * W) + float(b)

X = np.random.randn(4, 6, 6, 1)
Y = np.random.randn(4, 4, 4, 2)
W = np.random.randn(3, 3, 1, 2) * 0.1
b = np.zeros((1, 1, 1, 2))
for it in range(100):
    Z = np.zeros((4, 4, 4, 2))
    for i in range(4):
        for h in range(4):
            for w in range(4):
                for c in range(2):
                    Z[i, h, w, c] = conv_step(X[i, h:h+3, w:w+3, :], W[:, :, :, c], b[:, :, :, c])
    dZ = Z - Y
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    for i in range(4):
        for h in range(4):
            for w in range(4):
                for c in range(2):
                    dW[:, :, :, c] += X[i, h:h+3, w:w+3, :] * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
    W -= 0.01 * dW
    b -= 0.01 * db
''')


def test_a_bias_read_through_float_in_a_convolution_step_is_the_layers_bias() -> None:
    src = CONV_STEP_FLOAT_BIAS
    r = analyze_source(src, "conv.py")
    assert [(lay.weight, lay.bias) for lay in r.layers] == [("W", "b")]
    assert "update" in _kinds(r, _line(src, "b -= 0.01 * db"))
    assert not r.findings
    climbing = src.replace("b -= 0.01 * db", "b += 0.01 * db")
    assert [(f.code, f.line) for f in analyze_source(climbing, "conv.py").findings] == \
        [("BP201", _line(climbing, "b += 0.01 * db"))]


#: the hinge loss's gradient written per class in a training script: input rows added and subtracted
HINGE_LOOPS_SCRIPT = textwrap.dedent('''
import numpy as np

X = np.random.randn(50, 4)
y = np.random.randint(0, 3, 50)
W = np.random.randn(4, 3) * 0.01
for epoch in range(100):
    dW = np.zeros(W.shape)
    for i in range(50):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(3):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1
            if margin > 0:
                dW[:, y[i]] += -X[i, :]
                dW[:, j] += X[i, :]
    W -= 0.01 * dW / 50
''')


def test_the_hinge_gradient_written_per_class_is_the_gradient_its_step_descends() -> None:
    src = HINGE_LOOPS_SCRIPT
    r = analyze_source(src, "svm.py")
    assert [lay.direction for lay in r.layers] == ["descent"] and not r.findings
    climbing = src.replace("W -= 0.01 * dW / 50", "W += 0.01 * dW / 50")
    assert [f.code for f in analyze_source(climbing, "svm.py").findings] == ["BP201"]


def test_builtins_imported_for_python_2_are_the_builtins(tmp_path: Path) -> None:
    """`from builtins import range` (the future package's shims, in cs231n's later assignments): loops over
    it run as loops. Read as an unknown function, the loop version of a loss that a notebook only checks once
    was taken for a gradient computed and never applied."""
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, run

    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from .model import *\n")
    (pkg / "hinge.py").write_text("from builtins import range\n" + LINEAR_LOSSES.split("def cross_entropy_loops")[0]
                                  + textwrap.dedent('''
        def hinge_loss_fast(W, X, y, reg):
            n = X.shape[0]
            s = X.dot(W)
            m = np.maximum(0, s - s[np.arange(n), y][:, None] + 1.0)
            m[np.arange(n), y] = 0
            g = (m > 0).astype(float)
            g[np.arange(n), y] -= g.sum(axis=1)
            return m.sum() / n + reg * np.sum(W * W), X.T.dot(g) / n + 2 * reg * W
    '''))
    (pkg / "model.py").write_text(textwrap.dedent('''
        import numpy as np
        from .hinge import *


        class Hinge:
            def __init__(self):
                self.W = None

            def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100):
                if self.W is None:
                    self.W = 0.001 * np.random.randn(X.shape[1], int(y.max()) + 1)
                for it in range(num_iters):
                    idx = np.random.choice(X.shape[0], 50)
                    loss, grad = hinge_loss_fast(self.W, X[idx], y[idx], reg)
                    self.W -= learning_rate * grad
    '''))
    (tmp_path / "check.py").write_text(textwrap.dedent('''
        import numpy as np
        from pkg.hinge import hinge_loss_loops
        from pkg import Hinge

        X = np.random.randn(40, 7)
        y = np.random.randint(0, 3, 40)
        W = np.random.randn(7, 3) * 0.01
        loss, grad = hinge_loss_loops(W, X, y, 0.0)
        print(loss)
        for lr in [1e-3, 1e-2]:
            clf = Hinge()
            clf.train(X, y, learning_rate=lr, num_iters=50)
    '''))
    files = [tmp_path / "check.py", pkg / "hinge.py", pkg / "model.py"]
    results = run([FileTask(str(p), enabled_codes([])) for p in files])
    assert all(r.error is None for r in results)
    assert not [f for r in results for f in r.findings], [f for r in results for f in r.findings]
    hinge = next(r for r in results if r.path.endswith("hinge.py"))
    assert {t.kind for t in hinge.tags} >= {"error", "F3"}


#: a dict-keyed model whose constructor casts every entry (`for k, v in self.params.items(): self.params[k] =
#: v.astype(dtype)`, cs231n's FullyConnectedNet), stepped entry by entry by an update rule
FAMILY_CAST = textwrap.dedent('''
import numpy as np


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    w -= config["learning_rate"] * dw
    return w, config


class Net:
    def __init__(self, dims, dtype=np.float64):
        self.params = {}
        for i in range(1, len(dims)):
            self.params["W" + str(i)] = np.random.randn(dims[i - 1], dims[i]) * 0.1
            self.params["b" + str(i)] = np.zeros(dims[i])
            if i < len(dims) - 1:
                self.params["gamma" + str(i)] = np.ones(dims[i])
                self.params["beta" + str(i)] = np.zeros(dims[i])
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)
        self.L = len(dims) - 1

    def loss(self, X, y):
        cache, h = [], X
        for i in range(1, self.L):
            z = h @ self.params["W" + str(i)] + self.params["b" + str(i)]
            mu, var = z.mean(axis=0), z.var(axis=0)
            zn = (z - mu) / np.sqrt(var + 1e-5)
            a = self.params["gamma" + str(i)] * zn + self.params["beta" + str(i)]
            cache.append((h, z, zn, var))
            h = np.maximum(0, a)
        scores = h @ self.params["W" + str(self.L)] + self.params["b" + str(self.L)]
        p = np.exp(scores - scores.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        loss = -np.log(p[np.arange(len(y)), y]).mean()
        d = p.copy()
        d[np.arange(len(y)), y] -= 1
        d /= len(y)
        grads = {"W" + str(self.L): h.T @ d, "b" + str(self.L): d.sum(axis=0)}
        dh = d @ self.params["W" + str(self.L)].T
        for i in range(self.L - 1, 0, -1):
            hin, z, zn, var = cache[i - 1]
            da = dh * (h > 0)
            grads["gamma" + str(i)] = (da * zn).sum(axis=0)
            grads["beta" + str(i)] = da.sum(axis=0)
            dzn = da * self.params["gamma" + str(i)]
            dz = (dzn - dzn.mean(axis=0) - zn * (dzn * zn).mean(axis=0)) / np.sqrt(var + 1e-5)
            grads["W" + str(i)] = hin.T @ dz
            grads["b" + str(i)] = dz.sum(axis=0)
            dh = dz @ self.params["W" + str(i)].T
            h = hin
        return loss, grads


X = np.random.randn(64, 5)
y = np.random.randint(0, 3, 64)
net = Net([5, 16, 16, 3])
configs = {p: {} for p in net.params}
for it in range(100):
    loss, grads = net.loss(X, y)
    for p, w in net.params.items():
        next_w, configs[p] = sgd(w, grads[p], configs[p])
        net.params[p] = next_w
''')


def test_entries_of_a_family_cast_in_a_loop_over_items_stay_the_family() -> None:
    r = analyze_source(FAMILY_CAST, "fc_net.py")
    # (before, the walked key made a parameter named after an internal key, `self.params[('family', 'W')]`, that
    # no longer stood for every member: an optimiser stepping each entry crossed their gradients, BP103)
    assert {(lay.weight, lay.family) for lay in r.layers} == {("self.params['W*']", True),
                                                               ("self.params['gamma*']", True)}
    assert not r.findings


#: a line fitted by gradient descent, the gradient written with its minus sign in front
NEGATED_GRADIENT = textwrap.dedent('''
    import numpy as np


    def step(c0, c1, data, eta):
        g0 = 0.0
        g1 = 0.0
        n = float(len(data))
        for k in range(len(data)):
            u, v = data[k, 0], data[k, 1]
            g0 += -(2 / n) * (v - (c1 * u + c0))
            g1 += -(2 / n) * u * (v - (c1 * u + c0))
        next_c0 = c0 - eta * g0
        next_c1 = c1 - eta * g1
        return next_c0, next_c1


    def fit(data, eta=0.01, iters=500):
        c0, c1 = 0.0, 0.0
        for _ in range(iters):
            c0, c1 = step(c0, c1, data, eta)
        return c0, c1


    if __name__ == "__main__":
        x = np.linspace(0, 2, 40)
        print(fit(np.stack([x, 3 * x + 1 + 0.01 * np.random.randn(40)], axis=1)))
''')


def test_a_gradient_negated_by_its_leading_factor_is_descended_by_subtracting_it() -> None:
    assert not analyze_source(NEGATED_GRADIENT, "fit.py").findings
    climbing = NEGATED_GRADIENT.replace("next_c1 = c1 - eta * g1", "next_c1 = c1 + eta * g1")
    assert [f.code for f in analyze_source(climbing, "fit.py").findings] == ["BP201"]
