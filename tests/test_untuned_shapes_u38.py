"""Shapes of real code met in the U38 probes (2026-12-07), in our own words: activations looked up in a class's
table of functions by a name the code does not fix, `np.e ** -x` as exp, a method that runs the forward pass itself
and is handed data (not an upstream gradient), an inherited method that reads its own module's imports, a ReLU written
as `(x + abs(x)) / 2` with its derivative through `np.vectorize`, a bias spread with `np.ones`, labels named by their
split (`trainLabel`), weights kept in `np.asarray` of a list, L1 penalties added to a gradient, an optimiser over
lists of lists, a `Sequential(layers)` that walks its layer objects, and a report that does not depend on the
process's memory layout. Each test failed on the checkout before its fix, except the guards that say so."""

from __future__ import annotations

from pathlib import Path

from shape_util import kinds as _kinds, line_of as _line, project_kinds as _project_kinds, result as _result

_BACKWARD = {"error", "F1", "F2", "F3", "update"}


# ------------------------------------------------------------------ activations from a class's table of functions

_TABLE = '''
    import numpy as np


    class Layer:
        ACTIVATIONS = {
            "relu": {"func": lambda x: np.maximum(0, x), "deriv": lambda x: (x > 0).astype(float)},
            "sigmoid": {"func": lambda x: 1 / (1 + np.e ** (-x)),
                        "deriv": lambda x: (1 / (1 + np.e ** (-x))) * (1 - 1 / (1 + np.e ** (-x)))},
        }

        def __init__(self, n_in, n_out, activation):
            self.activation = activation
            self.weights = np.random.randn(n_out, n_in) * 0.1
            self.biases = np.zeros((n_out, 1))

        def forward(self, input_vector):
            self.z_s = self.weights @ input_vector + self.biases
            func = self.ACTIVATIONS[self.activation]["func"]
            self.a_s = func(self.z_s)
            return self.a_s

        def compute_derivatives(self):
            deriv = self.ACTIVATIONS[self.activation]["deriv"]
            self.derivs = deriv(self.z_s)


    class Network:
        def __init__(self, sizes):
            self.layers = []
            for i in range(len(sizes) - 1):
                act = "sigmoid" if i == len(sizes) - 2 else "relu"
                self.layers.append(Layer(sizes[i], sizes[i + 1], act))

        def predict(self, input_vector):
            x = input_vector
            for layer in self.layers:
                x = layer.forward(x)
            return x

        def deltas(self, y):
            out = self.layers[-1]
            out.compute_derivatives()
            out.delta = 2 * (out.a_s - y) * out.derivs
            for i in range(len(self.layers) - 2, -1, -1):
                layer, above = self.layers[i], self.layers[i + 1]
                layer.compute_derivatives()
                layer.delta = np.dot(above.weights.T, above.delta) * layer.derivs

        def compute_gradients(self, input_vector, target):
            self.predict(input_vector)
            self.deltas(target)
            for i, layer in enumerate(self.layers):
                prev = input_vector if i == 0 else self.layers[i - 1].a_s
                layer.dweights = np.dot(layer.delta, prev.T)
                layer.dbiases = layer.delta.sum(axis=1, keepdims=True)
'''


def test_activations_looked_up_in_a_class_s_table_by_a_name_the_code_does_not_fix() -> None:
    k = _kinds(_TABLE)
    # `self.ACTIVATIONS[self.activation]["deriv"]`: one of the table's derivatives, so the delta lines are formula 1
    # (and 2) of a layer whose activation is one of the table's
    assert {"error", "F1"} <= k.get(_line(_TABLE, "out.delta = 2 * (out.a_s - y) * out.derivs"), set())
    assert {"F2", "F1"} <= k.get(
        _line(_TABLE, "layer.delta = np.dot(above.weights.T, above.delta) * layer.derivs"), set())
    assert not _result(_TABLE).findings


def test_a_method_that_runs_the_forward_pass_itself_is_handed_data() -> None:
    # `compute_gradients(self, input_vector, target)` calls the forward pass on its first argument: a whole step
    # handed the input, not a backward handed the gradient of the output
    k = _kinds(_TABLE)
    assert "F3" in k.get(_line(_TABLE, "layer.dweights = np.dot(layer.delta, prev.T)"), set())
    assert "F3" in k.get(_line(_TABLE, "layer.dbiases = layer.delta.sum(axis=1, keepdims=True)"), set())


# ------------------------------------------------------------------ a base class in another module

def test_an_inherited_method_reads_the_imports_of_its_own_module(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/core.py": '''
            import numpy as np


            class Parameter:
                def __init__(self, tensor):
                    self.tensor = tensor
                    self.gradient = np.zeros_like(tensor)
        ''',
        "pkg/base.py": '''
            from pkg.core import Parameter


            class Layer:
                def __init__(self):
                    self.parameters = []

                def build_param(self, tensor):
                    param = Parameter(tensor)
                    self.parameters.append(param)
                    return param
        ''',
        "pkg/linear.py": '''
            import numpy as np

            from .base import Layer


            class Linear(Layer):
                def __init__(self, n_in, n_out):
                    super().__init__()
                    self.weight = self.build_param(np.random.randn(n_out, n_in) * 0.1)
                    self.bias = self.build_param(np.zeros(n_out))

                def forward(self, input):
                    self.input = input
                    return np.matmul(input, self.weight.tensor.T) + self.bias.tensor

                def backward(self, in_gradient):
                    self.weight.gradient = np.matmul(self.input.T, in_gradient).T
                    self.bias.gradient = np.sum(in_gradient, axis=0)
                    return np.matmul(in_gradient, self.weight.tensor)
        ''',
    }
    k = _project_kinds(tmp_path, files, "pkg/linear.py")
    src = files["pkg/linear.py"]
    # `Parameter` is the name base.py imports, not one of linear.py's: the weight is a Parameter's tensor
    assert "F3" in k.get(_line(src, "self.weight.gradient = np.matmul(self.input.T, in_gradient).T"), set())
    assert "F3" in k.get(_line(src, "self.bias.gradient = np.sum(in_gradient, axis=0)"), set())
    assert "F2" in k.get(_line(src, "return np.matmul(in_gradient, self.weight.tensor)"), set())


# ------------------------------------------------------------------ a CNN-era script's spellings

_SPELLED = '''
    import numpy as np


    def relu(x):
        return (x + abs(x)) / 2


    def back_relu(error, units):
        def step(v):
            return 1 if v > 0 else 0
        step = np.vectorize(step)
        return error * step(units)


    class Net:
        def __init__(self):
            self.Weights = [np.random.randn(16, 4) * 0.1, np.random.randn(3, 16) * 0.1]
            self.Biases = [0.01 * np.ones(16), 0.01 * np.ones(3)]
            self.Weights = np.asarray(self.Weights)
            self.Biases = np.asarray(self.Biases)

        def backward(self, trainData, trainLabel, lr=0.01):
            weights, biases = self.Weights, self.Biases
            for k in range(len(trainData)):
                x_data = trainData[k]
                x_label = trainLabel[k]
                hidden = relu(np.dot(weights[0], x_data) + biases[0] * np.ones(16))
                out = np.dot(weights[1], hidden) + biases[1]
                dy = out - x_label
                dW1 = np.outer(dy, hidden)
                dh = np.dot(weights[1].T, dy)
                dh = back_relu(dh, hidden)
                dW0 = np.outer(dh, x_data)
                weights[1] -= lr * dW1
                biases[1] -= lr * dy
                weights[0] -= lr * dW0
                biases[0] -= lr * dh
'''


def test_a_relu_written_with_abs_and_a_vectorised_step_as_its_derivative() -> None:
    k = _kinds(_SPELLED)
    # `trainLabel[k]` is a label; `(x + abs(x)) / 2` is the ReLU, `1 if v > 0 else 0` through np.vectorize its mask
    assert "error" in k.get(_line(_SPELLED, "dy = out - x_label"), set())
    assert "F1" in k.get(_line(_SPELLED, "dh = back_relu(dh, hidden)"), set())
    # weights kept in `np.asarray` of a list are still each layer's: `weights[1]` the second layer's
    assert "F2" in k.get(_line(_SPELLED, "dh = np.dot(weights[1].T, dy)"), set())
    assert "update" in k.get(_line(_SPELLED, "weights[0] -= lr * dW0"), set())
    assert "update" in k.get(_line(_SPELLED, "biases[0] -= lr * dh"), set())
    assert not _result(_SPELLED).findings


def test_a_climbing_step_of_weights_kept_in_an_array_of_arrays_is_found() -> None:
    bad = _SPELLED.replace("weights[1] -= lr * dW1", "weights[1] += lr * dW1")
    assert ("BP201", _line(bad, "weights[1] += lr * dW1")) in {(f.code, f.line) for f in _result(bad).findings}


# ------------------------------------------------------------------ penalties and optimisers

_L1 = '''
    import numpy as np

    X = np.random.randn(8, 3)
    Y = np.random.randn(8, 2)
    W = np.random.randn(3, 2)
    b = np.zeros(2)
    reg, lr = 0.01, 0.1
    for it in range(100):
        out = X.dot(W) + b
        d = out - Y
        dW = X.T.dot(d)
        dW += reg * np.sign(W)
        db = d.sum(axis=0)
        dL1 = np.ones_like(b)
        dL1[b < 0] = -1
        db += reg * dL1
        W -= lr * dW
        b -= lr * db
'''


def test_an_l1_penalty_s_derivative_added_to_a_gradient_is_formula_3() -> None:
    k = _kinds(_L1)
    assert "F3" in k.get(_line(_L1, "dW += reg * np.sign(W)"), set())
    # the bias's gradient `d.sum(axis=0)` names no parameter; the layer's one bias is the one penalised
    assert "F3" in k.get(_line(_L1, "db += reg * dL1"), set())
    assert not _result(_L1).findings


_NESTED = '''
    import numpy as np


    def vanilla_update(params, grads, learning_rate=0.01):
        for param, grad in zip(params, reversed(grads)):
            for i in range(len(grad)):
                param[i] += - learning_rate * grad[i]


    def adagrad_update(cache, params, grads, learning_rate=0.01):
        for c, param, grad in zip(cache, params, reversed(grads)):
            for i in range(len(grad)):
                c[i] += grad[i] ** 2
                param[i] += - learning_rate * grad[i] / (np.sqrt(c[i]) + 1e-8)
'''


def test_an_optimiser_over_lists_of_each_layer_s_parameters_steps_them() -> None:
    k = _kinds(_NESTED)
    assert "update" in k.get(_line(_NESTED, "param[i] += - learning_rate * grad[i]"), set())
    assert "update" in k.get(
        _line(_NESTED, "param[i] += - learning_rate * grad[i] / (np.sqrt(c[i]) + 1e-8)"), set())
    # the squared-gradient cache is the optimiser's state, no step of a parameter
    assert not k.get(_line(_NESTED, "c[i] += grad[i] ** 2"), set()) & _BACKWARD


def test_a_climbing_step_over_lists_of_parameters_is_found() -> None:
    bad = _NESTED.replace("param[i] += - learning_rate * grad[i]\n", "param[i] += learning_rate * grad[i]\n")
    assert ("BP201", _line(bad, "param[i] += learning_rate * grad[i]")) in \
        {(f.code, f.line) for f in _result(bad).findings}


# ------------------------------------------------------------------ a Sequential of its user's layers

_SEQUENTIAL = '''
    class Sequential:
        def __init__(self, layers):
            self.layers = layers

        def forward(self, X):
            for layer in self.layers:
                X = layer.forward(X)
            return X

        def backward(self, dout):
            for layer in reversed(self.layers):
                dout = layer.backward(dout)
                if isinstance(dout, tuple):
                    dout, dW, db = dout
                    layer.dW, layer.db = dW, db
            return dout
'''


def test_a_sequential_handed_its_layer_objects_sends_the_gradient_through_each() -> None:
    # `layers` walked with `layer.backward(dout)` holds layer objects, not sizes; `dout, dW, db = dout` splits a
    # layer's answer, it does not make `dout` a tuple of settings
    k = _kinds(_SEQUENTIAL)
    assert "F2" in k.get(_line(_SEQUENTIAL, "dout = layer.backward(dout)"), set())
    assert not _result(_SEQUENTIAL).findings


def test_a_list_of_sizes_named_layers_stays_sizes() -> None:
    # guard (passes before the change too): `layers` of a constructor that sizes weights from it is not a list of
    # layer objects
    src = '''
        import numpy as np
        class MLP:
            def __init__(self, layers):
                self.W = [np.random.randn(a, b) * 0.1 for a, b in zip(layers[:-1], layers[1:])]
            def forward(self, x):
                for W in self.W:
                    x = np.tanh(x @ W)
                return x
    '''
    assert not _result(src).findings


# ------------------------------------------------------------------ the same report whatever the memory layout

def test_sets_of_model_values_iterate_in_the_order_the_values_were_made() -> None:
    # A report built by iterating sets of values (a term's leaves, the parameters a step reaches) was ordered by
    # the values' addresses, so the same file gave a different layer number from run to run (seen on real code
    # under `-j 2`): values now hash by the order they were made in, numbered afresh for each analysis.
    from bpscan.values import Leaf, reset_serials

    reset_serials()
    made = [Leaf(("k", i), f"w{i}", i) for i in range(40)]
    order = list(frozenset(reversed(made)))
    assert order == made
    reset_serials()
    again = [Leaf(("k", i), f"w{i}", i) for i in range(40)]
    assert [hash(v) for v in again] == [hash(v) for v in made]


# ------------------------------------------------------------------ gradients reset through a list the model cannot read

_RESET = '''
    import numpy as np
    import torch
    from torch import nn


    def get_params():
        def one(shape):
            return nn.Parameter(torch.tensor(np.random.normal(0, 0.01, size=shape), dtype=torch.float32))
        W_xh, W_hq = one((8, 16)), one((16, 4))
        b_h = nn.Parameter(torch.zeros(16))
        return nn.ParameterList([W_xh, b_h, W_hq])


    def net(X, params):
        W_xh, b_h, W_hq = params
        return torch.tanh(X @ W_xh + b_h) @ W_hq


    def sgd(params, lr, batch_size):
        for param in params:
            param.data -= lr * param.grad / batch_size


    def train(get_params, data, lr, epochs):
        params = get_params()
        loss = nn.CrossEntropyLoss()
        for epoch in range(epochs):
            for X, y in data:
                l = loss(net(X, params), y)
                if params[0].grad is not None:
                    for param in params:
                        param.grad.data.zero_()
                l.backward()
                sgd(params, lr, 1)


    data = [(torch.randn(5, 8), torch.randint(0, 4, (5,))) for _ in range(10)]
    train(get_params, data, 0.1, 3)
'''


def test_gradients_reset_over_a_list_made_elsewhere_are_reset() -> None:
    # `params = get_params()` is nothing the model can read, yet `param.grad.data.zero_()` over it resets the very
    # gradients `sgd` reads: no grad-not-zeroed finding (seen as a false BP501 on real code)
    assert "BP501" not in {f.code for f in _result(_RESET).findings}


def test_gradients_never_reset_over_such_a_list_are_still_found() -> None:
    # guard (passes before the change too): with no reset at all the finding stays
    bad = _RESET.replace('''                if params[0].grad is not None:
                    for param in params:
                        param.grad.data.zero_()
''', "")
    assert "BP501" in {f.code for f in _result(bad).findings}


# ------------------------------------------------------------------ a handed-in loss and model, on lines of their own

_HANDED = '''
    def fit(net, loss, optimizer, X, y):
        y_pred = net.forward(X)
        prediction_loss = loss.loss(y_pred, y)
        grad = loss.grad(y_pred, y)
        net.backward(grad)
        optimizer.step(net)
        return prediction_loss


    class Model:
        def __init__(self, loss, layers):
            self.loss = loss
            self.layers = layers

        def backward(self, output, y):
            self.loss.backward(output, y)
            return self.loss.dinputs
'''


def test_a_handed_in_loss_s_gradient_starts_the_backward_pass_its_caller_composes() -> None:
    k = _kinds(_HANDED)
    # `loss.grad(y_pred, y)`: the loss's gradient at the prediction, the output error; `net` runs both passes, so
    # it is a model (not the data, though it comes first), whose backward hands the gradient on; the optimiser steps
    assert "error" in k.get(_line(_HANDED, "grad = loss.grad(y_pred, y)"), set())
    assert "F2" in k.get(_line(_HANDED, "net.backward(grad)"), set())
    assert "update" in k.get(_line(_HANDED, "optimizer.step(net)"), set())
    # a loss handed the prediction and the targets on a line of its own starts the pass with the output error
    assert "error" in k.get(_line(_HANDED, "self.loss.backward(output, y)"), set())
    # (a whole step is no statement of the backward pass, and nothing here is known enough for a finding)
    assert not _result(_HANDED).findings


_LINKED = '''
    class Model:
        def __init__(self):
            self.layers = []

        def add(self, layer):
            self.layers.append(layer)

        def set(self, *, loss, optimizer):
            self.loss = loss
            self.optimizer = optimizer

        def finalize(self):
            for i in range(len(self.layers)):
                self.layers[i].next = self.layers[i + 1] if i < len(self.layers) - 1 else self.loss

        def forward(self, X):
            for layer in self.layers:
                X = layer.forward(X)
            return X

        def backward(self, output, y):
            self.loss.backward(output, y)
            for layer in reversed(self.layers):
                layer.backward(layer.next.dinputs)

        def train(self, X, y, epochs=1):
            for epoch in range(epochs):
                output = self.forward(X)
                self.backward(output, y)
                for layer in self.layers:
                    self.optimizer.update_params(layer)
'''


def test_layers_linked_by_next_hand_each_other_their_dinputs() -> None:
    # the "Neural Networks from Scratch" protocol: each layer's backward reads the gradient the next one kept in
    # `dinputs`; the loss starts the pass; the optimiser's `update_params(layer)` steps each layer
    k = _kinds(_LINKED)
    assert "error" in k.get(_line(_LINKED, "self.loss.backward(output, y)"), set())
    assert "F2" in k.get(_line(_LINKED, "layer.backward(layer.next.dinputs)"), set())
    assert "update" in k.get(_line(_LINKED, "self.optimizer.update_params(layer)"), set())
    assert not _result(_LINKED).findings
