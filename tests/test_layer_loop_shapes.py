"""Shapes of two untuned probes of course exercises and from-scratch code (2026-12-03), written again in
our own words: L-layer networks whose backward pass is one loop over a family of dict-keyed layers, the
last one handled in a branch on the layer index; optimisers picked from a table or handed to a layer; and
the false findings the second probe found on them, each now silent."""

from __future__ import annotations

import textwrap

import pytest

from bpscan.analysis import analyze_source

#: the store is a class attribute, keys are built into variables first, the hidden activation is a
#: choice the constructor defaults and the methods test by name, the output is a softmax
CHOICE_NET = textwrap.dedent('''
    import numpy as np

    class ChoiceNet:
        __depth = 0
        __store = {}
        __params = {}

        def __init__(self, n_in, sizes, hidden="sig"):
            if hidden not in ("sig", "tanh"):
                raise ValueError("hidden must be 'sig' or 'tanh'")
            self.__depth = len(sizes)
            self.__hidden = hidden
            for j in range(self.__depth):
                w_name = "W" + str(j + 1)
                b_name = "b" + str(j + 1)
                fan = n_in if j == 0 else sizes[j - 1]
                self.__params[w_name] = np.random.randn(sizes[j], fan) * np.sqrt(1 / fan)
                self.__params[b_name] = np.zeros((sizes[j], 1))

        @property
        def hidden(self):
            return self.__hidden

        def forward_prop(self, X):
            self.__store["A0"] = X
            for j in range(self.__depth):
                a_in = self.__store["A" + str(j)]
                z = np.matmul(self.__params["W" + str(j + 1)], a_in) + self.__params["b" + str(j + 1)]
                if j == self.__depth - 1:
                    e = np.exp(z - np.max(z, axis=0, keepdims=True))
                    self.__store["A" + str(j + 1)] = e / np.sum(e, axis=0, keepdims=True)
                elif self.__hidden == "tanh":
                    self.__store["A" + str(j + 1)] = np.tanh(z)
                else:
                    self.__store["A" + str(j + 1)] = 1 / (1 + np.exp(-z))
            return self.__store["A" + str(self.__depth)], self.__store

        def gradient_descent(self, Y, store, alpha=0.05):
            m = Y.shape[1]
            for j in reversed(range(self.__depth)):
                a_key = "A" + str(j + 1)
                w_key = "W" + str(j + 1)
                b_key = "b" + str(j + 1)
                if j == self.__depth - 1:
                    dz = store[a_key] - Y
                elif self.hidden == "sig":
                    dz = da * store[a_key] * (1 - store[a_key])
                else:
                    dz = da * (1 - store[a_key] ** 2)
                dw = np.matmul(dz, store["A" + str(j)].T) / m
                db = np.sum(dz, axis=1, keepdims=True) / m
                da = np.matmul(self.__params[w_key].T, dz)
                self.__params[w_key] = self.__params[w_key] - alpha * dw
                self.__params[b_key] = self.__params[b_key] - alpha * db
''')

#: two optimisers stepping a dict of parameters, and a trainer that picks one from a table by name
TABLE_OPTIMISERS = textwrap.dedent('''
    import numpy as np

    class Plain:
        def __init__(self, rate=0.01):
            self.rate = rate

        def update(self, params, grads):
            for name in params:
                params[name] -= self.rate * grads[name]

    class Momentum:
        def __init__(self, rate=0.01, beta=0.9):
            self.rate, self.beta, self.speed = rate, beta, None

        def update(self, params, grads):
            if self.speed is None:
                self.speed = {k: np.zeros_like(v) for k, v in params.items()}
            for name in params:
                self.speed[name] = self.beta * self.speed[name] - self.rate * grads[name]
                params[name] += self.speed[name]

    class Trainer:
        def __init__(self, net, optimiser="plain", **options):
            self.net = net
            self.opt = {"plain": Plain, "momentum": Momentum}[optimiser](**options)

        def step(self, x, t):
            grads = self.net.gradient(x, t)
            self.opt.update(self.net.params, grads)
            return self.net.loss(x, t)
''')


def _line(src: str, text: str) -> int:
    return next(i for i, ln in enumerate(src.splitlines(), 1) if text in ln)


def _kinds(result, line: int) -> set[str]:  # type: ignore[no-untyped-def]
    return {t.kind for t in result.tags if t.line == line}


def test_a_family_loop_branching_on_the_last_layer_is_tagged_statement_by_statement() -> None:
    src = CHOICE_NET
    result = analyze_source(src, "choice_net.py")
    # the softmax output's error (its derivative cancels against cross-entropy), each hidden choice's F1
    assert {"error", "F1"} <= _kinds(result, _line(src, "dz = store[a_key] - Y"))
    assert "F1" in _kinds(result, _line(src, "dz = da * store[a_key] * (1 - store[a_key])"))
    assert "F1" in _kinds(result, _line(src, "dz = da * (1 - store[a_key] ** 2)"))
    assert "F3" in _kinds(result, _line(src, "dw = np.matmul(dz, store["))
    assert "F3" in _kinds(result, _line(src, "db = np.sum(dz, axis=1, keepdims=True) / m"))
    assert "F2" in _kinds(result, _line(src, "da = np.matmul(self.__params[w_key].T, dz)"))
    assert "update" in _kinds(result, _line(src, "self.__params[w_key] = self.__params[w_key] - alpha * dw"))
    assert "update" in _kinds(result, _line(src, "self.__params[b_key] = self.__params[b_key] - alpha * db"))
    assert list(result.findings) == []
    # and a step that climbs is found there
    climbing = src.replace("self.__params[w_key] - alpha * dw", "self.__params[w_key] + alpha * dw")
    found = analyze_source(climbing, "choice_net.py").findings
    assert [(f.code, f.line) for f in found] == [("BP201", _line(climbing, "self.__params[w_key] + alpha * dw"))]


def test_optimisers_a_trainer_picks_from_a_table_are_still_read_as_optimisers() -> None:
    src = TABLE_OPTIMISERS
    result = analyze_source(src, "optim.py")
    assert "update" in _kinds(result, _line(src, "params[name] -= self.rate * grads[name]"))
    assert "update" in _kinds(result, _line(src, "params[name] += self.speed[name]"))
    assert list(result.findings) == []
    climbing = src.replace("params[name] -= self.rate * grads[name]", "params[name] += self.rate * grads[name]")
    assert [f.code for f in analyze_source(climbing, "optim.py").findings] == ["BP201"]


#: a dense layer whose backward takes the object that steps its weights first, then the gradient, and
#: rebinds each weight to what that object's step hands back
OPTIMISER_FIRST = textwrap.dedent('''
    import numpy as np

    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_out, n_in) * 0.1
            self.b = np.zeros((n_out, 1))

        def forward(self, x):
            self.x = x
            return self.W @ x + self.b

        def backward(self, optimizer, grad):
            dW = grad @ self.x.T
            dx = self.W.T @ grad
            self.W = optimizer.step(self.W, dW)
            self.b = optimizer.step(self.b, grad.sum(axis=1, keepdims=True))
            return dx
''')


@pytest.mark.parametrize("grad", ["grad", "output_gradient"])
def test_a_backward_handed_the_optimiser_first_seeds_the_gradient_after_it(grad: str) -> None:
    src = OPTIMISER_FIRST.replace("grad", grad)
    result = analyze_source(src, "dense.py")
    assert "F3" in _kinds(result, _line(src, f"dW = {grad} @ self.x.T"))
    assert "F2" in _kinds(result, _line(src, f"dx = self.W.T @ {grad}"))
    # the step of an object the file does not show: an update, its direction not known
    assert "update" in _kinds(result, _line(src, "self.W = optimizer.step(self.W, dW)"))
    assert {"F3", "update"} <= _kinds(result, _line(src, f"self.b = optimizer.step(self.b, {grad}.sum("))
    assert list(result.findings) == []


#: a grader copies a student layer's weights into an instance of a reference class, and the reference class
#: also trains in a network; its backward sends the error through a copy of its own weight taken before
#: its in-place step
GRADER_COPY = textwrap.dedent('''
    import numpy as np

    class Student:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1

        def run(self, x):
            self.x = x
            self.z = np.tanh(x @ self.W)
            return self.z

        def backprop(self, lr, g):
            d = g * (1 - self.z ** 2)
            back = d @ self.W.T
            self.W -= lr * self.x.T @ d
            return back

    class Reference:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1

        def run(self, x):
            self.x = x
            self.z = np.tanh(x @ self.W)
            return self.z

        def backprop(self, lr, g):
            d = g * (1 - self.z ** 2)
            kept = self.W.copy()
            self.W -= lr * self.x.T @ d
            return d @ kept.T

    def grade():
        mine, ref = Student(3, 2), Reference(3, 2)
        ref.W = mine.W.copy()
        x, g = np.random.randn(5, 3), np.random.randn(5, 2)
        return np.allclose(mine.backprop(0.1, g), ref.backprop(0.1, g))

    def train(X, Y):
        first, second = Reference(3, 8), Reference(8, 1)
        for _ in range(100):
            out = second.run(first.run(X))
            first.backprop(0.1, second.backprop(0.1, out - Y))

    if __name__ == "__main__":
        grade()
        X = np.random.randn(32, 3)
        train(X, np.tanh(X[:, :1]))
''')


def test_a_copy_of_a_weight_taken_in_a_layers_backward_is_its_own_instances() -> None:
    src = GRADER_COPY
    result = analyze_source(src, "grader.py")
    assert "F2" in _kinds(result, _line(src, "return d @ kept.T"))
    assert list(result.findings) == []


#: parameters and the forward pass's cache filled with `dict.update`, one entry per layer
DICT_UPDATE = textwrap.dedent('''
    import numpy as np


    def init(sizes):
        params = {}
        for l in range(1, len(sizes)):
            params.update({"W" + str(l): np.random.randn(sizes[l], sizes[l - 1]) * 0.1,
                           "b" + str(l): np.zeros((sizes[l], 1))})
        return params


    def train(X, Y, sizes, lr=0.5, steps=200):
        params = init(sizes)
        L = len(sizes) - 1
        m = X.shape[1]
        for step in range(steps):
            cache = {"A0": X}
            for l in range(1, L + 1):
                Z = params["W" + str(l)] @ cache["A" + str(l - 1)] + params["b" + str(l)]
                cache.update({"A" + str(l): 1 / (1 + np.exp(-Z))})
            dz = cache["A" + str(L)] - Y
            for l in range(L, 0, -1):
                dW = dz @ cache["A" + str(l - 1)].T / m
                db = np.sum(dz, axis=1, keepdims=True) / m
                dA = params["W" + str(l)].T @ dz
                params["W" + str(l)] -= lr * dW
                params["b" + str(l)] -= lr * db
                dz = dA * cache["A" + str(l - 1)] * (1 - cache["A" + str(l - 1)])
        return params
''')


def test_entries_stored_with_dict_update_are_the_layers_parameters_and_outputs() -> None:
    src = DICT_UPDATE
    result = analyze_source(src, "updates.py")
    assert "error" in _kinds(result, _line(src, 'dz = cache["A" + str(L)] - Y'))
    assert "F3" in _kinds(result, _line(src, 'dW = dz @ cache["A" + str(l - 1)].T / m'))
    assert "F2" in _kinds(result, _line(src, 'dA = params["W" + str(l)].T @ dz'))
    assert "update" in _kinds(result, _line(src, 'params["W" + str(l)] -= lr * dW'))
    assert "F1" in _kinds(result, _line(src, 'dz = dA * cache["A" + str(l - 1)]'))
    assert list(result.findings) == []


#: a backward-only L2 step storing each layer's gradients under formatted keys and stepping the first
#: layer with literal ones once the loop reaches it
LITERAL_FIRST_LAYER = textwrap.dedent('''
    import numpy as np

    def reg_step(Y, params, acts, lr, lam, n_layers):
        m = Y.shape[1]
        gz, gw, gb = {}, {}, {}
        for k in reversed(range(1, n_layers + 1)):
            a = acts["A{}".format(k)]
            a_in = acts["A{}".format(k - 1)]
            if k == n_layers:
                gz["z{}".format(k)] = a - Y
            else:
                gz["z{}".format(k)] = (params["W{}".format(k + 1)].T @ gz["z{}".format(k + 1)]) * (1 - a * a)
            gw["w{}".format(k)] = gz["z{}".format(k)] @ a_in.T / m + lam * params["W{}".format(k)] / m
            gb["b{}".format(k)] = gz["z{}".format(k)].sum(axis=1, keepdims=True) / m
            if k < n_layers:
                params["W{}".format(k + 1)] -= lr * gw["w{}".format(k + 1)]
                params["b{}".format(k + 1)] -= lr * gb["b{}".format(k + 1)]
            if k == 1:
                params["W1"] -= lr * gw["w1"]
                params["b1"] -= lr * gb["b1"]
''')

#: the previous layer's delta computed on the pass of the layer above, from the input it cached
PREVIOUS_DELTA = textwrap.dedent('''
    import numpy as np

    class Net:
        def __init__(self, n_in, sizes):
            self.n = len(sizes)
            self.p, self.c = {}, {}
            prev = n_in
            for k in range(1, self.n + 1):
                self.p[f"W{k}"] = np.random.randn(sizes[k - 1], prev) * 0.1
                self.p[f"b{k}"] = np.zeros((sizes[k - 1], 1))
                prev = sizes[k - 1]

        def forward(self, X):
            self.c["A0"] = X
            for k in range(1, self.n):
                W, b = self.p[f"W{k}"], self.p[f"b{k}"]
                z = np.dot(W, self.c[f"A{k - 1}"]) + b
                self.c[f"A{k}"] = 1 / (1 + np.exp(-z))
            z = np.dot(self.p[f"W{self.n}"], self.c[f"A{self.n - 1}"]) + self.p[f"b{self.n}"]
            e = np.exp(z - z.max(axis=0, keepdims=True))
            self.c[f"A{self.n}"] = e / e.sum(axis=0, keepdims=True)
            return self.c[f"A{self.n}"], self.c

        def step(self, Y, cache, lr=0.1):
            m = Y.shape[1]
            g = cache[f"A{self.n}"] - Y
            for k in reversed(range(1, self.n + 1)):
                a_in = cache[f"A{k - 1}"]
                W = self.p[f"W{k}"]
                gW = np.dot(g, a_in.T) / m
                gb = np.sum(g, axis=1, keepdims=True) / m
                if k > 1:
                    g = np.dot(W.T, g) * a_in * (1 - a_in)
                self.p[f"W{k}"] -= lr * gW
                self.p[f"b{k}"] -= lr * gb

        def train(self, X, Y, steps=10):
            for _ in range(steps):
                self.forward(X)
                self.step(Y, self.c)
''')

#: one step written once (a notebook's function or cell), its .grad cleared before backward()
ONE_STEP = textwrap.dedent('''
    import torch

    W = torch.randn((3, 2), requires_grad=True)
    b = torch.randn(2, requires_grad=True)
    params = [W, b]
    x, y = torch.randn(8, 3), torch.randn(8, 2)

    def one_step():
        loss = ((x @ W + b - y) ** 2).mean()
        for q in params:
            q.grad = None
        loss.backward()
        for q in params:
            q.data += -0.1 * q.grad

    one_step()
''')


def test_the_first_layer_stepped_with_literal_keys_after_a_loop_of_formatted_ones_is_no_crossed_update() -> None:
    result = analyze_source(LITERAL_FIRST_LAYER, "reg.py")
    assert [f for f in result.findings if f.code == "BP103"] == []  # at no confidence
    assert "update" in _kinds(result, _line(LITERAL_FIRST_LAYER, 'params["W1"] -= lr * gw["w1"]'))


def test_the_previous_layers_delta_from_the_input_it_cached_is_no_derivative_of_another_layer() -> None:
    result = analyze_source(PREVIOUS_DELTA, "net.py")
    assert [f for f in result.findings if f.code == "BP302"] == []
    assert {"F2", "F1"} <= _kinds(result, _line(PREVIOUS_DELTA, "g = np.dot(W.T, g) * a_in * (1 - a_in)"))


def test_a_step_written_once_that_clears_grad_before_backward_is_no_accumulation() -> None:
    assert [f.code for f in analyze_source(ONE_STEP, "step.py").findings] == []
    # the same step repeated by a loop with no reset is
    looped = ONE_STEP.replace("    for q in params:\n        q.grad = None\n", "").replace(
        "one_step()\n", "for epoch in range(100):\n    one_step()\n")
    assert "q.grad = None" not in looped and "for epoch" in looped
    assert [f.code for f in analyze_source(looped, "step.py").findings] == ["BP501"]


#: momentum velocities kept in one dict under literal keys, read with `.get(key, 0)` on the first step
VELOCITY_GET = textwrap.dedent('''
    import numpy as np

    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_out, n_in) * 0.1
            self.b = np.zeros((n_out, 1))
            self.mem = {}

        def forward(self, x):
            self.x = x
            return self.W @ x + self.b

        def backward(self, g):
            self.g = g
            return self.W.T @ g

        def step(self, lr, mu=0.9):
            gW = self.g @ self.x.T
            gb = np.sum(self.g, axis=1, keepdims=True)
            self.mem["vW"] = mu * self.mem.get("vW", 0) - lr * gW
            self.mem["vb"] = mu * self.mem.get("vb", 0) - lr * gb
            self.W += self.mem["vW"]
            self.b += self.mem["vb"]
''')


def test_a_velocity_read_with_get_and_a_default_is_its_own_keys() -> None:
    result = analyze_source(VELOCITY_GET, "dense.py")
    assert list(result.findings) == []
    assert "update" in _kinds(result, _line(VELOCITY_GET, 'self.b += self.mem["vb"]'))
