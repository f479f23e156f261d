"""Shapes of real code the thirty-ninth probe's readers counted and bpscan did not tag, in our own words: a
gradient kept on the tensor it differentiates (`inp.g = out.g @ w.t()`, the from-the-foundations style), and
layer objects whose own `__call__` keeps what backward needs. Each test failed on the checkout before its fix;
the guard passed on it too."""

from __future__ import annotations

import textwrap

from shape_util import kinds as _kinds, line_of as _line, result as _result

# gradient functions that read the upstream gradient from the output they are handed and store their own on
# the input; a driver wires them after the forward pass, and the update reads each parameter's `.g`
_FUNCTIONS = '''
    import torch


    def mse_grad(inp, targ):
        inp.g = 2. * (inp.squeeze(-1) - targ).unsqueeze(-1) / inp.shape[0]


    def relu_grad(inp, out):
        inp.g = (inp > 0).float() * out.g


    def lin_grad(inp, out, w, b):
        inp.g = out.g @ w.t()
        w.g = inp.t() @ out.g
        b.g = out.g.sum(0)


    def forward_and_backward(inp, targ):
        l1 = inp @ w1 + b1
        l2 = l1.clamp_min(0.)
        out = l2 @ w2 + b2
        loss = (out.squeeze(-1) - targ).pow(2).mean()
        mse_grad(out, targ)
        lin_grad(l2, out, w2, b2)
        relu_grad(l1, l2)
        lin_grad(inp, l1, w1, b1)
        return loss


    x = torch.randn(50, 6)
    y = torch.randn(50)
    w1 = torch.randn(6, 20) / 6 ** 0.5
    b1 = torch.zeros(20)
    w2 = torch.randn(20, 1) / 20 ** 0.5
    b2 = torch.zeros(1)
    for i in range(30):
        loss = forward_and_backward(x, y)
        for p in (w1, b1, w2, b2):
            p -= 0.01 * p.g
'''


def test_gradients_kept_on_tensors_are_the_three_formulas() -> None:
    k = _kinds(_FUNCTIONS)
    for text, kind in (("inp.g = 2. * (inp.squeeze(-1) - targ).unsqueeze(-1) / inp.shape[0]", "error"),
                       ("inp.g = (inp > 0).float() * out.g", "F1"),
                       ("inp.g = out.g @ w.t()", "F2"),
                       ("w.g = inp.t() @ out.g", "F3"),
                       ("b.g = out.g.sum(0)", "F3"),
                       ("p -= 0.01 * p.g", "update")):
        assert kind in k.get(_line(_FUNCTIONS, text), set()), text


def test_an_update_climbing_a_kept_gradient_is_reported() -> None:
    src = _FUNCTIONS.replace("p -= 0.01 * p.g", "p += 0.01 * p.g")
    found = [f for f in _result(src).findings if f.code == "BP201"]
    assert [f.line for f in found] == [_line(src, "p += 0.01 * p.g")]


# a base class whose own __call__ keeps the arguments and the output, and whose backward() hands them to the
# layer's bwd(out, *args): the call runs __call__ (not forward directly), so backward finds what it kept
_MODULE = '''
    import torch


    class Module:
        def __call__(self, *args):
            self.args = args
            self.out = self.forward(*args)
            return self.out

        def backward(self):
            self.bwd(self.out, *self.args)


    class Lin(Module):
        def __init__(self, w, b):
            self.w, self.b = w, b

        def forward(self, inp):
            return inp @ self.w + self.b

        def bwd(self, out, inp):
            inp.g = out.g @ self.w.t()
            self.w.g = torch.einsum("bi,bj->ij", inp, out.g)
            self.b.g = out.g.sum(0)


    class Relu(Module):
        def forward(self, inp):
            return inp.clamp_min(0.)

        def bwd(self, out, inp):
            inp.g = (inp > 0).float() * out.g


    class Mse(Module):
        def forward(self, inp, targ):
            return (inp.squeeze(-1) - targ).pow(2).mean()

        def bwd(self, out, inp, targ):
            inp.g = 2 * (inp.squeeze(-1) - targ).unsqueeze(-1) / targ.shape[0]


    w1, b1 = torch.randn(6, 20) / 6 ** 0.5, torch.zeros(20)
    w2, b2 = torch.randn(20, 1) / 20 ** 0.5, torch.zeros(1)
    layers = [Lin(w1, b1), Relu(), Lin(w2, b2)]
    loss_fn = Mse()
    x, y = torch.randn(50, 6), torch.randn(50)
    h = x
    for layer in layers:
        h = layer(h)
    loss = loss_fn(h, y)
    loss_fn.backward()
    for layer in reversed(layers):
        layer.backward()
'''


def test_a_class_of_its_own_with_call_keeps_what_backward_reads() -> None:
    k = _kinds(_MODULE)
    for text, kind in (("inp.g = 2 * (inp.squeeze(-1) - targ).unsqueeze(-1) / targ.shape[0]", "error"),
                       ("inp.g = (inp > 0).float() * out.g", "F1"),
                       ("inp.g = out.g @ self.w.t()", "F2"),
                       ('self.w.g = torch.einsum("bi,bj->ij", inp, out.g)', "F3"),
                       ("self.b.g = out.g.sum(0)", "F3")):
        assert kind in k.get(_line(_MODULE, text), set()), text


def test_a_missing_transpose_is_mended_as_the_layer_spells_its_weight() -> None:
    src = _MODULE.replace("inp.g = out.g @ self.w.t()", "inp.g = out.g @ self.w")
    found = [f for f in _result(src).findings if f.code == "BP304"]
    assert found and found[0].line == _line(src, "inp.g = out.g @ self.w")
    assert found[0].expected == "inp.g = out.g @ self.w.T"


def test_a_g_attribute_outside_a_backward_pass_is_no_gradient() -> None:
    # guard: colour channels and other `.g` attributes read where no gradient is ever stored say nothing
    src = '''
        import numpy as np


        def luminance(c):
            return 0.3 * c.r + 0.59 * c.g + 0.11 * c.b


        def blend(a, b, t):
            return (1 - t) * a.g + t * b.g


        pixels = np.random.rand(10, 3)
        w = np.random.randn(3, 1)
        for i in range(5):
            out = pixels @ w
            w -= 0.1 * luminance(out)
    '''
    res = _result(src)
    assert not res.findings
    assert not [t for t in res.tags if t.kind in ("error", "F1", "F2", "F3")]


# the same functions checked against autograd instead of trained: nothing steps the parameters, the gradients
# they keep (`w1.g`) are what says which arrays are trained; the ReLU's derivative written with torch.where
_CHECKED = '''
    import math

    import torch
    from data import get_data

    x_train, y_train = get_data()
    n, m = x_train.shape
    w1 = torch.randn(m, 50) / math.sqrt(m)
    b1 = torch.zeros(50)
    w2 = torch.randn(50, 1) / math.sqrt(50)
    b2 = torch.zeros(1)


    def mse_grad(inp, targ):
        inp.g = 2. * (inp.squeeze() - targ).unsqueeze(-1) / inp.shape[0]


    def relu_grad(inp, out):
        inp.g = torch.where(inp <= 0, torch.tensor(0.), torch.tensor(1.)) * out.g


    def lin_grad(inp, out, w, b):
        inp.g = out.g @ w.t()
        w.g = (inp.unsqueeze(-1) * out.g.unsqueeze(1)).sum(0)
        b.g = out.g.sum(0)


    def forward_and_backward(inp, targ):
        l1 = inp @ w1 + b1
        l2 = l1.clamp_min(0.)
        out = l2 @ w2 + b2
        loss = (out.squeeze(-1) - targ).pow(2).mean()
        mse_grad(out, targ)
        lin_grad(l2, out, w2, b2)
        relu_grad(l1, l2)
        lin_grad(inp, l1, w1, b1)


    forward_and_backward(x_train, y_train)
    w1g = w1.g.clone()
'''


def test_gradients_checked_not_trained_are_still_read_through_the_driver() -> None:
    res = _result(_CHECKED)
    k = _kinds(_CHECKED)
    for text, kind in (("inp.g = 2. * (inp.squeeze() - targ).unsqueeze(-1) / inp.shape[0]", "error"),
                       ("inp.g = torch.where(inp <= 0, torch.tensor(0.), torch.tensor(1.)) * out.g", "F1"),
                       ("w.g = (inp.unsqueeze(-1) * out.g.unsqueeze(1)).sum(0)", "F3"),
                       ("b.g = out.g.sum(0)", "F3")):
        assert kind in k.get(_line(_CHECKED, text), set()), text
    # a mask written as where(x <= 0, 0, 1) with tensor constants is the ReLU's derivative, not a leaky one
    assert not res.findings


def test_an_expression_a_notebook_shows_is_not_a_gradient_thrown_away(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from bpscan import engine
    from bpscan.config import enabled_codes

    setup = textwrap.dedent(_CHECKED).replace("forward_and_backward(x_train, y_train)\nw1g = w1.g.clone()\n", "")
    cells = [setup, "forward_and_backward(x_train, y_train)", "res = x_train @ w1 + b1\nres = res.clamp_min(0.) @ w2 + b2",
             "res - y_train\n", "for i in range(2):\n    res - y_train"]
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                     "source": c} for c in cells],
          "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "check.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    found = engine.check_file(engine.FileTask(str(path), enabled_codes([]))).findings
    # the cell's last expression is shown; the same expression inside a loop is computed and thrown away
    assert [(f.code, f.cell) for f in found] == [("BP102", 5)]


_OVERRIDDEN_STEP = '''
    import torch


    class SGD:
        def __init__(self, params, lr):
            self.params, self.lr = list(params), lr

        def step(self):
            with torch.no_grad():
                for p in self.params:
                    self.opt_step(p)

        def opt_step(self, p):
            p -= p.grad * self.lr


    class RMSProp(SGD):
        def __init__(self, params, lr, sqr_mom=0.99, eps=1e-5):
            super().__init__(params, lr)
            self.sqr_mom, self.eps = sqr_mom, eps

        def opt_step(self, p):
            if not hasattr(p, "sqr_avg"):
                p.sqr_avg = p.grad ** 2
            p.sqr_avg = p.sqr_avg * self.sqr_mom + p.grad ** 2 * (1 - self.sqr_mom)
            p -= self.lr * p.grad / (p.sqr_avg.sqrt() + self.eps)
'''


def test_an_optimiser_step_its_base_class_calls_under_no_grad_is_not_reported() -> None:
    # guard (false on the probe before the fix): the subclass's opt_step is run by SGD.step inside no_grad
    assert not [f for f in _result(_OVERRIDDEN_STEP).findings if f.code == "BP502"]


# a recurrent cell of a homework framework: backward is handed the cell's output and the states its forward
# saw under other names (`h_prev_l` is forward's `x`, `h_prev_t` its `h`); the weights are kept by the cell, so
# what backward is handed is data, and each buffer's name says which weight's gradient it sums
_CELL = '''
    import numpy as np


    class RNNCell:
        def __init__(self, input_size, hidden_size):
            self.W_ih = np.random.randn(hidden_size, input_size)
            self.W_hh = np.random.randn(hidden_size, hidden_size)
            self.b_ih = np.random.randn(hidden_size)
            self.b_hh = np.random.randn(hidden_size)
            self.dW_ih = np.zeros((hidden_size, input_size))
            self.dW_hh = np.zeros((hidden_size, hidden_size))
            self.db_ih = np.zeros(hidden_size)
            self.db_hh = np.zeros(hidden_size)

        def forward(self, x, h):
            return np.tanh(np.dot(x, self.W_ih.T) + self.b_ih + np.dot(h, self.W_hh.T) + self.b_hh)

        def backward(self, delta, h, h_prev_l, h_prev_t):
            batch_size = delta.shape[0]
            dz = delta * (1 - h ** 2)
            self.dW_ih += np.dot(dz.T, h_prev_l) / batch_size
            self.dW_hh += np.dot(dz.T, h_prev_t) / batch_size
            self.db_ih += np.sum(dz, axis=0) / batch_size
            self.db_hh += np.sum(dz, axis=0) / batch_size
            return np.dot(dz, self.W_ih), np.dot(dz, self.W_hh)
'''


def test_a_cells_states_handed_under_new_names_are_its_layers_inputs() -> None:
    tags = {(t.line, t.kind): t for t in _result(_CELL).tags}
    for text, param in (("self.dW_ih += np.dot(dz.T, h_prev_l) / batch_size", "self.W_ih"),
                        ("self.dW_hh += np.dot(dz.T, h_prev_t) / batch_size", "self.W_hh"),
                        ("self.db_ih += np.sum(dz, axis=0) / batch_size", "self.b_ih"),
                        ("self.db_hh += np.sum(dz, axis=0) / batch_size", "self.b_hh")):
        tag = tags.get((_line(_CELL, text), "F3"))
        assert tag is not None and tag.param == param, (text, tag and tag.param)


def test_a_velocity_rebuilt_from_its_previous_value_is_no_crossed_update() -> None:
    # guard (false on the fortieth probe before the fix): an optimiser handed (weights, gradient) keeps its own
    # velocity, rebuilt from the previous one under another name, and adds it to the weights it returns
    src = '''
        import numpy as np


        class SgdWithMomentum:
            def __init__(self, learning_rate, momentum_rate):
                self.learning_rate = learning_rate
                self.momentum_rate = momentum_rate
                self.velocity = np.array([])
                self.previous_velocity = np.array([])

            def calculate_update(self, weight_tensor, gradient_tensor):
                self.previous_velocity = self.velocity
                if not self.previous_velocity.any():
                    self.velocity = -self.learning_rate * gradient_tensor
                else:
                    self.velocity = self.previous_velocity * self.momentum_rate - self.learning_rate * gradient_tensor
                return weight_tensor + self.velocity
    '''
    res = _result(src)
    assert not [f for f in res.findings if f.code == "BP103"]
    assert "update" in _kinds(src).get(_line(src, "return weight_tensor + self.velocity"), set())


def test_a_property_rebound_by_a_later_def_is_no_property() -> None:
    # guard: `@property def gradient_weights` followed by a plain `def gradient_weights(self, val)` leaves a plain
    # method under the name; what backward stores on the instance is what the step reads
    src = '''
        import numpy as np


        class FullyConnected:
            def __init__(self, n_in, n_out):
                self.weights = np.random.uniform(0.0, 1.0, (n_in + 1, n_out))
                self.optimizer = None

            def forward(self, x):
                self.x = np.concatenate((x, np.ones((x.shape[0], 1))), axis=1)
                return np.dot(self.x, self.weights)

            def backward(self, error):
                out = np.dot(error, self.weights[:-1].T)
                self.gradient_weights = np.dot(self.x.T, error)
                if self.optimizer is not None:
                    self.weights = self.optimizer.calculate_update(self.weights, self.gradient_weights)
                return out

            @property
            def gradient_weights(self):
                return self._gradient_weights

            def gradient_weights(self, val):
                self._gradient_weights = val
    '''
    k = _kinds(src)
    assert "update" in k.get(_line(src, "self.weights = self.optimizer.calculate_update(self.weights, "
                                         "self.gradient_weights)"), set())


# the same course framework's softmax layer and cross-entropy loss, each a class of its own with no driver: the
# softmax's backward is its Jacobian's product, the loss's backward the error at the probabilities
_SOFTMAX_CE = '''
    import numpy as np


    class SoftMax:
        def forward(self, input_tensor):
            shifted = input_tensor - np.max(input_tensor, axis=1, keepdims=True)
            exp_ = np.exp(shifted)
            self.output_tensor = exp_ / np.sum(exp_, axis=1, keepdims=True)
            return self.output_tensor

        def backward(self, error_tensor):
            return self.output_tensor * (error_tensor - np.sum(error_tensor * self.output_tensor, axis=1, keepdims=True))


    class CrossEntropyLoss:
        def forward(self, prediction_tensor, label_tensor):
            self.prediction_tensor = prediction_tensor
            return np.sum(-np.log(prediction_tensor[label_tensor == 1] + np.finfo(float).eps))

        def backward(self, label_tensor):
            return -label_tensor / (self.prediction_tensor + np.finfo(float).eps)
'''


def test_a_softmax_layer_and_a_loss_of_their_own_are_read() -> None:
    k = _kinds(_SOFTMAX_CE)
    assert "F1" in k.get(_line(_SOFTMAX_CE, "return self.output_tensor * (error_tensor - np.sum(error_tensor * "
                                            "self.output_tensor, axis=1, keepdims=True))"), set())
    assert "error" in k.get(_line(_SOFTMAX_CE, "return -label_tensor / (self.prediction_tensor + "
                                               "np.finfo(float).eps)"), set())
    assert not _result(_SOFTMAX_CE).findings


def test_an_optimiser_returning_from_either_branch_steps_in_both() -> None:
    # the course framework's optimisers return the stepped weights from each branch of `if self.regularizer`
    src = '''
        class Sgd:
            def __init__(self, learning_rate):
                self.learning_rate = learning_rate
                self.regularizer = None

            def calculate_update(self, weight_tensor, gradient_tensor):
                if self.regularizer is not None:
                    shrink = self.learning_rate * self.regularizer.calculate_gradient(weight_tensor)
                    return weight_tensor - shrink - self.learning_rate * gradient_tensor
                else:
                    return weight_tensor - self.learning_rate * gradient_tensor
    '''
    k = _kinds(src)
    for text in ("return weight_tensor - shrink - self.learning_rate * gradient_tensor",
                 "return weight_tensor - self.learning_rate * gradient_tensor"):
        assert "update" in k.get(_line(src, text), set()), text
    assert not _result(src).findings


def test_a_stepped_weight_handed_to_a_helper_is_reported_at_the_call() -> None:
    # the course hands a batch-norm gradient helper to its students; the fault is the call after the step
    src = '''
        import numpy as np


        def input_gradient(error, x_hat, weights, var, eps=1e-10):
            return error * weights / np.sqrt(var + eps)


        class Scale:
            def __init__(self, n):
                self.weights = np.random.uniform(0.0, 1.0, n)
                self.optimizer = None

            def forward(self, x):
                self.var = x.var(axis=0)
                self.x_hat = (x - x.mean(axis=0)) / np.sqrt(self.var + 1e-10)
                return self.weights * self.x_hat

            def backward(self, error):
                self.gradient_weights = np.sum(error * self.x_hat, axis=0)
                if self.optimizer is not None:
                    self.weights = self.optimizer.calculate_update(self.weights, self.gradient_weights)
                out = input_gradient(error, self.x_hat, self.weights, self.var)
                return out
    '''
    found = [f for f in _result(src).findings if f.code == "BP306"]
    assert [f.line for f in found] == [_line(src, "out = input_gradient(error, self.x_hat, self.weights, self.var)")]
    assert any(r.line == _line(src, "return error * weights / np.sqrt(var + eps)") for r in found[0].related)
