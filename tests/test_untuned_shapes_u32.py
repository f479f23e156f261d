"""Shapes of real code met in the U32 probes (2026-12-06), in our own words: per-layer lists read at `l - 1`,
functional updates into a copied list, loss functions handed in, optimisers over pairs a module hands out.
Each test failed on the checkout before its fix, except the guards that say so."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Iterable

from bpscan.analysis import analyze_source
from bpscan.results import Tag
from shape_util import kinds as _kinds, line_of as _line, result as _result

# ------------------------------------------------------------------ per-layer lists, stepped into a copy

# A function library over lists of weights: the forward keeps z and a in `[None] * n` lists filled at `l - 1`,
# the backward writes the stepped weights into a copy of the list, which the driver binds back.
_LAYER_LISTS = '''
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))


    def sigmoid_grad(x):
        s = sigmoid(x)
        return s * (1 - s)


    acts = {"sigmoid": sigmoid}
    grads_of_acts = {"sigmoid": sigmoid_grad}


    def mse_grad(out, want):
        return 2 * (out - want)


    def feed(x, n_layers, weights, biases, names):
        a = [None] * (n_layers + 1)
        z = [None] * n_layers
        a[0] = x
        for l in range(1, n_layers + 1):
            z[l - 1] = np.einsum("ij,kj->ik", a[l - 1], weights[l - 1]) + biases[l - 1]
            f = acts[names[l - 1]]
            a[l] = f(z[l - 1])
        return a, z


    def back(z, a, names, n_layers, weights, biases, rate, d_out):
        delta = [None] * (n_layers + 1)
        d_w = [None] * n_layers
        d_b = [None] * n_layers
        fp = grads_of_acts[names[n_layers - 1]]
        delta[n_layers] = fp(z[n_layers - 1]) * d_out
        new_w = weights[:]
        new_b = biases[:]
        d_w[n_layers - 1] = np.einsum("ji,jk->ik", delta[n_layers], a[n_layers - 1])
        new_w[n_layers - 1] = weights[n_layers - 1] - rate * d_w[n_layers - 1]
        d_b[n_layers - 1] = np.sum(delta[n_layers], axis=0)
        new_b[n_layers - 1] = biases[n_layers - 1] - rate * d_b[n_layers - 1]
        for l in range(n_layers - 1, 0, -1):
            back_err = np.einsum("ik,lk->li", {through}[l].T, delta[l + 1])
            fp = grads_of_acts[names[l - 1]]
            delta[l] = fp(z[l - 1]) * back_err
            d_w[l - 1] = np.einsum("ji,jk->ik", delta[l], a[l - 1])
            d_b[l - 1] = np.sum(delta[l], axis=0)
            new_w[l - 1] = weights[l - 1] - rate * d_w[l - 1]
            new_b[l - 1] = biases[l - 1] - rate * d_b[l - 1]
        return d_w, d_b, new_w, new_b


    def optimise(inputs, outputs, names, n_layers, epochs=10, batch=4, rate=0.5, weights=None, biases=None,
                 loss_grad=mse_grad):
        for epoch in range(epochs):
            for start in range(0, inputs.shape[0], batch):
                x = inputs[start:start + batch]
                want = outputs[start:start + batch]
                a, z = feed(x, n_layers, weights, biases, names)
                d_out = loss_grad(a[n_layers], want) / batch
                d_w, d_b, weights, biases = back(z, a, names, n_layers, weights, biases, rate, d_out)
        return weights, biases
'''

_DRIVER = '''
    import numpy as np
    from netlib import optimise

    sizes = [3, 1]
    names = ["sigmoid", "sigmoid"]
    inputs = np.array([[0., 0., 1., 1.], [0., 1., 0., 1.]]).T
    outputs = np.array([[0., 1., 1., 0.]]).T
    weights = [np.random.randn(3, 2), np.random.randn(1, 3)]
    biases = [np.zeros(3), np.zeros(1)]
    w, b = optimise(inputs, outputs, names, len(sizes), epochs=100, rate=0.5, weights=weights, biases=biases)
'''


def _project(tmp_path: Path, through: str) -> tuple[Path, Path]:
    lib = tmp_path / "netlib.py"
    lib.write_text(textwrap.dedent(_LAYER_LISTS.replace("{through}", through)))
    main = tmp_path / "train.py"
    main.write_text(textwrap.dedent(_DRIVER))
    return lib, main


def _by_line(tags: Iterable[Tag]) -> dict[int, set[str]]:
    """The tag kinds on each line."""
    out: dict[int, set[str]] = {}
    for t in tags:
        out.setdefault(t.line, set()).add(t.kind)
    return out


def _lib_line(lib: Path, text: str) -> int:
    return next(i for i, s in enumerate(lib.read_text().splitlines(), 1) if s.strip() == text)


def test_lists_of_layers_read_at_l_minus_one_and_stepped_into_a_copy_are_a_network(tmp_path: Path) -> None:
    # `n_layers = len(sizes)` keeps the loops of a list of sizes symbolic elsewhere; a loop that reads per-layer
    # arrays at `l - 1` runs once per layer, and `[None] * n` keeps one slot per layer
    lib, main = _project(tmp_path, "weights")
    res = analyze_source(main.read_text(), str(main))
    by_line = _by_line(t for t in res.foreign_tags if t.path is not None and t.path.endswith("netlib.py"))
    assert "error" in by_line.get(_lib_line(lib, "return 2 * (out - want)"), set())
    assert "F1" in by_line.get(_lib_line(lib, "delta[n_layers] = fp(z[n_layers - 1]) * d_out"), set())
    assert "F2" in by_line.get(_lib_line(lib, 'back_err = np.einsum("ik,lk->li", weights[l].T, delta[l + 1])'),
                               set())
    assert "F1" in by_line.get(_lib_line(lib, "delta[l] = fp(z[l - 1]) * back_err"), set())
    assert "F3" in by_line.get(_lib_line(lib, 'd_w[l - 1] = np.einsum("ji,jk->ik", delta[l], a[l - 1])'), set())
    assert "update" in by_line.get(_lib_line(lib, "new_w[l - 1] = weights[l - 1] - rate * d_w[l - 1]"), set())
    assert "update" in by_line.get(_lib_line(lib, "new_b[l - 1] = biases[l - 1] - rate * d_b[l - 1]"), set())
    # the copy's slot holds the new weight; the list the F2 reads still holds the forward's: nothing is stale
    assert not res.findings and not res.foreign, [(f.code, f.message) for f in (*res.findings, *res.foreign)]


def test_formula_2_through_the_copied_list_s_stepped_slot_is_stale(tmp_path: Path) -> None:
    # the same library sending the error back through `new_w[l]`, the weight this step already wrote
    lib, main = _project(tmp_path, "new_w")
    res = analyze_source(main.read_text(), str(main))
    stale = [f for f in res.foreign if f.code == "BP306"]
    assert stale and stale[0].line == _lib_line(lib, 'back_err = np.einsum("ik,lk->li", new_w[l].T, delta[l + 1])')


def test_a_library_of_list_functions_read_alone_tags_its_backward(tmp_path: Path) -> None:
    # no caller in the file: `weights` is handed to `feed`, which reads it at `l - 1` (a list of per-layer
    # parameters), and `loss_grad` defaults to the file's own loss derivative
    lib, _ = _project(tmp_path, "weights")
    res = analyze_source(lib.read_text(), str(lib))
    by_line = _by_line(res.tags)
    assert "error" in by_line.get(_lib_line(lib, "return 2 * (out - want)"), set())
    assert "F1" in by_line.get(_lib_line(lib, "delta[n_layers] = fp(z[n_layers - 1]) * d_out"), set())
    assert "F3" in by_line.get(_lib_line(lib, 'd_w[n_layers - 1] = np.einsum("ji,jk->ik", delta[n_layers], '
                                              'a[n_layers - 1])'), set())
    assert "update" in by_line.get(_lib_line(lib, "new_w[n_layers - 1] = weights[n_layers - 1] - rate * "
                                                  "d_w[n_layers - 1]"), set())
    assert not [f for f in res.findings if f.confidence == "high"], [(f.code, f.message) for f in res.findings]


# ------------------------------------------------------------------ a loss derivative handed in

_HANDED_DCOST = '''
    import numpy as np


    def train(x0, w, cost, dcost, eta, steps):
        x = [x0, None, None]
        y = [None, None, None]
        y[1] = w[1].T.dot(x[0])
        x[1] = np.maximum(y[1], 0)
        y[2] = w[2].T.dot(x[1])
        x[2] = y[2]
        for step in range(steps):
            delta = dcost(x[2])
            dw2 = x[1].dot(delta.T)
            delta = w[2].dot(delta)
            delta[y[1] < 0] = 0
            dw1 = x[0].dot(delta.T)
            w[1] -= eta * dw1
            w[2] -= eta * dw2
            y[1] = w[1].T.dot(x[0])
            x[1] = np.maximum(y[1], 0)
            y[2] = w[2].T.dot(x[1])
            x[2] = y[2]
'''


def test_a_loss_derivative_handed_in_as_a_function_gives_the_output_s_gradient() -> None:
    # a function argument called on the output, named as the loss's derivative: the gradient there (`cost, dcost`
    # were read as a parameter and its gradient before, which tags some of these lines for the wrong reason)
    src = _HANDED_DCOST
    k = _kinds(src)
    assert "F3" in k.get(_line(src, "dw2 = x[1].dot(delta.T)"), set())
    assert "F2" in k.get(_line(src, "delta = w[2].dot(delta)"), set())
    assert "F1" in k.get(_line(src, "delta[y[1] < 0] = 0"), set())
    assert "update" in k.get(_line(src, "w[1] -= eta * dw1"), set())
    # which way dcost points its body would say: no direction is claimed
    assert not _result(src).findings


# ------------------------------------------------------------------ pairs a module hands its optimiser

_PAIRS_HANDED_OUT = '''
    import torch

    torch.set_grad_enabled(False)


    class Linear:
        def __init__(self, n_in, n_out):
            self.weight = torch.Tensor(n_in, n_out).normal_()
            self.bias = torch.Tensor(1, n_out).normal_()
            self.dl_dw = torch.Tensor(self.weight.size())
            self.dl_db = torch.Tensor(self.bias.size())

        def forward(self, x):
            self.x = x
            return self.x.mm(self.weight) + self.bias

        def backward(self, g):
            self.dl_dw += self.x.t().mm(g)
            self.dl_db += g.sum(0)
            return g.mm(self.weight.t())

        def param(self):
            return [(self.weight, self.dl_dw), (self.bias, self.dl_db)]


    class Tanh:
        def forward(self, x):
            self.s = x
            return torch.tanh(x)

        def backward(self, g):
            return g * (1 - torch.tanh(self.s) ** 2)

        def param(self):
            return []


    class Sequential:
        def __init__(self, modules):
            self.modules = modules

        def forward(self, x):
            for m in self.modules:
                x = m.forward(x)
            return x

        def backward(self, g):
            for m in self.modules[::-1]:
                g = m.backward(g)

        def param(self):
            out = []
            for m in self.modules:
                out.append(m.param())
            return out


    class SGD:
        def __init__(self, params, lr):
            self.params = params
            self.lr = lr

        def step(self):
            for module in self.params:
                for weight, grad in module:
                    weight -= self.lr * grad

        def zero_grad(self):
            for module in self.params:
                for weight, grad in module:
                    grad.zero_()


    x = torch.randn(64, 2)
    y = torch.randn(64, 1)
    model = Sequential([Linear(2, 8), Tanh(), Linear(8, 1)])
    opt = SGD(model.param(), 0.01)
    for epoch in range(100):
        opt.zero_grad()
        out = model.forward(x)
        model.backward(2 * (out - y) / x.size(0))
        opt.step()
'''


def test_a_tensor_made_to_a_weight_s_size_is_a_gradient_buffer_not_a_parameter() -> None:
    # `torch.Tensor(w.size())` is torch.empty of w's shape, summed into by backward: no update of it is claimed
    # (the module read alone, its classes driven as entry points, as when its driver is in another file)
    res = _result(_PAIRS_HANDED_OUT.split("    x = torch.randn(64, 2)")[0])
    assert not [f for f in res.findings if f.code in ("BP103", "BP201")], [(f.code, f.message) for f in res.findings]


def test_an_optimiser_over_the_pairs_each_module_hands_out_steps_every_parameter() -> None:
    # `out.append(m.param())` for each module of a known list: the nested (parameter, gradient) pairs stay
    # known one by one, so `weight -= lr * grad` steps each module's own
    src = _PAIRS_HANDED_OUT
    res = _result(src)
    steps = {lay.name: lay.update for lay in res.layers}
    assert steps and all(u == (_line(src, "weight -= self.lr * grad"),) for u in steps.values()), steps
    assert not [f for f in res.findings if f.code in ("BP101", "BP102")], [(f.code, f.message) for f in res.findings]


_HANDED_OUT_ALONE = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.w = np.random.randn(n_in, n_out) * 0.1
            self.dw = np.zeros_like(self.w)

        def forward(self, x):
            self.x = x
            return x @ self.w

        def backward(self, g):
            self.dw = self.x.T @ g
            return g @ self.w.T

        def pairs(self):
            return [(self.w, self.dw)]


    class Plain:
        def __init__(self, n_in, n_out):
            self.w = np.random.randn(n_in, n_out) * 0.1

        def forward(self, x):
            self.x = x
            return x @ self.w

        def backward(self, g):
            self.dw = self.x.T @ g
            self.w -= 0.1 * self.dw
            return g @ self.w.T


    x = np.random.randn(32, 4)
    t = np.random.randn(32, 1)
    first, second = Plain(4, 4), Dense(4, 1)
    for epoch in range(50):
        out = second.forward(first.forward(x))
        first.backward(second.backward(out - t))
'''


def test_a_gradient_a_class_hands_out_through_a_method_is_not_claimed_unused() -> None:
    # `def pairs(self): return [(self.w, self.dw)]`: whoever calls it (an optimiser elsewhere) may apply dw
    res = _result(_HANDED_OUT_ALONE)
    assert not [f for f in res.findings if f.code == "BP102"], [(f.code, f.message) for f in res.findings]


# ------------------------------------------------------------------ a comprehension that skips some layers

_FILTERED_PARAMS = '''
    import numpy as np


    class Param:
        def __init__(self, value):
            self.value = value
            self.grad = np.zeros_like(value)


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = Param(np.random.randn(n_in, n_out) * 0.01)
            self.b = Param(np.zeros((1, n_out)))

        def forward(self, X):
            self.X = X
            return np.maximum(X @ self.W.value + self.b.value, 0)

        def backward(self, dA):
            dZ = dA * (self.X @ self.W.value + self.b.value > 0)
            self.W.grad = self.X.T @ dZ
            self.b.grad = dZ.sum(axis=0, keepdims=True)
            return dZ @ self.W.value.T

        def get_param(self):
            return self.W, self.b


    class Dropout:
        def forward(self, X):
            self.mask = np.random.rand(*X.shape) > 0.2
            return X * self.mask / 0.8

        def backward(self, dX):
            return dX * self.mask / 0.8


    class Adam:
        def __init__(self, parameters, lr):
            self.parameters = parameters
            self.lr = lr
            self.m = []
            for p in self.parameters:
                self.m.append(np.zeros_like(p.grad))

        def step(self):
            for i in range(len(self.parameters)):
                self.m[i][:] = 0.9 * self.m[i] + 0.1 * self.parameters[i].grad
                self.parameters[i].value -= self.lr * self.m[i]


    layers = [Dense(4, 8), Dropout(), Dense(8, 1)]
    params = [p for layer in layers if not isinstance(layer, Dropout) for p in layer.get_param()]
    opt = Adam(params, 0.01)
    X = np.random.randn(16, 4)
    T = np.random.randn(16, 1)
    for epoch in range(100):
        out = X
        for layer in layers:
            out = layer.forward(out)
        g = out - T
        for layer in reversed(layers):
            g = layer.backward(g)
        opt.step()
'''


def test_a_comprehension_that_leaves_out_some_layers_keeps_each_parameter_apart() -> None:
    # `[p for layer in layers if not isinstance(layer, Dropout) for p in layer.get_param()]`, and the optimiser's
    # state appended per parameter (`np.zeros_like(p.grad)`): each parameter stepped with its own moment
    src = _FILTERED_PARAMS
    res = _result(src)
    assert not res.findings, [(f.code, f.message) for f in res.findings]
    step = _line(src, "self.parameters[i].value -= self.lr * self.m[i]")
    assert res.layers and all(lay.update == (step,) for lay in res.layers), res.layers


# ------------------------------------------------------------------ a leaky ReLU written as its two parts

_LEAKY_PARTS = '''
    import torch

    torch.set_grad_enabled(False)


    class LeakyReLU:
        def __init__(self, alpha=0.01):
            self.alpha = alpha

        def forward(self, x):
            self.s = x
            return x.clamp(min=0.0) + self.alpha * x.clamp(max=0.0)

        def backward(self, g):
            d = torch.ones(self.s.size())
            d[self.s < 0] = self.alpha
            return g * d
'''


def test_a_leaky_relu_written_as_its_positive_and_scaled_negative_parts_is_one() -> None:
    # `x.clamp(min=0) + alpha * x.clamp(max=0)`: the leaky ReLU, whose derivative its backward applies
    res = _result(_LEAKY_PARTS)
    assert not [f for f in res.findings if f.code == "BP301"], [(f.code, f.message) for f in res.findings]


# ------------------------------------------------------------------ modules handed in by the class's user

# A course's MLP: its activations and its loss are objects its user hands in; each keeps what its forward pass
# was fed, and `derivative()` answers for it (no argument).
_HANDED_MODULES = '''
    import numpy as np


    class Linear:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros((1, n_out))

        def forward(self, x):
            self.x = x
            return x @ self.W + self.b

        def backward(self, delta):
            self.dW = self.x.T @ delta / delta.shape[0]
            self.db = delta.mean(axis=0, keepdims=True)
            return delta @ self.W.T


    class MLP:
        def __init__(self, sizes, activations, criterion, lr):
            self.layers = [Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
            self.activations = activations
            self.criterion = criterion
            self.lr = lr

        def forward(self, x):
            for i in range(len(self.layers)):
                x = self.activations[i].forward(self.layers[i].forward(x))
            self.output = x
            return x

        def backward(self, labels):
            self.criterion.forward(self.output, labels)
            delta = self.criterion.derivative()
            for i in range(len(self.layers) - 1, -1, -1):
                delta = delta * self.activations[i].derivative()
                delta = self.layers[i].backward(delta)

        def step(self):
            for layer in self.layers:
                layer.W -= self.lr * layer.dW
                layer.b -= self.lr * layer.db
'''


def test_modules_handed_in_answer_derivative_for_what_their_forward_was_fed() -> None:
    # `self.criterion.derivative()` after `self.criterion.forward(self.output, labels)`: the output's error;
    # `delta * self.activations[i].derivative()`: formula 1 with the activation its forward applied
    src = _HANDED_MODULES
    k = _kinds(src)
    assert "error" in k.get(_line(src, "delta = self.criterion.derivative()"), set())
    assert "F1" in k.get(_line(src, "delta = delta * self.activations[i].derivative()"), set())
    assert "F2" in k.get(_line(src, "delta = self.layers[i].backward(delta)"), set())
    assert "F3" in k.get(_line(src, "self.dW = self.x.T @ delta / delta.shape[0]"), set())
    # which way the handed-in loss's gradient points its code would say: no direction is claimed
    assert not _result(src).findings


_LOSS_DERIVATIVE_METHOD = '''
    import numpy as np


    class Criterion:
        def __init__(self):
            self.logits = None
            self.labels = None

        def __call__(self, x, y):
            return self.forward(x, y)

        def forward(self, x, y):
            raise NotImplementedError

        def derivative(self):
            raise NotImplementedError


    class SoftmaxCrossEntropy(Criterion):
        def forward(self, x, y):
            self.logits = x
            self.labels = y
            m = x.max(axis=1, keepdims=True)
            log_z = m + np.log(np.exp(x - m).sum(axis=1, keepdims=True))
            self.loss = -np.einsum("ij,ij->i", y, x - log_z)
            return self.loss

        def derivative(self):
            sm = np.exp(self.logits) / np.exp(self.logits).sum(axis=1, keepdims=True)
            return sm - self.labels
'''


def test_a_loss_class_s_derivative_without_arguments_is_the_error_of_what_forward_kept() -> None:
    src = _LOSS_DERIVATIVE_METHOD
    # (the loss reduced by an einsum, so no pair of a loss and its derivative handed the same two was seen, and
    # `derivative()` read alone had no targets to meet)
    assert "error" in _kinds(src).get(_line(src, "return sm - self.labels"), set())


# ------------------------------------------------------------------ slots made with None, an input named x0

_NONE_SLOTS = '''
    import numpy as np


    def train(phi, cost, dcost, eta, x0, w):
        dw = []
        y = []
        x = []
        for k in range(0, 3):
            dw.append(None)
            y.append(None)
            x.append(None)
        x[0] = x0
        y[1] = w[1].T.dot(x[0])
        x[1] = np.maximum(y[1], 0)
        y[2] = w[2].T.dot(x[1])
        x[2] = y[2]
        for step in range(100):
            delta = dcost(x[2])
            dw[2] = x[1].dot(delta.T)
            delta = w[2].dot(delta)
            delta[y[1] < 0] = 0
            dw[1] = x[0].dot(delta.T)
            w[1] -= eta * dw[1]
            w[2] -= eta * dw[2]
            y[1] = w[1].T.dot(x[0])
            x[1] = np.maximum(y[1], 0)
            y[2] = w[2].T.dot(x[1])
            x[2] = y[2]
'''


def test_slots_appended_as_none_once_per_layer_stay_apart_and_x0_is_the_input() -> None:
    # `x.append(None)` three times, then `x[1] = ...`: each slot its own layer's value (merged, the output's
    # error met the hidden layer and `dw[2]` read as w[1]'s gradient, a false BP103); `x0` is the data
    src = _NONE_SLOTS
    res = _result(src)
    assert not res.findings, [(f.code, f.message) for f in res.findings]
    layers = {lay.weight: lay for lay in res.layers}
    assert layers["w[2]"].f3 == (_line(src, "dw[2] = x[1].dot(delta.T)"),), layers
    assert layers["w[1]"].f3 == (_line(src, "dw[1] = x[0].dot(delta.T)"),), layers


# ------------------------------------------------------------------ a moving average written with torch's alpha

_TORCH_ADAM = '''
    import math
    import torch


    class Adam:
        def __init__(self, params, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
            self.params = list(params)
            self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
            self.m = [torch.zeros_like(p) for p in self.params]
            self.v = [torch.zeros_like(p) for p in self.params]
            self.t = 0

        def step(self):
            self.t += 1
            for i, p in enumerate(self.params):
                g = p.grad
                m, v = self.m[i], self.v[i]
                m.mul_(self.beta1).add_(g, alpha=1.0 - self.beta1)
                v.mul_(self.beta2).addcmul_(g, g, value=1.0 - self.beta2)
                denom = (v / (1 - self.beta2 ** self.t)).sqrt().add_(self.eps)
                p.addcdiv_(m, denom, value=-self.lr / (1 - self.beta1 ** self.t))
'''


def test_a_moment_updated_with_alpha_one_minus_beta_is_no_ascending_step() -> None:
    # `m.mul_(beta1).add_(g, alpha=1 - beta1)`: the new share of Adam's first moment (beta1 a known number, the
    # share is read off the source), not a parameter stepped up its gradient (a false BP201 before)
    res = _result(_TORCH_ADAM)
    assert not [f for f in res.findings if f.code == "BP201"], [(f.code, f.message) for f in res.findings]


# ------------------------------------------------------------------ a module protocol that hands the input back

_BASE_MODULE = '''
    import numpy as np


    class Module:
        def __init__(self):
            self._parameters = None
            self._gradient = None

        def __call__(self, *args):
            return self.forward(*args)

        def zero_grad(self):
            if self._parameters is not None:
                self._gradient = np.zeros_like(self._parameters)

        def update_parameters(self, gradient_step=1e-3):
            if self._parameters is not None:
                self._parameters -= gradient_step * self._gradient
'''

_MODULES = '''
    import numpy as np
    from base import Module


    class Linear(Module):
        def __init__(self, n_in, n_out):
            super().__init__()
            self._parameters = np.random.uniform(-0.1, 0.1, (n_in, n_out))
            self.zero_grad()

        def forward(self, X):
            return X @ self._parameters

        def backward_update_gradient(self, input, delta):
            self._gradient += input.T @ delta

        def backward_delta(self, input, delta):
            return delta @ self._parameters.T


    class Tanh(Module):
        def forward(self, X):
            return np.tanh(X)

        def backward_delta(self, input, delta):
            out = self(input)
            return delta * (1 - out ** 2)
'''


def test_a_module_handed_its_input_again_and_a_step_its_base_class_defines(tmp_path: Path) -> None:
    # `backward_delta(self, input, delta)` beside `forward(self, X)`: the forward's input handed back with the
    # gradient (an activation keeps nothing and recomputes `self(input)`); `update_parameters` of the shared
    # base class, in another file, steps each module's own parameters
    (tmp_path / "base.py").write_text(textwrap.dedent(_BASE_MODULE))
    mods = tmp_path / "modules.py"
    mods.write_text(textwrap.dedent(_MODULES))
    res = analyze_source(mods.read_text(), str(mods))
    src = _MODULES
    assert "F1" in {t.kind for t in res.tags if t.line == _line(src, "return delta * (1 - out ** 2)")}
    step = next(i for i, s in enumerate(textwrap.dedent(_BASE_MODULE).splitlines(), 1)
                if s.strip() == "self._parameters -= gradient_step * self._gradient")
    assert any(t.kind == "update" and t.line == step and t.path is not None and t.path.endswith("base.py")
               for t in res.foreign_tags), res.foreign_tags
    assert not res.findings and not res.foreign


# ------------------------------------------------------------------ a book's layer classes and its network

# The network keeps its layers in a list and a loss layer apart; `gradient(x, t)` runs the loss, then hands
# `dout = 1` back through the loss layer and the layers reversed. Weights drawn with He's scale from sizes the
# caller hands in.
_BOOK_NETWORK = '''
    import numpy as np


    def softmax(x):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


    class Affine:
        def __init__(self, W, b):
            self.W = W
            self.b = b

        def forward(self, x):
            self.x = x
            return np.dot(x, self.W) + self.b

        def backward(self, dout):
            dx = np.dot(dout, self.W.T)
            self.dW = np.dot(self.x.T, dout)
            self.db = np.sum(dout, axis=0)
            return dx


    class Relu:
        def forward(self, x):
            self.mask = x <= 0
            out = x.copy()
            out[self.mask] = 0
            return out

        def backward(self, dout):
            dout[self.mask] = 0
            return dout


    class SoftmaxWithLoss:
        def forward(self, x, t):
            self.t = t
            self.y = softmax(x)
            return -np.sum(t * np.log(self.y + 1e-7)) / x.shape[0]

        def backward(self, dout=1):
            batch_size = self.t.shape[0]
            if self.t.shape == self.y.shape:
                dx = (self.y - self.t) / batch_size
            else:
                dx = self.y.copy()
                dx[np.arange(batch_size), self.t] -= 1
                dx = dx / batch_size
            return dx


    class Net:
        def __init__(self, input_size, hidden_sizes, output_size):
            sizes = [input_size] + hidden_sizes + [output_size]
            self.params = {}
            self.layers = []
            for i in range(len(hidden_sizes)):
                scale = np.sqrt(2.0 / sizes[i])
                self.params[f"W{i}"] = scale * np.random.randn(sizes[i], sizes[i + 1])
                self.params[f"b{i}"] = np.zeros(sizes[i + 1])
                self.layers.append(Affine(self.params[f"W{i}"], self.params[f"b{i}"]))
                self.layers.append(Relu())
            self.params["W_out"] = np.sqrt(2.0 / sizes[-2]) * np.random.randn(sizes[-2], sizes[-1])
            self.params["b_out"] = np.zeros(sizes[-1])
            self.layers.append(Affine(self.params["W_out"], self.params["b_out"]))
            self.last = SoftmaxWithLoss()

        def loss(self, x, t):
            y = x
            for layer in self.layers:
                y = layer.forward(y)
            return self.last.forward(y, t)

        def gradient(self, x, t):
            self.loss(x, t)
            dout = 1
            dout = self.last.backward(dout)
            for layer in reversed(self.layers):
                dout = layer.backward(dout)
            return dout
'''


def test_a_book_network_s_loss_layer_handed_dout_one_is_the_output_error() -> None:
    # `scale * np.random.randn(...)` with `scale = np.sqrt(2.0 / sizes[i])` of sizes handed in is a weight drawn
    # (its scale depends on the sizes, nothing else); the loss layer's backward returns the error from either of
    # its branches, which the call that hands it on carries
    src = _BOOK_NETWORK
    k = _kinds(src)
    assert "error" in k.get(_line(src, "dout = self.last.backward(dout)"), set())
    assert k.get(_line(src, "dout = layer.backward(dout)"), set()) & {"F1", "F2"}
    assert "F3" in k.get(_line(src, "self.dW = np.dot(self.x.T, dout)"), set())
    assert not _result(src).findings


_MSE_Y_T = '''
    import numpy as np


    class MeanSquaredError:
        def forward(self, y, t):
            self.y = y
            self.t = t
            return 0.5 * np.sum((y - t) ** 2) / y.shape[0]

        def backward(self, dout=1):
            return (self.y - self.t) / self.t.shape[0]
'''


def test_a_loss_forward_of_y_and_t_takes_y_for_the_output() -> None:
    # `forward(self, y, t)`: y beside t (a name that only means the targets) is the network's output
    src = _MSE_Y_T
    assert "error" in _kinds(src).get(_line(src, "return (self.y - self.t) / self.t.shape[0]"), set())


_LOSS_METHOD_BETWEEN = '''
    import numpy as np


    class CrossEntropy:
        def forward(self, logits, labels):
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            self.p = e / e.sum(axis=1, keepdims=True)
            self.labels = labels
            return -np.mean(np.sum(labels * np.log(self.p), axis=1))

        def backward(self):
            return (self.p - self.labels) / self.p.shape[0]


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.01
            self.b = np.zeros(n_out)

        def forward(self, x):
            self.x = x
            return x @ self.W + self.b

        def backward(self, g):
            self.dW = self.x.T @ g
            self.db = g.sum(axis=0)
            return g @ self.W.T


    class Model:
        def __init__(self, n_in, n_hidden, n_out):
            self.layers = [Dense(n_in, n_hidden), Dense(n_hidden, n_out)]
            self.loss_fn = CrossEntropy()

        def forward(self, x):
            for layer in self.layers:
                x = layer.forward(x)
            return x

        def compute_loss(self, logits, labels):
            return self.loss_fn.forward(logits, labels)

        def backward(self):
            grad = self.loss_fn.backward()
            for layer in reversed(self.layers):
                grad = layer.backward(grad)
            return grad
'''


def test_a_model_s_loss_method_runs_between_its_forward_and_its_argumentless_backward() -> None:
    # forward(x), compute_loss(logits, labels), backward(): its trainer calls them in that order, so the error
    # is the model's own output's (read before only as a guess, the loss class driven on its own)
    src = _LOSS_METHOD_BETWEEN
    res = _result(src)
    at = _line(src, "grad = self.loss_fn.backward()")
    assert [t for t in res.tags if t.line == at and t.kind == "error" and t.confidence == "high"], res.tags
    assert "F2" in {t.kind for t in res.tags if t.line == _line(src, "grad = layer.backward(grad)")}


# ------------------------------------------------------------------ a ReLU's derivative spelt with sign or heaviside

_SIGN_MASKS = '''
    import torch

    torch.set_grad_enabled(False)


    class ReLU:
        def forward(self, x):
            self.s = x
            return x.clamp(min=0.0)

        def backward(self, g):
            step = self.s.sign().clamp(min=0.0)
            return g * step


    class Step:
        def forward(self, x):
            self.inputs = x
            return x.clamp(min=0.0)

        def backward(self, g):
            return g * self.inputs.heaviside(torch.zeros(1))
'''


def test_a_relu_derivative_spelt_with_sign_or_heaviside_as_a_tensor_method_is_formula_1() -> None:
    # `x.sign().clamp(min=0)` is 1 where x > 0 and 0 elsewhere, the ReLU's derivative (read before as a ReLU
    # applied to the sign); `x.heaviside(0)` as a tensor's method is the same step as `np.heaviside`
    src = _SIGN_MASKS
    k = _kinds(src)
    assert "F1" in k.get(_line(src, "return g * step"), set())
    assert "F1" in k.get(_line(src, "return g * self.inputs.heaviside(torch.zeros(1))"), set())
    assert not _result(src).findings


def test_a_relu_mask_met_by_the_output_error_of_a_list_in_unknown_order_is_no_double_derivative() -> None:
    # the same network with each ReLU appended in the loop after its affine layer, but none after the last: the
    # model cannot follow which layer the reversed walk meets first, and a ReLU's mask on the softmax's cancelled
    # error is not "the derivative again" (BP307 spoke of the output's own activation)
    src = _BOOK_NETWORK.replace(
        """            for i in range(len(hidden_sizes)):
                scale = np.sqrt(2.0 / sizes[i])
                self.params[f"W{i}"] = scale * np.random.randn(sizes[i], sizes[i + 1])
                self.params[f"b{i}"] = np.zeros(sizes[i + 1])
                self.layers.append(Affine(self.params[f"W{i}"], self.params[f"b{i}"]))
                self.layers.append(Relu())
            self.params["W_out"] = np.sqrt(2.0 / sizes[-2]) * np.random.randn(sizes[-2], sizes[-1])
            self.params["b_out"] = np.zeros(sizes[-1])
            self.layers.append(Affine(self.params["W_out"], self.params["b_out"]))""",
        """            for i in range(len(sizes) - 1):
                self.params[f"W{i}"] = np.sqrt(2.0 / sizes[i]) * np.random.randn(sizes[i], sizes[i + 1])
                self.params[f"b{i}"] = np.zeros(sizes[i + 1])
                self.layers.append(Affine(self.params[f"W{i}"], self.params[f"b{i}"]))
                if i < len(sizes) - 2:
                    self.layers.append(Relu())""")
    assert "if i < len(sizes) - 2:" in src
    assert not [f for f in _result(src).findings if f.code == "BP307"]


# ------------------------------------------------------------------ a neuron's sum started from its bias

_NEURON_DICTS = '''
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))


    def sigmoid_deriv(out):
        return out * (1 - out)


    def activate(weights, inputs):
        activation = weights[-1]
        for i in range(len(weights) - 1):
            activation += weights[i] * inputs[i]
        return activation


    network = [[{"weights": [np.random.rand() for _ in range(3)]} for _ in range(4)],
               [{"weights": [np.random.rand() for _ in range(5)]} for _ in range(1)]]
    data = [[0.0, 0.0, 0], [0.0, 1.0, 1], [1.0, 0.0, 1], [1.0, 1.0, 0]]
    for epoch in range(500):
        for row in data:
            inputs = row[:-1]
            for layer in network:
                new_inputs = []
                for neuron in layer:
                    neuron["output"] = sigmoid(activate(neuron["weights"], inputs))
                    new_inputs.append(neuron["output"])
                inputs = new_inputs
            expected = [row[-1]]
            for i in reversed(range(len(network))):
                layer = network[i]
                errors = []
                if i != len(network) - 1:
                    for j in range(len(layer)):
                        error = 0.0
                        for neuron in network[i + 1]:
                            error += neuron["weights"][j] * neuron["delta"]
                        errors.append(error)
                else:
                    for j in range(len(layer)):
                        errors.append(expected[j] - layer[j]["output"])
                for j in range(len(layer)):
                    layer[j]["delta"] = errors[j] * sigmoid_deriv(layer[j]["output"])
            for i in range(len(network)):
                inputs = row[:-1] if i == 0 else [n["output"] for n in network[i - 1]]
                for neuron in network[i]:
                    for j in range(len(inputs)):
                        neuron["weights"][j] += 0.5 * neuron["delta"] * inputs[j]
                    neuron["weights"][-1] += 0.5 * neuron["delta"]
'''


def test_a_neuron_s_sum_started_from_its_bias_steps_nothing() -> None:
    # `activation = weights[-1]` of a list of numbers drawn one by one, then `activation += weights[i] *
    # inputs[i]`: the number is summed under its own name (read before as a step of the weights, which left the
    # layers without their sigmoid)
    src = _NEURON_DICTS
    res = _result(src)
    assert "update" not in _kinds(src).get(_line(src, "activation += weights[i] * inputs[i]"), set())
    assert res.layers and all(lay.activation == "sigmoid" for lay in res.layers), res.layers


_PAIR_ELEMENT_STEP = '''
    import torch

    torch.set_grad_enabled(False)


    class Linear:
        def __init__(self, n_in, n_out):
            self.weights = torch.empty(n_out, n_in).normal_(0, 0.1)
            self.bias = torch.zeros(n_out)
            self.dw = torch.zeros(n_out, n_in)
            self.db = torch.zeros(n_out)

        def forward(self, x):
            self.x = x
            return self.weights.mv(x) + self.bias

        def backward(self, g):
            self.dw.add_(g.view(-1, 1).mm(self.x.view(1, -1)))
            self.db.add_(g)
            return self.weights.t().mv(g)

        def param(self):
            return [(self.weights, self.dw), (self.bias, self.db)]


    class SGD:
        def __init__(self, params, lr=0.01):
            self.params = params
            self.lr = lr

        def step(self):
            for pairs in self.params:
                for pair in pairs:
                    p = pair[0]
                    g = pair[1]
                    p -= self.lr * g
                    g.zero_()


    layer = Linear(3, 1)
    opt = SGD([layer.param()])
    x = torch.randn(3)
    t = torch.randn(1)
    for step in range(100):
        out = layer.forward(x)
        layer.backward(out - t)
        opt.step()
'''


def test_guard_an_array_read_out_of_a_pair_and_augmented_is_stepped_in_place() -> None:
    # guard (passes before and after): `p = pair[0]; p -= lr * g` of a tensor changes the tensor in place, unlike
    # a number read out of a list
    src = _PAIR_ELEMENT_STEP
    res = _result(src)
    assert not [f for f in res.findings if f.code == "BP101"], [(f.code, f.message) for f in res.findings]
    assert "update" in _kinds(src).get(_line(src, "p -= self.lr * g"), set())


def test_per_layer_lists_named_with_a_capital_are_read_alike(tmp_path: Path) -> None:
    # `Weights`, `Biases` handed to the functions: the same lists of per-layer parameters
    lib = tmp_path / "netlib.py"
    text = textwrap.dedent(_LAYER_LISTS.replace("{through}", "weights"))
    text = text.replace("weights", "Weights").replace("biases", "Biases")
    lib.write_text(text)
    res = analyze_source(text, str(lib))
    by_line = _by_line(res.tags)
    assert "update" in by_line.get(_lib_line(lib, "new_w[n_layers - 1] = Weights[n_layers - 1] - rate * "
                                                  "d_w[n_layers - 1]"), set())
    assert "F1" in by_line.get(_lib_line(lib, "delta[n_layers] = fp(z[n_layers - 1]) * d_out"), set())
