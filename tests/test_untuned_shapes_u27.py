"""Shapes of real code met in the U27 untuned probes and a precision probe of 20 more repositories (2026-12-05),
in our own words. Each test failed on the checkout before its fix, except the guards that say so."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bpscan.analysis import analyze_source
from shape_util import kinds as _kinds, line_of as _line, result as _result


def _write(path: Path, src: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(src))
    return path


def _line_in(path: Path, text: str) -> int:
    return next(i for i, s in enumerate(path.read_text().splitlines(), 1) if s.strip() == text)


def _codes(src: str) -> set[str]:
    return {f.code for f in _result(src).findings}


_SIGMOID_MODULE = '''
    import numpy as np


    def squash(z):
        return 1 / (1 + np.exp(-z))
'''

_TRAIN_WITH_SIGMOID = '''
    import numpy as np
    {imports}

    X = np.loadtxt("x.csv")
    Y = np.loadtxt("y.csv")
    W = np.random.randn(3, 1) * 0.01
    for epoch in range(100):
        out = squash(X @ W)
        delta = (out - Y) * out * (1 - out)
        W -= 0.1 * X.T @ delta
'''


def test_an_import_written_under_another_prefix_is_read_from_the_folder_it_names(tmp_path: Path) -> None:
    # a course's folder tree copied into a student's repository under other folders: the import still spells the
    # author's own tree (`from Course.Ex3.ex3_material.src.Layers.Helpers import f` in ex3_material/src/Layers/),
    # and Python found it there; its tail, from the folder above the file that it names, is the module
    src = tmp_path / "repo" / "RNN" / "ex3_material" / "src"
    _write(src / "Layers" / "__init__.py", "")
    _write(src / "Layers" / "Helpers.py", _SIGMOID_MODULE)
    model = _write(src / "Layers" / "train.py", _TRAIN_WITH_SIGMOID.format(
        imports="from Course.Ex3.ex3_material.src.Layers.Helpers import squash"))
    res = analyze_source(model.read_text(), str(model))
    assert not [n for n in res.notes if "could not read" in n or "not found" in n], res.notes
    assert "activation" in {t.kind for t in res.tags if t.line == _line_in(model, "out = squash(X @ W)")}


def test_imports_in_the_else_of_a_main_test_are_the_modules_names_too(tmp_path: Path) -> None:
    # `if __name__ == "__main__": from base import ... else: from .helpers import squash`: a module run both as a
    # script and from its package; what the package's branch imports is bound when it runs from there
    pkg = tmp_path / "net"
    _write(pkg / "__init__.py", "")
    _write(pkg / "helpers.py", _SIGMOID_MODULE)
    _write(pkg / "base.py", "class Layer:\n    pass\n")
    model = _write(pkg / "train.py", _TRAIN_WITH_SIGMOID.format(imports=textwrap.dedent('''
        if __name__ == "__main__":
            from base import Layer
        else:
            from net.base import Layer
            from net.helpers import squash
    ''').replace("\n", "\n    ")))
    res = analyze_source(model.read_text(), str(model))
    assert "activation" in {t.kind for t in res.tags if t.line == _line_in(model, "out = squash(X @ W)")}


# A network that lists its modules afresh in a method and reverses that list in place for the backward pass.
_REVERSED = '''
    import numpy as np


    class Linear:
        def __init__(self, n_in, n_out):
            self.weight = np.random.randn(n_in, n_out) * 0.1

        def __call__(self, x):
            self.x = x
            return x @ self.weight

        def backward(self, g):
            self.gradient_w = self.x.T @ g
            return g @ self.weight.T


    class ReLU:
        def __call__(self, x):
            self.sign = x >= 0
            return np.where(self.sign, x, 0)

        def backward(self, g):
            return g * self.sign


    class Net:
        def __init__(self):
            self.fc1 = Linear(4, 8)
            self.relu1 = ReLU()
            self.fc2 = Linear(8, 1)

        def modules(self):
            return [self.fc1, self.relu1, self.fc2]

        def __call__(self, x):
            out = x
            for m in self.modules():
                out = m(out)
            return out

        def backward(self, g):
            mods = self.modules()
            mods.reverse()
            for m in mods:
                g = m.backward(g)
            return g


    X = np.random.randn(32, 4)
    Y = np.random.randn(32, 1)
    net = Net()
    for epoch in range(50):
        out = net(X)
        net.backward(out - Y)
        for m in net.modules():
            if hasattr(m, "weight"):
                m.weight -= 0.01 * m.gradient_w
'''


def test_layers_walked_from_a_list_reversed_in_place_send_the_error_back_in_order() -> None:
    res = _result(_REVERSED)
    assert not res.findings, [(f.code, f.line, f.message) for f in res.findings]
    k = _kinds(_REVERSED)
    assert "F2" in k.get(_line(_REVERSED, "return g @ self.weight.T"), set())
    assert "F3" in k.get(_line(_REVERSED, "self.gradient_w = self.x.T @ g"), set())


def test_a_wrong_transpose_in_the_reversed_walk_is_still_found() -> None:
    # a guard (found before too): the order of the walk does not hide the transpose's own check
    bad = _REVERSED.replace("return g @ self.weight.T", "return g @ self.weight")
    assert "BP304" in _codes(bad)


# Parameter objects (`.data`, `.grad`) that a network collects layer by layer in a loop, and an optimiser keeps
# through a filtered comprehension.
_PARAM_OBJECTS = '''
    import numpy as np


    class Parameter:
        def __init__(self, data, requires_grad=True):
            self.data = data
            self.grad = None
            self.requires_grad = requires_grad


    class Linear:
        def __init__(self, shape):
            self.W = Parameter(np.random.randn(*shape) * 0.1)
            self.b = Parameter(np.zeros(shape[-1]))

        def forward(self, x):
            self.x = x
            return np.dot(x, self.W.data) + self.b.data

        def backward(self, eta):
            self.W.grad = np.dot(self.x.T, eta)
            self.b.grad = np.sum(eta, axis=0)
            return np.dot(eta, self.W.data.T)


    class Net:
        def __init__(self, configs):
            self.layers = []
            self.parameters = []
            for config in configs:
                self.layers.append(self.make(config))

        def make(self, config):
            layer = Linear(**config)
            self.parameters.append(layer.W)
            self.parameters.append(layer.b)
            return layer

        def forward(self, x):
            for layer in self.layers:
                x = layer.forward(x)
            return x

        def backward(self, eta):
            for layer in self.layers[::-1]:
                eta = layer.backward(eta)
            return eta


    class SGD:
        def __init__(self, parameters, lr):
            self.parameters = [p for p in parameters if p.requires_grad]
            self.lr = lr

        def update(self):
            for p in self.parameters:
                p.data -= self.lr * p.grad


    X = np.random.randn(20, 3)
    Y = np.random.randn(20, 1)
    net = Net([{"shape": (3, 1)}])
    opt = SGD(net.parameters, 0.1)
    for epoch in range(10):
        out = net.forward(X)
        net.backward(out - Y)
        opt.update()
'''


def test_parameter_objects_collected_layer_by_layer_are_each_stepped() -> None:
    res = _result(_PARAM_OBJECTS)
    assert not res.findings, [(f.code, f.line, f.message) for f in res.findings]
    assert "update" in _kinds(_PARAM_OBJECTS).get(_line(_PARAM_OBJECTS, "p.data -= self.lr * p.grad"), set())


# A stacked recurrent layer sends the error to its input through both of its weights in one product.
_TWO_WEIGHTS = '''
    import numpy as np

    X = np.random.randn(5, 20)
    Y = np.random.randn(2, 20)
    Wx = np.random.randn(4, 5) * 0.1
    Wo = np.random.randn(2, 4) * 0.1
    for it in range(100):
        h = Wx @ X
        y = np.tanh(Wo @ h)
        dZ = (y - Y) * (1 - y ** 2)
        dWo = dZ @ h.T
        dWx = (Wo.T @ dZ) @ X.T
        dX = np.dot(np.dot(Wx.T, Wo.T), dZ)
        Wo -= 0.01 * dWo
        Wx -= 0.01 * dWx
'''


def test_an_error_sent_back_through_two_weights_at_once_is_formula_two() -> None:
    res = _result(_TWO_WEIGHTS)
    line = _line(_TWO_WEIGHTS, "dX = np.dot(np.dot(Wx.T, Wo.T), dZ)")
    assert {t.kind for t in res.tags if t.line == line} == {"F2"}
    assert not res.findings, [(f.code, f.line, f.message) for f in res.findings]


# An old tutorial's step on a tensor's `.data`, its gradient cleared through its array (`w.grad.data *= 0`).
_CLEARED = '''
    import torch

    X = torch.randn(64, 3)
    y = torch.randn(64, 1)
    w = torch.randn(3, 1, requires_grad=True)
    for i in range(100):
        loss = ((X @ w - y) ** 2).mean()
        loss.backward()
        w.data -= 0.1 * w.grad.data
        w.grad.data *= 0
'''


def test_gradients_cleared_through_their_array_are_reset() -> None:
    assert "BP501" not in _codes(_CLEARED)


def test_gradients_never_cleared_are_still_reported() -> None:
    # a guard (found before too): without the clearing line each step applies the sum of all gradients so far
    assert "BP501" in _codes(_CLEARED.replace("        w.grad.data *= 0\n", ""))


# A lesson's single step each way at the top level: uphill to show the cost rising, then downhill.
_NUDGE = '''
    import numpy as np


    class Net:
        def __init__(self):
            self.W1 = np.random.randn(2, 3)
            self.W2 = np.random.randn(3, 1)

        def forward(self, X):
            self.z2 = X @ self.W1
            self.a2 = 1 / (1 + np.exp(-self.z2))
            self.z3 = self.a2 @ self.W2
            self.yHat = 1 / (1 + np.exp(-self.z3))
            return self.yHat

        def cost(self, X, y):
            return 0.5 * np.sum((y - self.forward(X)) ** 2)

        def gradients(self, X, y):
            self.yHat = self.forward(X)
            delta3 = np.multiply(-(y - self.yHat), self.yHat * (1 - self.yHat))
            dJdW2 = self.a2.T @ delta3
            delta2 = (delta3 @ self.W2.T) * self.a2 * (1 - self.a2)
            dJdW1 = X.T @ delta2
            return dJdW1, dJdW2


    X = np.random.rand(3, 2)
    y = np.random.rand(3, 1)
    NN = Net()
    cost1 = NN.cost(X, y)
    dJdW1, dJdW2 = NN.gradients(X, y)
    scalar = 3
    NN.W1 = NN.W1 + scalar * dJdW1
    NN.W2 = NN.W2 + scalar * dJdW2
    cost2 = NN.cost(X, y)
    dJdW1, dJdW2 = NN.gradients(X, y)
    NN.W1 = NN.W1 - scalar * dJdW1
    NN.W2 = NN.W2 - scalar * dJdW2
    cost3 = NN.cost(X, y)
    print(cost1, cost2, cost3)
'''


def test_a_single_step_each_way_at_the_top_level_is_no_ascent() -> None:
    assert "BP201" not in _codes(_NUDGE)


def test_a_training_loop_that_climbs_is_still_an_ascent() -> None:
    # a guard (found before too): the same steps repeated in a loop, only the uphill one, are training that climbs
    looped = _NUDGE.replace('''    scalar = 3
    NN.W1 = NN.W1 + scalar * dJdW1
    NN.W2 = NN.W2 + scalar * dJdW2
''', '''    scalar = 3
    for i in range(100):
        dJdW1, dJdW2 = NN.gradients(X, y)
        NN.W1 = NN.W1 + scalar * dJdW1
        NN.W2 = NN.W2 + scalar * dJdW2
''')
    assert "BP201" in _codes(looped)


def test_a_course_fixture_of_made_up_arrays_leaves_the_functions_it_feeds_entry_points(tmp_path: Path) -> None:
    # `dZ, cache = linear_backward_test_case()` from the course's test-case module, in a notebook-turned-script
    # whose functions it exercises: the drawn matrices are no weights of this file, and its backward functions
    # are still read as a layer library
    _write(tmp_path / "cases.py", '''
        import numpy as np


        def linear_backward_test_case():
            np.random.seed(1)
            dZ = np.random.randn(1, 2)
            A = np.random.randn(3, 2)
            W = np.random.randn(1, 3)
            b = np.random.randn(1, 1)
            return dZ, (A, W, b)


        def model_backward_test_case():
            np.random.seed(3)
            AL = np.random.randn(1, 2)
            Y = np.array([[1, 0]])
            A1 = np.random.randn(4, 2)
            W1 = np.random.randn(3, 4)
            b1 = np.random.randn(3, 1)
            Z1 = np.random.randn(3, 2)
            A2 = np.random.randn(3, 2)
            W2 = np.random.randn(1, 3)
            b2 = np.random.randn(1, 1)
            Z2 = np.random.randn(1, 2)
            return AL, Y, (((A1, W1, b1), Z1), ((A2, W2, b2), Z2))


        def update_parameters_test_case():
            np.random.seed(2)
            W1 = np.random.randn(3, 4)
            b1 = np.random.randn(3, 1)
            W2 = np.random.randn(1, 3)
            b2 = np.random.randn(1, 1)
            parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
            np.random.seed(3)
            dW1 = np.random.randn(3, 4)
            db1 = np.random.randn(3, 1)
            dW2 = np.random.randn(1, 3)
            db2 = np.random.randn(1, 1)
            grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
            return parameters, grads
    ''')
    _write(tmp_path / "utils.py", '''
        import numpy as np


        def sigmoid_backward(dA, cache):
            s = 1 / (1 + np.exp(-cache))
            return dA * s * (1 - s)


        def relu_backward(dA, cache):
            dZ = np.array(dA, copy=True)
            dZ[cache <= 0] = 0
            return dZ
    ''')
    model = _write(tmp_path / "backward.py", '''
        from cases import *
        from utils import *


        def linear_backward(dZ, cache):
            A_prev, W, b = cache
            m = A_prev.shape[1]
            dW = 1 / m * np.dot(dZ, A_prev.T)
            db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
            dA_prev = np.dot(W.T, dZ)
            return dA_prev, dW, db


        def linear_activation_backward(dA, cache, activation):
            linear_cache, activation_cache = cache
            if activation == "relu":
                dZ = relu_backward(dA, activation_cache)
                dA_prev, dW, db = linear_backward(dZ, linear_cache)
            elif activation == "sigmoid":
                dZ = sigmoid_backward(dA, activation_cache)
                dA_prev, dW, db = linear_backward(dZ, linear_cache)
            return dA_prev, dW, db


        def model_backward(AL, Y, caches):
            grads = {}
            L = len(caches)
            Y = Y.reshape(AL.shape)
            dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
            grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = \
                linear_activation_backward(dAL, caches[L - 1], "sigmoid")
            for l in reversed(range(L - 1)):
                dA, dW, db = linear_activation_backward(grads["dA" + str(l + 2)], caches[l], "relu")
                grads["dA" + str(l + 1)] = dA
                grads["dW" + str(l + 1)] = dW
                grads["db" + str(l + 1)] = db
            return grads


        def update_parameters(parameters, grads, learning_rate):
            L = len(parameters) // 2
            for l in range(L):
                parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
                parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
            return parameters


        if __name__ == "__main__":
            dZ, linear_cache = linear_backward_test_case()
            dA_prev, dW, db = linear_backward(dZ, linear_cache)
            print(dW)
            AL, Y, caches = model_backward_test_case()
            grads = model_backward(AL, Y, caches)
            print(grads["dW1"])
    ''')
    res = analyze_source(model.read_text(), str(model))
    tags = {(t.line, t.kind) for t in res.tags}
    assert (_line_in(model, "dW = 1 / m * np.dot(dZ, A_prev.T)"), "F3") in tags
    assert (_line_in(model, "dA_prev = np.dot(W.T, dZ)"), "F2") in tags


# The dropout lesson's backward function on its own, its forward pass (and the masks it drew) in another file.
_DROPOUT_BACKWARD = '''
    import numpy as np


    def backward_propagation_with_dropout(X, Y, cache, keep_prob):
        m = X.shape[1]
        (Z1, D1, A1, W1, b1, Z2, A2, W2, b2) = cache
        dZ2 = A2 - Y
        dW2 = 1. / m * np.dot(dZ2, A1.T)
        db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
        dA1 = np.dot(W2.T, dZ2)
        dA1 = dA1 * D1
        dA1 = dA1 / keep_prob
        dZ1 = np.multiply(dA1, np.int64(A1 > 0))
        dW1 = 1. / m * np.dot(dZ1, X.T)
        db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
'''


def test_a_dropout_mask_from_a_cache_and_its_rescale_are_formula_one() -> None:
    k = _kinds(_DROPOUT_BACKWARD)
    assert "F1" in k.get(_line(_DROPOUT_BACKWARD, "dA1 = dA1 * D1"), set())
    assert "F1" in k.get(_line(_DROPOUT_BACKWARD, "dA1 = dA1 / keep_prob"), set())


# A network of plain lists: weights as lists of rows, each unit's sum started from a list of zeros written out.
_LISTS = '''
    import math
    import random


    def forward(x, w):
        k = [0, 0]
        for j in range(len(w[0])):
            for i in range(len(x)):
                k[j] += w[i][j] * x[i]
        h = []
        for i in range(len(k)):
            h.append(1 / (1 + math.exp(-k[i])))
        return h


    def backward(x, w, h, y):
        err = []
        for i in range(len(h)):
            err.append((h[i] - y[i]) * h[i] * (1 - h[i]))
        dw = []
        for i in range(len(x)):
            row = []
            for j in range(len(err)):
                row.append(err[j] * x[i])
            dw.append(row)
        for i in range(len(w)):
            for j in range(len(w[0])):
                w[i][j] -= 0.1 * dw[i][j]


    xs = [[0.1, 0.2], [0.3, 0.4]]
    ys = [[1.0, 0.0], [0.0, 1.0]]
    w = [[random.uniform(-1, 1) for _ in range(2)] for _ in range(2)]
    for epoch in range(10):
        for x, y in zip(xs, ys):
            h = forward(x, w)
            backward(x, w, h, y)
'''


def test_sums_started_from_a_written_out_list_of_zeros_are_a_layer() -> None:
    k = _kinds(_LISTS)
    assert "linear" in k.get(_line(_LISTS, "k[j] += w[i][j] * x[i]"), set())
    assert {"error", "F1"} <= k.get(_line(_LISTS, "err.append((h[i] - y[i]) * h[i] * (1 - h[i]))"), set())


# A course's helper for a normalisation layer's input gradient, which no file of the repository calls.
_BN_HELPER = '''
    import numpy as np


    def compute_bn_gradients(error_tensor, input_tensor, weights, mean, var, eps=1e-10):
        norm_mean = input_tensor - mean
        var_eps = var + eps
        gamma_err = error_tensor * weights
        inv_batch = 1. / error_tensor.shape[0]
        grad_var = np.sum(norm_mean * gamma_err * -0.5 * (var_eps ** (-3 / 2)), keepdims=True, axis=0)
        sqrt_var = np.sqrt(var_eps)
        first = gamma_err * 1. / sqrt_var
        grad_mu = np.sum(gamma_err * -1. / sqrt_var, keepdims=True, axis=0)
        second = grad_var * (2. * norm_mean) * inv_batch
        return first + second + inv_batch * grad_mu
'''


def test_an_uncalled_helper_named_for_the_gradients_it_computes_reads_its_first_argument_as_the_error() -> None:
    assert "F2" in _kinds(_BN_HELPER).get(_line(_BN_HELPER, "gamma_err = error_tensor * weights"), set())


# A numpy-tensor engine whose operations, free functions in a module of their own, keep their backward closure
# through the value's setter (`out.set_backward(fn)`).
_TENSOR = '''
    import numpy as np


    class Tensor:
        def __init__(self, data, children=()):
            self.data = np.asarray(data, dtype=float)
            self.grad = np.zeros_like(self.data)
            self.children = set(children)
            self._backward = lambda: None

        def set_backward(self, fn):
            self._backward = fn

        def backward(self):
            order, seen = [], set()

            def visit(t):
                if t not in seen:
                    seen.add(t)
                    for c in t.children:
                        visit(c)
                    order.append(t)

            visit(self)
            self.grad = np.ones_like(self.data)
            for t in reversed(order):
                t._backward()
'''

_OPERATIONS = '''
    import numpy as np

    from tensor import Tensor


    def matmul(a, b):
        out = Tensor(a.data @ b.data, children={a, b})

        def _backward():
            a.grad += out.grad @ b.data.T
            b.grad += a.data.T @ out.grad

        out.set_backward(_backward)
        return out


    def sigmoid(x):
        out = Tensor(1 / (1 + np.exp(-x.data)), children={x})

        def _backward():
            x.grad += out.grad * out.data * (1 - out.data)

        out.set_backward(_backward)
        return out
'''


def test_an_engines_closures_kept_through_a_setter_are_its_operations(tmp_path: Path) -> None:
    _write(tmp_path / "tensor.py", _TENSOR)
    ops = _write(tmp_path / "operations.py", _OPERATIONS)
    res = analyze_source(ops.read_text(), str(ops))
    tags = {(t.line, t.kind) for t in res.tags}
    assert (_line_in(ops, "x.grad += out.grad * out.data * (1 - out.data)"), "F1") in tags
    assert (_line_in(ops, "a.grad += out.grad @ b.data.T"), "F2") in tags


# A framework that registers each layer an attribute is given (`__setattr__`, as torch's nn.Module does) and steps
# the registered layers; the layers, the framework and the training script are three files.
_LAYERS = '''
    import numpy as np

    from module import Layer


    class Dense(Layer):
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.B = np.zeros(n_out)
            self.grad_W = np.zeros((n_in, n_out))
            self.grad_B = np.zeros(n_out)

        def forward(self, x):
            self.x = x
            return x @ self.W + self.B

        def backward(self, grad):
            self.grad_W = self.x.T @ grad
            self.grad_B = grad.sum(axis=0)
            return grad @ self.W.T

        def update(self, lr):
            self.W -= lr * self.grad_W
            self.B -= lr * self.grad_B
'''

#: the framework (a Layer base, a Module registering its Layer attributes): the corpus project's own module
_MODULE = (Path(__file__).resolve().parent.parent / "corpus" / "projects" / "setattr_registry_clean" /
           "module.py").read_text()

_TRAIN = '''
    import numpy as np

    from layers import Dense
    from module import Module


    class Net(Module):
        def __init__(self):
            super().__init__()
            self.fc1 = Dense(3, 8)
            self.fc2 = Dense(8, 1)

        def forward(self, x):
            return self.fc2(self.fc1(x))


    X = np.random.randn(64, 3)
    Y = np.random.randn(64, 1)
    net = Net()
    for epoch in range(100):
        out = net(X)
        net.backward(out - Y)
        net.step(0.01)
'''


def _registered_project(tmp_path: Path, train: str) -> tuple[list[Path], dict]:
    """The three files written and scanned together, as `bpscan DIR` scans them: their results by path."""
    from bpscan.engine import FileTask, run
    from bpscan.registry import all_rules

    files = [_write(tmp_path / "layers.py", _LAYERS), _write(tmp_path / "module.py", _MODULE),
             _write(tmp_path / "train.py", train)]
    codes = frozenset(r.code for r in all_rules())
    return files, {r.path: r for r in run([FileTask(str(p), codes) for p in files])}


def test_layers_registered_by_a_setattr_hook_are_stepped(tmp_path: Path) -> None:
    files, results = _registered_project(tmp_path, _TRAIN)
    layers, train = files[0], files[2]
    tags = {(t.line, t.kind) for t in results[str(layers)].tags}
    assert (_line_in(layers, "self.W -= lr * self.grad_W"), "update") in tags
    assert (_line_in(layers, "self.B -= lr * self.grad_B"), "update") in tags
    # the script's difference reaches the registered layers' backward passes: it is the output's error
    assert (_line_in(train, "net.backward(out - Y)"), "error") in {(t.line, t.kind) for t in results[str(train)].tags}
    assert not [f for r in results.values() for f in r.findings]


def test_a_derivative_the_registered_walk_skips_is_found(tmp_path: Path) -> None:
    # a tanh between the two layers that the registered walk has no backward pass for: formula 1 is missing
    files, results = _registered_project(
        tmp_path, _TRAIN.replace("self.fc2(self.fc1(x))", "self.fc2(np.tanh(self.fc1(x)))"))
    assert "BP309" in {f.code for f in results[str(files[0])].findings}


# The book's two-layer network: its layers kept in an OrderedDict, walked by `.values()` and reversed for the
# backward pass; the script steps `network.params[key]` for a tuple of keys.
_ORDERED = '''
    import numpy as np
    from collections import OrderedDict


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
            self.mask = (x <= 0)
            out = x.copy()
            out[self.mask] = 0
            return out

        def backward(self, dout):
            dout[self.mask] = 0
            return dout


    class SoftmaxWithLoss:
        def forward(self, x, t):
            e = np.exp(x - x.max(axis=1, keepdims=True))
            self.y = e / e.sum(axis=1, keepdims=True)
            self.t = t
            return -np.sum(t * np.log(self.y + 1e-7)) / x.shape[0]

        def backward(self, dout=1):
            return (self.y - self.t) / self.t.shape[0]


    class TwoLayerNet:
        def __init__(self, n_in, n_hidden, n_out):
            self.params = {}
            self.params['W1'] = 0.01 * np.random.randn(n_in, n_hidden)
            self.params['b1'] = np.zeros(n_hidden)
            self.params['W2'] = 0.01 * np.random.randn(n_hidden, n_out)
            self.params['b2'] = np.zeros(n_out)
            self.layers = OrderedDict()
            self.layers['Affine1'] = Affine(self.params['W1'], self.params['b1'])
            self.layers['Relu1'] = Relu()
            self.layers['Affine2'] = Affine(self.params['W2'], self.params['b2'])
            self.last_layer = SoftmaxWithLoss()

        def predict(self, x):
            for layer in self.layers.values():
                x = layer.forward(x)
            return x

        def loss(self, x, t):
            return self.last_layer.forward(self.predict(x), t)

        def gradient(self, x, t):
            self.loss(x, t)
            dout = self.last_layer.backward(1)
            layers = list(self.layers.values())
            layers.reverse()
            for layer in layers:
                dout = layer.backward(dout)
            grads = {}
            grads['W1'], grads['b1'] = self.layers['Affine1'].dW, self.layers['Affine1'].db
            grads['W2'], grads['b2'] = self.layers['Affine2'].dW, self.layers['Affine2'].db
            return grads


    x_train = np.random.rand(100, 4)
    t_train = np.eye(3)[np.random.randint(0, 3, 100)]
    network = TwoLayerNet(4, 8, 3)
    for i in range(200):
        grad = network.gradient(x_train, t_train)
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= 0.1 * grad[key]
'''


def test_layers_kept_in_an_ordered_dict_are_a_network_the_script_steps() -> None:
    res = _result(_ORDERED)
    assert not res.findings, [(f.code, f.line, f.message) for f in res.findings]
    k = _kinds(_ORDERED)
    assert "update" in k.get(_line(_ORDERED, "network.params[key] -= 0.1 * grad[key]"), set())
    assert "F2" in k.get(_line(_ORDERED, "dx = np.dot(dout, self.W.T)"), set())


def test_a_dict_walked_in_reverse_gives_its_keys_last_first() -> None:
    # `for key in reversed(self.layers)` of an OrderedDict: the output layer's key first
    src = _ORDERED.replace('''            layers = list(self.layers.values())
            layers.reverse()
            for layer in layers:
                dout = layer.backward(dout)''', '''            for key in reversed(self.layers):
                dout = self.layers[key].backward(dout)''')
    res = _result(src)
    assert not res.findings, [(f.code, f.line, f.message) for f in res.findings]
    assert "update" in _kinds(src).get(_line(src, "network.params[key] -= 0.1 * grad[key]"), set())


# A network whose layers sit in an OrderedDict under keys made in a loop, their outputs in an object array indexed by
# the loop; each layer's derivative (of its output) is taken at the input the layer above kept.
_OBJECT_OUTPUTS = '''
    import numpy as np
    from collections import OrderedDict


    class Layer:
        def __init__(self, n_in, n_out, activation):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros(n_out)
            self.X = None
            if activation == 'sigmoid':
                self.act_fcn = lambda z: 1 / (1 + np.exp(-z))
                self.act_der = lambda a: a * (1 - a)
            else:
                self.act_fcn = lambda z: z
                self.act_der = lambda a: np.ones_like(a)

        def get_output(self):
            return self.act_fcn(np.dot(self.X, self.W) + self.b)

        def update_params(self, eta, dW, db, dy):
            self.dy = dy
            self.W -= eta * dW
            self.b -= eta * db


    class MLP:
        def __init__(self, n_in, sizes, n_out):
            self.Layers = OrderedDict()
            for i, n in enumerate(sizes):
                self.Layers['hidden' + str(i)] = Layer(n_in, n, 'sigmoid')
                n_in = n
            self.Layers['out'] = Layer(n_in, n_out, 'linear')
            self.n_layers = len(sizes) + 1

        def train(self, X, y, epochs, lr):
            outputs = np.zeros((self.n_layers,), dtype=object)
            for epoch in range(epochs):
                for i, key in enumerate(self.Layers):
                    self.Layers[key].X = X if i == 0 else outputs[i - 1]
                    outputs[i] = self.Layers[key].get_output()
                for j, key in enumerate(reversed(self.Layers)):
                    if key == 'out':
                        dy = outputs[-1] - y
                    else:
                        dy = np.dot(prev.dy, prev_W.T) * self.Layers[key].act_der(prev.X)
                    prev = self.Layers[key]
                    prev_W = prev.W.copy()
                    dW = np.dot(self.Layers[key].X.T, dy) / len(X)
                    db = np.mean(dy, axis=0)
                    self.Layers[key].update_params(lr, dW, db, dy)


    X = np.random.randn(50, 3)
    y = np.random.randn(50, 1)
    MLP(3, (5,), 1).train(X, y, 100, 0.1)
'''


def test_a_derivative_at_an_element_of_an_array_of_layer_outputs_is_not_claimed_wrong() -> None:
    # which layer's tensor `prev.X` is (an element of `outputs`), the model cannot tell: it says nothing of it
    res = _result(_OBJECT_OUTPUTS)
    assert not res.findings, [(f.code, f.line, f.message) for f in res.findings]
    line = _line(_OBJECT_OUTPUTS, "dy = np.dot(prev.dy, prev_W.T) * self.Layers[key].act_der(prev.X)")
    assert {"F1", "F2"} <= _kinds(_OBJECT_OUTPUTS).get(line, set())


# A g-h filter: state estimation, no network and no loss; its gain is called `g`.
_GH_FILTER = '''
    import numpy as np


    class GHFilter:
        def __init__(self, x, dx, dt, g, h):
            self.x = x
            self.dx = dx
            self.dt = dt
            self.g = g
            self.h = h
            self.dx_prediction = self.dx
            self.x_prediction = self.x
            if np.ndim(x) == 0:
                self.residual = 0.0
            else:
                self.residual = np.zeros(len(x))

        def update(self, z, g=None, h=None):
            if g is None:
                g = self.g
            if h is None:
                h = self.h
            self.dx_prediction = self.dx
            self.x_prediction = self.x + self.dx * self.dt
            self.residual = z - self.x_prediction
            self.dx = self.dx_prediction + h * self.residual / self.dt
            self.x = self.x_prediction + g * self.residual
            return self.x, self.dx
'''


def test_a_filters_gain_called_g_is_no_gradient_to_report_loudly() -> None:
    # nothing in the file is backprop and the step's "gradient" is a one-letter name: at most an uncertain finding
    assert not [f for f in _result(_GH_FILTER).findings if f.confidence == "high"]
