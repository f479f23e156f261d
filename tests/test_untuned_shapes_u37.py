"""Shapes of real code met in the U37 probes (2026-12-06), in our own words: a training loop that composes its
backward pass from calls on lines of their own (`net.backward(x, y)`, `sgd.step()`, a handed-in model's and
optimiser's), an optimiser that keeps a model's layers and steps them by position, an optimiser's step built over two
statements, tensor objects of a framework's own (`x.value`, `y.grad`), an array backend imported under numpy's
alias, a handout's folder put on `sys.path` by name, a loss class whose one method is `__call__`, a bias behind an
on-switch, and two false alarms judged on real code (an activation's `backward(self, z)` that is its local
derivative; a parameter object's own gradient reset). Each test failed on the checkout before its fix, except the
guards that say so."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bpscan.analysis import analyze_source

from shape_util import kinds as _kinds, line_of as _line, result as _result

# ------------------------------------------------------------------ a backward pass composed of calls

_COMPOSED = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1

        def forward(self, x):
            self.x = x
            return x @ self.W

        def backward(self, g):
            self.gW = self.x.T @ g
            self.gx = g @ self.W.T


    class Tanh:
        def forward(self, z):
            self.a = np.tanh(z)
            return self.a

        def backward(self, g):
            self.gx = g * (1 - self.a ** 2)


    class Plain:
        def __init__(self, lr):
            self.lr = lr

        def step(self, layer):
            layer.W -= self.lr * layer.gW


    def train_step(first, act, second, x, t, opt):
        out = second.forward(act.forward(first.forward(x)))
        g = out - t
        second.backward(g)
        act.backward(second.gx)
        first.backward(act.gx)
        opt.step(first)
        opt.step(second)
        return out


    x = np.random.randn(16, 3)
    t = np.random.randn(16, 2)
    first, act, second, opt = Dense(3, 5), Tanh(), Dense(5, 2), Plain(0.1)
    for epoch in range(50):
        train_step(first, act, second, x, t, opt)
'''


def test_calls_on_lines_of_their_own_carry_their_callees_formulas() -> None:
    k = _kinds(_COMPOSED)
    # the layer's backward sends the error on (formula 2), the activation's applies its derivative (formula 1),
    # the optimiser's step is an update - each call is where the reader sees the backward pass composed
    assert "error" in k.get(_line(_COMPOSED, "g = out - t"), set())
    assert "F2" in k.get(_line(_COMPOSED, "second.backward(g)"), set())
    assert "F1" in k.get(_line(_COMPOSED, "act.backward(second.gx)"), set())
    assert "F2" in k.get(_line(_COMPOSED, "first.backward(act.gx)"), set())
    assert "update" in k.get(_line(_COMPOSED, "opt.step(first)"), set())
    # the callees' own lines keep their tags
    assert "update" in k.get(_line(_COMPOSED, "layer.W -= self.lr * layer.gW"), set())
    assert "F3" in k.get(_line(_COMPOSED, "self.gW = self.x.T @ g"), set())
    assert not _result(_COMPOSED).findings


def test_a_call_that_runs_a_whole_training_step_is_not_one_statement_of_the_backward_pass() -> None:
    # guard (passes before the change too): `train_step(...)` runs the forward pass as well, so it is no formula
    k = _kinds(_COMPOSED)
    assert not k.get(_line(_COMPOSED, "train_step(first, act, second, x, t, opt)"), set()) & \
        {"error", "F1", "F2", "F3", "update"}


def test_a_climbing_step_reached_through_a_call_is_found_on_the_step_s_own_line() -> None:
    # guard (passes before the change too): the call's new tag does not move the step's finding to the call
    bad = _COMPOSED.replace("layer.W -= self.lr * layer.gW", "layer.W += self.lr * layer.gW")
    assert [(f.code, f.line) for f in _result(bad).findings] == [("BP201", _line(bad, "layer.W += self.lr * layer.gW"))]


# ------------------------------------------------------------------ an optimiser that keeps a model's layers

_BY_POSITION = '''
    import numpy as np


    class SGD:
        def __init__(self, model, lr=0.1, momentum=0):
            self.l = model.layers
            self.L = len(model.layers)
            self.lr = lr
            self.mu = momentum
            self.v_W = [np.zeros(self.l[i].W.shape) for i in range(self.L)]

        def step(self):
            for i in range(self.L):
                if self.mu == 0:
                    self.l[i].W -= self.lr * self.l[i].dLdW
                    self.l[i].b -= self.lr * self.l[i].dLdb
                else:
                    self.v_W[i] = self.mu * self.v_W[i] - self.lr * self.l[i].dLdW
                    self.l[i].W += self.v_W[i]
'''


def test_an_optimiser_keeping_a_model_s_layers_steps_them_by_position() -> None:
    k = _kinds(_BY_POSITION)
    assert "update" in k.get(_line(_BY_POSITION, "self.l[i].W -= self.lr * self.l[i].dLdW"), set())
    assert "update" in k.get(_line(_BY_POSITION, "self.l[i].b -= self.lr * self.l[i].dLdb"), set())
    assert "update" in k.get(_line(_BY_POSITION, "self.l[i].W += self.v_W[i]"), set())
    assert not _result(_BY_POSITION).findings


def test_a_climbing_step_of_a_kept_model_s_layers_is_found() -> None:
    bad = _BY_POSITION.replace("self.l[i].b -= self.lr * self.l[i].dLdb", "self.l[i].b += self.lr * self.l[i].dLdb")
    assert [(f.code, f.line) for f in _result(bad).findings] == \
        [("BP201", _line(bad, "self.l[i].b += self.lr * self.l[i].dLdb"))]


_WALKED = '''
    class Adam:
        def __init__(self, model, lr):
            self.l = model.layers[::2]
            self.lr = lr

        def step(self):
            for layer in self.l:
                layer.W -= self.lr * layer.dW
'''


def test_an_optimiser_keeping_every_other_layer_of_a_model_steps_them() -> None:
    k = _kinds(_WALKED)
    assert "update" in k.get(_line(_WALKED, "layer.W -= self.lr * layer.dW"), set())


# ------------------------------------------------------------------ an array backend under numpy's alias

_BACKEND = '''
    from tinylib.core import Backend as np


    class Linear:
        def __init__(self, n_in, n_out):
            self.weight = np.random.uniform(-1, 1, size=(n_out, n_in))
            self.bias = np.zeros(n_out)

        def forward(self, x):
            self.x = x
            return np.matmul(x, self.weight.T) + self.bias

        def backward(self, g):
            self.dw = np.matmul(self.x.T, g).T
            self.db = np.sum(g, axis=0)
            return np.matmul(g, self.weight)
'''


def test_a_backend_imported_as_np_is_read_as_numpy() -> None:
    k = _kinds(_BACKEND)
    assert "F3" in k.get(_line(_BACKEND, "self.dw = np.matmul(self.x.T, g).T"), set())
    assert "F2" in k.get(_line(_BACKEND, "return np.matmul(g, self.weight)"), set())
    assert not _result(_BACKEND).findings


# ------------------------------------------------------------------ a handout's folder on sys.path

_HANDOUT = {
    "mytorch/linear.py": '''
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
    ''',
    "hw1.py": '''
        import sys

        import numpy as np

        sys.path.append('mytorch')
        from linear import *


        class MLP:
            def __init__(self, sizes, lr):
                self.layers = [Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
                self.lr = lr

            def forward(self, x):
                for layer in self.layers:
                    x = layer.forward(x)
                self.out = x
                return x

            def backward(self, y):
                delta = self.out - y
                for layer in reversed(self.layers):
                    delta = layer.backward(delta)

            def step(self):
                for layer in self.layers:
                    layer.W -= self.lr * layer.dW
                    layer.b -= self.lr * layer.db


        net = MLP([4, 8, 2], 0.1)
        x = np.random.randn(32, 4)
        y = np.random.randn(32, 2)
        for epoch in range(20):
            net.forward(x)
            net.backward(y)
            net.step()
    ''',
}


def test_a_folder_put_on_sys_path_by_name_is_read_as_the_project_s(tmp_path: Path) -> None:
    (tmp_path / "mytorch").mkdir()
    for name, text in _HANDOUT.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    hw = tmp_path / "hw1.py"
    text = hw.read_text()
    res = analyze_source(text, str(hw))
    own = {}
    for t in res.tags:
        own.setdefault(t.line, set()).add(t.kind)

    def at(s: str) -> set[str]:
        return own.get(next(i for i, x in enumerate(text.splitlines(), 1) if x.strip() == s), set())
    assert "error" in at("delta = self.out - y")
    assert "F2" in at("delta = layer.backward(delta)")
    assert "update" in at("layer.W -= self.lr * layer.dW")
    assert res.layers, "the Linear layers of the folder on sys.path are the network's"
    assert not res.findings


# ------------------------------------------------------------------ precision

_DERIVATIVE_PROTOCOL = '''
    import numpy as np


    class Activation:
        def forward(self, Z):
            raise NotImplementedError

        def backward(self, Z):
            raise NotImplementedError


    class Sigmoid(Activation):
        def forward(self, Z):
            return 1. / (1. + np.exp(-Z))

        def backward(self, A):
            return A * (1. - A)


    class Softplus(Activation):
        def forward(self, Z):
            return np.log(1. + np.exp(Z))

        def backward(self, Z):
            eZ = np.exp(Z)
            return eZ / (eZ + 1.)
'''


def test_an_activation_whose_backward_is_handed_its_output_or_input_is_its_local_derivative() -> None:
    # `backward(self, A)` returning `A * (1 - A)`: no multiple of what it is handed, so it is handed no gradient - it
    # is the derivative its caller multiplies by the error (`delta *= act.backward(out)`), not a chain-rule share
    # that forgot the gradient (BP311 said so on real code)
    assert not _result(_DERIVATIVE_PROTOCOL).findings


_FORGOT = _DERIVATIVE_PROTOCOL + '''

    class Exp(Activation):
        def forward(self, Z):
            self.Z = Z
            return np.exp(Z)

        def backward(self, grad):
            return np.exp(self.Z)
'''


def test_an_operation_whose_backward_ignores_the_gradient_it_is_handed_is_still_found() -> None:
    # a share that does not depend on the gradient forgot the chain rule: still found, and alone (before the change
    # its two siblings of the derivative protocol were reported beside it)
    assert [(f.code, f.line) for f in _result(_FORGOT).findings] == [("BP311", _line(_FORGOT, "return np.exp(self.Z)"))]


# ------------------------------------------------------------------ an optimiser's step built over two statements

_TWO_STATEMENT_STEP = '''
    import numpy as np


    class Optimizer:
        def __init__(self):
            self.regularizer = None

        def add_regularizer(self, regularizer):
            self.regularizer = regularizer


    class Sgd(Optimizer):
        def __init__(self, learning_rate):
            super().__init__()
            self.learning_rate = learning_rate

        def calculate_update(self, weight_tensor, gradient_tensor):
            original = np.copy(weight_tensor)
            updated = weight_tensor - self.learning_rate * gradient_tensor
            if self.regularizer:
                penalty = self.regularizer.calculate_gradient(original)
                updated -= self.learning_rate * penalty
            return updated
'''


def test_an_optimiser_s_step_with_a_penalty_taken_after_it_is_read() -> None:
    k = _kinds(_TWO_STATEMENT_STEP)
    assert "update" in k.get(_line(_TWO_STATEMENT_STEP, "updated = weight_tensor - self.learning_rate * gradient_tensor"),
                             set())
    assert "update" in k.get(_line(_TWO_STATEMENT_STEP, "updated -= self.learning_rate * penalty"), set())
    assert not _result(_TWO_STATEMENT_STEP).findings


def test_a_climbing_step_of_an_optimiser_with_a_penalty_is_found() -> None:
    bad = _TWO_STATEMENT_STEP.replace("weight_tensor - self.learning_rate * gradient_tensor",
                                      "weight_tensor + self.learning_rate * gradient_tensor")
    assert "BP201" in [f.code for f in _result(bad).findings]


# ------------------------------------------------------------------ an optimiser handed in

_HANDED_OPTIMISER = '''
    import numpy as np


    class Model:
        def __init__(self, layers):
            self.layers = layers

        def train(self, X, Y, epochs, optimizer, loss_function):
            for epoch in range(epochs):
                optimizer.zero_grad()
                for layer in self.layers:
                    X = layer.forward(X)
                loss = loss_function.forward(X, Y)
                grad = loss_function.backward()
                for layer in reversed(self.layers):
                    grad = layer.backward(grad)
                optimizer.step()
'''


def test_a_handed_in_optimiser_s_step_is_an_update_where_no_library_has_optimisers() -> None:
    k = _kinds(_HANDED_OPTIMISER)
    assert "update" in k.get(_line(_HANDED_OPTIMISER, "optimizer.step()"), set())
    assert "F2" in k.get(_line(_HANDED_OPTIMISER, "grad = layer.backward(grad)"), set())


def test_a_handed_in_optimiser_of_a_file_that_imports_torch_optim_is_left_alone() -> None:
    # guard (passes before the change too): `optimizer.step()` of torch.optim is the library's, not a statement a reader tags (COUNTING's rule)
    src = _HANDED_OPTIMISER.replace("import numpy as np", "import numpy as np\n    import torch.optim")
    assert "update" not in _kinds(src).get(_line(src, "optimizer.step()"), set())


# ------------------------------------------------------------------ tensor objects of a framework's own

_TENSOR_OBJECTS = '''
    import numpy as np


    class Tensor:
        def __init__(self, value):
            self.__value = np.copy(value)
            self.__grad = np.zeros(value.shape)

        @property
        def value(self):
            return self.__value

        @property
        def grad(self):
            return self.__grad

        @grad.setter
        def grad(self, g):
            self.__grad = np.copy(g)


    class Linear:
        def __init__(self, n_out):
            self.n_out = n_out
            self.__w = None
            self.__b = None

        def forward(self, x, **kwargs):
            if self.__w is None:
                self.__w = Tensor(np.random.randn(x.value.shape[-1], self.n_out) * 0.1)
                self.__b = Tensor(np.zeros(self.n_out))
            y = Tensor(np.dot(x.value, self.__w.value) + self.__b.value)
            return y

        def backward(self, x, y, **kwargs):
            x.grad += np.dot(y.grad, self.__w.value.T)
            self.__w.grad += np.dot(x.value.T, y.grad)
            self.__b.grad += y.grad
'''


def test_a_layer_of_tensor_objects_reads_their_values_and_gradients() -> None:
    # forward(self, x) reads `x.value`; backward(self, x, y) is handed the output tensor back, `y.grad` its gradient
    k = _kinds(_TENSOR_OBJECTS)
    assert "F2" in k.get(_line(_TENSOR_OBJECTS, "x.grad += np.dot(y.grad, self.__w.value.T)"), set())
    assert "F3" in k.get(_line(_TENSOR_OBJECTS, "self.__w.grad += np.dot(x.value.T, y.grad)"), set())
    assert "F3" in k.get(_line(_TENSOR_OBJECTS, "self.__b.grad += y.grad"), set())
    assert not _result(_TENSOR_OBJECTS).findings


def test_a_missing_transpose_between_tensor_objects_is_found() -> None:
    bad = _TENSOR_OBJECTS.replace("np.dot(y.grad, self.__w.value.T)", "np.dot(y.grad, self.__w.value)")
    assert "BP304" in [f.code for f in _result(bad).findings]


# ------------------------------------------------------------------ a loss class whose one method is `__call__`

_CALLED_LOSS = '''
    import numpy as np


    class MSELoss:
        def __call__(self, preds, labels):
            dloss = (preds - labels) / len(labels)
            loss = np.mean((preds - labels) ** 2) / 2
            return dloss, loss


    class CrossEntropy:
        def __init__(self, num_classes):
            self.num_classes = num_classes
            self.eps = 1e-20

        def __call__(self, preds, labels):
            log_pred = np.log(preds + self.eps)
            mask = np.zeros((labels.size, self.num_classes))
            mask[np.arange(labels.size), labels] = 1
            loss = -1 * mask * log_pred
            dloss = -1 * mask / (preds + self.eps)
            return dloss, np.mean(loss)
'''


def test_a_loss_class_computing_its_derivative_in_call_is_read() -> None:
    k = _kinds(_CALLED_LOSS)
    assert "error" in k.get(_line(_CALLED_LOSS, "dloss = (preds - labels) / len(labels)"), set())
    assert "error" in k.get(_line(_CALLED_LOSS, "dloss = -1 * mask / (preds + self.eps)"), set())
    assert not _result(_CALLED_LOSS).findings



# ------------------------------------------------------------------ precision: a parameter object's own reset

_OWN_RESET = '''
    import types

    import numpy as np


    class Parameter:
        def __init__(self, tensor):
            self.data = tensor
            self.grad = np.zeros(tensor.shape)

        def set_grad_zero(self):
            self.grad = np.zeros(self.grad.shape)


    class Linear:
        def __init__(self, n_in, n_out):
            self.w = Parameter(np.random.randn(n_in, n_out) * 0.1)

        def forward(self, x):
            self.x = x
            return x @ self.w.data

        def backward(self, g):
            self.w.grad += self.x.T @ g
            return g @ self.w.data.T

        def param(self):
            return [{"w": self.w}]


    class SGD:
        def __init__(self, model, lr=0.01):
            self.model = model
            self.lr = lr

        def zero_grad(self):
            for param_dict in self.model.param():
                if isinstance(param_dict, types.GeneratorType):
                    param_dict = next(param_dict)
                for p in param_dict.values():
                    if p.grad is not None:
                        p.set_grad_zero()

        def step(self):
            for param_dict in self.model.param():
                if isinstance(param_dict, types.GeneratorType):
                    param_dict = next(param_dict)
                for p in param_dict.values():
                    d_p = p.grad
                    p.data -= self.lr * d_p


    x = np.random.randn(32, 3)
    y = np.random.randn(32, 2)
    net = Linear(3, 2)
    opt = SGD(net, 0.1)
    for epoch in range(20):
        opt.zero_grad()
        out = net.forward(x)
        net.backward(2 * (out - y) / len(y))
        opt.step()
'''


def test_a_parameter_object_s_own_reset_method_zeroes_its_gradient() -> None:
    # `p.set_grad_zero()` on parameters walked through a generator the model may hand out: the reset the
    # optimiser's `zero_grad()` does each step (BP501 said the .grad was never reset, on real code)
    assert not _result(_OWN_RESET).findings


def test_a_step_whose_gradient_is_never_reset_is_still_found() -> None:
    # guard (passes before the change too): without the optimiser's reset, the gradients add up step after step
    bad = _OWN_RESET.replace("        opt.zero_grad()\n", "")
    assert bad != _OWN_RESET
    assert [f.code for f in _result(bad).findings] == ["BP501"]



# ------------------------------------------------------------------ a bias behind a switch

_SWITCHED_BIAS = '''
    import numpy as np


    class Linear:
        def __init__(self, n_in, n_out, bias=True):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros(n_out)
            self.bias = bias

        def forward(self, inpt):
            self.inpt = inpt
            return inpt @ self.W + self.b * self.bias

        def backward(self, grads):
            self.dW = self.inpt.T @ grads
            if self.bias:
                self.db = np.sum(grads, axis=0)
            return grads @ self.W.T
'''


def test_a_bias_multiplied_by_its_on_switch_is_still_the_layer_s_bias() -> None:
    # `self.b * self.bias` with `bias=True`: on, the bias itself - the layer's output keeps its role, so the weight
    # gradient is formula 3 of this layer
    k = _kinds(_SWITCHED_BIAS)
    assert "F3" in k.get(_line(_SWITCHED_BIAS, "self.dW = self.inpt.T @ grads"), set())
    assert "F3" in k.get(_line(_SWITCHED_BIAS, "self.db = np.sum(grads, axis=0)"), set())
    assert not _result(_SWITCHED_BIAS).findings


def test_a_missing_transpose_of_the_switched_layer_is_found() -> None:
    # guard (passes before the change too): formula 2 of the switched layer is still checked
    bad = _SWITCHED_BIAS.replace("return grads @ self.W.T", "return grads @ self.W")
    assert bad != _SWITCHED_BIAS
    assert [f.code for f in _result(bad).findings] == ["BP304"]


# ------------------------------------------------------------------ a model handed to a training function

_HANDED_MODEL = '''
    import numpy as np


    class LossMSE:
        def forward(self, pred, target):
            self.pred = pred
            self.target = target
            return ((pred - target) ** 2).mean()

        def backward(self):
            return 2 * (self.pred - self.target) / self.pred.size


    def train(model, train_input, train_target, lr=0.05, epochs=10):
        criterion = LossMSE()
        for epoch in range(epochs):
            output = model.forward(train_input)
            loss = criterion.forward(output, train_target)
            grad_loss = criterion.backward()
            model.backward(grad_loss)
            model.step(lr)
'''


def test_a_handed_model_s_backward_on_its_own_line_is_where_the_backward_pass_goes_on() -> None:
    k = _kinds(_HANDED_MODEL)
    assert "error" in k.get(_line(_HANDED_MODEL, "grad_loss = criterion.backward()"), set())
    assert "F2" in k.get(_line(_HANDED_MODEL, "model.backward(grad_loss)"), set())
    assert not _result(_HANDED_MODEL).findings


# ------------------------------------------------------------------ calls that are no statement of the backward pass

_AUTOGRAD_LOOP = '''
    import torch


    class SGD:
        def __init__(self, params, lr):
            self.params = list(params)
            self.lr = lr

        def step(self):
            with torch.no_grad():
                for p in self.params:
                    p -= self.lr * p.grad
                    p.grad.zero_()


    class MLP(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))

        def forward(self, x):
            return self.layers(x)


    def train_with(model, opt, x, y):
        for _ in range(20):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()


    model = MLP()
    opt = SGD(model.parameters(), 0.1)
    train_with(model, opt, torch.randn(8, 2), torch.randint(0, 2, (8,)))
'''


def test_a_call_running_an_autograd_training_loop_is_not_an_update() -> None:
    # the optimiser's own step is tagged where it is written and where it is called; the function that runs the
    # whole loop (a library's forward and backward included) is not one statement of the backward pass
    k = _kinds(_AUTOGRAD_LOOP)
    assert "update" in k.get(_line(_AUTOGRAD_LOOP, "p -= self.lr * p.grad"), set())
    assert "update" in k.get(_line(_AUTOGRAD_LOOP, "opt.step()"), set())
    assert not k.get(_line(_AUTOGRAD_LOOP, "train_with(model, opt, torch.randn(8, 2), torch.randint(0, 2, (8,)))"),
                     set()) & \
        {"error", "F1", "F2", "F3", "update"}


_HELPER_WITH_DERIVATIVE = '''
    import numpy as np


    def softmax(x, derivative=False):
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        s = e / e.sum(axis=-1, keepdims=True)
        if derivative:
            return s * (1 - s)
        return s


    def convert(targets, to):
        if to == "probability":
            converted = softmax(targets)
        else:
            converted = targets
        return converted
'''


def test_an_assigned_helper_with_a_derivative_branch_is_no_output_error() -> None:
    # guard (passes before the change too): `converted = softmax(targets)` returns probabilities, no gradient
    k = _kinds(_HELPER_WITH_DERIVATIVE)
    assert not k.get(_line(_HELPER_WITH_DERIVATIVE, "converted = softmax(targets)"), set()) & \
        {"error", "F1", "F2", "F3", "update"}
