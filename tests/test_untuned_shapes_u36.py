"""Shapes of real code met in the U36 probes (2026-12-06), in our own words: networks written in plain numbers and
lists of numbers (the Grokking-book style), an activation object whose derivative method names the activation,
a loop over a list of layers whose last member has no activation, and four false alarms (or wrong fixes) judged on real code. Each test failed on the checkout
before its fix, except the guards that say so."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# ------------------------------------------------------------------ networks written in numbers

_ONE_NUMBER = '''
    weight, goal, reading = (0.0, 0.8, 1.1)

    for step in range(20):
        guess = reading * weight
        loss = (guess - goal) ** 2
        delta = guess - goal
        weight_delta = delta * reading
        weight = weight - weight_delta
'''


def test_a_network_of_one_number_stepped_by_a_named_product_is_read() -> None:
    # the step takes away a name bound to a product (no learning rate written): still the weight's step
    k = _kinds(_ONE_NUMBER)
    assert "error" in k.get(_line(_ONE_NUMBER, "delta = guess - goal"), set())
    assert "F3" in k.get(_line(_ONE_NUMBER, "weight_delta = delta * reading"), set())
    assert "update" in k.get(_line(_ONE_NUMBER, "weight = weight - weight_delta"), set())
    assert not _result(_ONE_NUMBER).findings


_LISTS = '''
    def predict(features, weights):
        total = 0
        for i in range(len(features)):
            total += features[i] * weights[i]
        return total

    def scale(number, vector):
        out = [0, 0, 0]
        for i in range(len(out)):
            out[i] = number * vector[i]
        return out

    hours = [6.0, 7.5, 8.0, 5.5]
    coffee = [2.0, 1.0, 0.0, 3.0]
    noise = [0.3, 0.1, 0.2, 0.6]
    rested = [0.2, 0.9, 1.0, 0.1]

    weights = [0.1, 0.2, -0.1]
    alpha = 0.01
    features = [hours[0], coffee[0], noise[0]]
    goal = rested[0]

    for step in range(10):
        guess = predict(features, weights)
        delta = guess - goal
        weight_deltas = scale(delta, features)
        for i in range(len(weights)):
            weights[i] -= alpha * weight_deltas[i]
'''


def test_a_list_of_weights_written_in_numbers_is_stepped_and_the_sum_is_no_bias() -> None:
    # the samples written out beside a stepped list are the data; `total = 0` the dot product's start, no bias
    k = _kinds(_LISTS)
    assert "error" in k.get(_line(_LISTS, "delta = guess - goal"), set())
    assert "update" in k.get(_line(_LISTS, "weights[i] -= alpha * weight_deltas[i]"), set())
    assert not _result(_LISTS).findings


def test_numbers_that_nothing_steps_stay_numbers() -> None:
    # guard: a table of numbers and a running total with no step of them make no network
    src = '''
        table = [[1.0, 2.0], [3.0, 4.0]]
        total = 0
        for row in table:
            total = total - row[0] * row[1]
        print(total)
    '''
    r = _result(src)
    assert not r.tags and not r.findings


# ------------------------------------------------------------------ an activation object's derivative method

_ACT_OBJECT = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out, activation):
            self.W = np.random.randn(n_in, n_out)
            self.b = np.zeros(n_out)
            self.activation = activation

        def forward(self, x):
            self.x = x
            self.z = x.dot(self.W) + self.b
            return self.activation.activate(self.z)

        def backward(self, out_delta, lr):
            delta = out_delta * self.activation.activateGrad(self.z)
            dW = self.x.T.dot(delta)
            db = delta.sum(axis=0)
            in_delta = delta.dot(self.W.T)
            self.W -= lr * dW
            self.b -= lr * db
            return in_delta
'''


def test_a_derivative_method_named_with_the_activation_is_formula_1() -> None:
    for name in ("activateGrad", "activation_derivative", "dActivation"):
        src = _ACT_OBJECT.replace("activateGrad", name)
        k = _kinds(src)
        assert "F1" in k.get(_line(src, f"delta = out_delta * self.activation.{name}(self.z)"), set()), name
        assert "F3" in k.get(_line(src, "db = delta.sum(axis=0)"), set()), name


# ------------------------------------------------------------------ a list of layers, the last one linear

_LAYER_LIST = '''
    import numpy as np


    class Affine:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
            self.b = np.zeros(n_out)

        def forward(self, x):
            self.x = x
            return x @ self.W + self.b

        def backward(self, g):
            self.dW = self.x.T @ g
            self.db = g.sum(axis=0)
            return g @ self.W.T


    class Rectifier:
        def forward(self, x):
            self.keep = x > 0
            return np.maximum(0, x)

        def backward(self, g):
            return g * self.keep


    class SoftmaxXent:
        def forward(self, scores, onehot):
            e = np.exp(scores - scores.max(axis=1, keepdims=True))
            self.p = e / e.sum(axis=1, keepdims=True)
            self.t = onehot
            return -np.sum(onehot * np.log(self.p)) / len(onehot)

        def backward(self):
            return (self.p - self.t) / len(self.t)


    class Net:
        def __init__(self, sizes):
            self.layers = []
            self.acts = []
            for i in range(len(sizes) - 1):
                self.layers.append(Affine(sizes[i], sizes[i + 1]))
                if i < len(sizes) - 2:
                    self.acts.append(Rectifier())
            self.head = SoftmaxXent()

        def forward(self, x, onehot):
            h = x
            for i, layer in enumerate(self.layers):
                h = layer.forward(h)
                if i < len(self.acts):
                    h = self.acts[i].forward(h)
            return self.head.forward(h, onehot)

        def backward(self):
            g = self.head.backward()
            for i in range(len(self.layers) - 1, -1, -1):
                if i < len(self.acts):
                    g = self.acts[i].backward(g)
                g = self.layers[i].backward(g)

        def step(self, lr):
            for layer in self.layers:
                layer.W -= lr * layer.dW
                layer.b -= lr * layer.db


    def main():
        X = np.random.randn(200, 5)
        Y = np.eye(3)[np.random.randint(0, 3, 200)]
        net = Net([5, 16, 3])
        for epoch in range(50):
            loss = net.forward(X, Y)
            net.backward()
            net.step(0.1)


    if __name__ == "__main__":
        main()
'''


def test_a_loop_over_layers_whose_last_member_has_no_activation_is_a_network() -> None:
    # the output is the member's activation or the member's own product (the last layer's): a layer output
    # either way, so the softmax's error, and every formula behind it, is found
    k = _kinds(_LAYER_LIST)
    assert "error" in k.get(_line(_LAYER_LIST, "return (self.p - self.t) / len(self.t)"), set())
    assert "F1" in k.get(_line(_LAYER_LIST, "return g * self.keep"), set())
    assert "F3" in k.get(_line(_LAYER_LIST, "self.dW = self.x.T @ g"), set())
    assert "F2" in k.get(_line(_LAYER_LIST, "return g @ self.W.T"), set())
    assert "update" in k.get(_line(_LAYER_LIST, "layer.W -= lr * layer.dW"), set())
    assert not _result(_LAYER_LIST).findings


# ------------------------------------------------------------------ false alarms judged on real code


def test_a_handed_argument_compared_with_an_unknown_value_gives_no_ascent() -> None:
    # `back_propagate(self, targets)` run on its own: the argument taken for the upstream gradient is subtracted
    # from a value the model cannot read, so it may be the targets - no sign to build a BP201 on
    src = '''
        import math
        import random


        def squash(z):
            return math.sqrt(1 / (1 + math.exp(-z)))


        class Unit:
            def __init__(self):
                self.value = 0.0
                self.bias = random.random()


        class Layer:
            def __init__(self, n):
                self.units = [Unit() for _ in range(n)]
                self.length = n

            def at(self, i):
                return self.units[i]


        class Net:
            def __init__(self, sizes, lr):
                self.rate = lr
                self.rows = [Layer(n) for n in sizes]
                self.weights = {}
                for layer in range(1, len(sizes)):
                    self.weights[layer] = {}
                    for k in range(sizes[layer - 1]):
                        for j in range(sizes[layer]):
                            self.weights[layer][(k, j)] = random.random()

            def feed_forward(self, input_values):
                for i in range(self.rows[0].length):
                    self.rows[0].at(i).value = input_values[i]
                for layer in range(1, len(self.rows)):
                    row = self.rows[layer]
                    row_before = self.rows[layer - 1]
                    for j in range(row.length):
                        u = row.at(j)
                        u.value = 0
                        for k in range(row_before.length):
                            u.value += row_before.at(k).value * self.weights[layer][(k, j)]
                        u.value += u.bias
                        u.value = squash(u.value)
                return self.rows[-1]

            def back_propagate(self, output_values):
                d = {len(self.rows) - 1: {}}
                for layer in range(len(self.rows) - 1, 0, -1):
                    row = self.rows[layer]
                    row_below = self.rows[layer - 1]
                    d[layer - 1] = {}
                    for k in range(row_below.length):
                        below = row_below.at(k)
                        d[layer - 1][k] = 0
                        for j in range(row.length):
                            u = row.at(j)
                            if layer == len(self.rows) - 1:
                                d[layer][j] = -2 * (output_values[j] - u.value) * \
                                    u.value * (1 - u.value)
                                u.bias -= self.rate * d[layer][j]
                            d[layer - 1][k] += d[layer][j] * self.weights[layer][(k, j)] * \
                                below.value * (1 - below.value)
                            self.weights[layer][(k, j)] -= self.rate * d[layer][j] * below.value
                        below.bias -= self.rate * d[layer - 1][k]
    '''
    assert not [f for f in _result(src).findings if f.code == "BP201" and f.confidence == "high"]


_FORWARD_ON_GRADIENT = '''
    import numpy as np


    class SigmoidLayer:
        def __init__(self, n_in, n_out):
            self.W = 0.01 * np.random.randn(n_in, n_out)
            self.b = np.zeros((1, n_out))

        def forward(self, X):
            self.Z = np.dot(X, self.W) + self.b
            return 1 / (1 + np.exp(-self.Z))

        def backward(self, dz):
            p = self.forward(dz)
            return p * (1 - p)
'''


def test_a_forward_product_run_on_a_gradient_is_no_missing_transpose() -> None:
    # the fault is the call handing the forward pass a gradient, not a transpose the forward's line lacks
    assert not [f for f in _result(_FORWARD_ON_GRADIENT).findings if f.code == "BP304"]


_MASK_MADE_BEFORE = '''
    import numpy as np


    class ReLULayer:
        def __init__(self, n_in, n_out):
            self.W = 0.01 * np.random.randn(n_in, n_out)
            self.b = np.zeros((1, n_out))

        def forward(self, X):
            self.Z = np.dot(X, self.W) + self.b
            return np.maximum(0, self.Z)

        def backward(self, dz):
            d = np.zeros_like(dz)
            d[dz > 0] = 1
            return dz * d
'''


def test_a_mask_tested_on_the_gradient_a_line_before_is_reported_without_a_wrong_fix() -> None:
    found = [f for f in _result(_MASK_MADE_BEFORE).findings if f.code == "BP302"]
    assert len(found) == 1
    # the flagged product reads dz only as the error: swapping it for self.Z would be wrong
    assert found[0].expected is None


def test_a_step_subtracting_the_whole_new_value_is_fixed_by_assigning_it() -> None:
    src = '''
        import numpy as np

        def sgd(layer, grad_w, grad_b, lr):
            layer.W = np.subtract(layer.W, lr * grad_w)
            layer.b -= np.subtract(layer.b, lr * grad_b)
    '''
    from bpscan.rules import common

    import ast
    import textwrap

    tree = ast.parse(textwrap.dedent(src))
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.AugAssign))

    class _Stmt:
        pass

    st = _Stmt()
    st.node = node  # type: ignore[attr-defined]
    assert common.expected_flip(st) == "layer.b = np.subtract(layer.b, lr * grad_b)"
