"""Shapes of real code met in the U48 probes (2026-12-08), in our own words: gate objects whose forward values are
kept in a list read back as `forward[len(forward) - 1]`, a penalty helper returning `(loss, grad)`, a penalty
coefficient handed in a tuple, a loss class whose prediction argument has an unusual name, layers picked by a
conditional expression in the layer loop, a softmax error made row by row through the loop's name for each row, a
settings object's attributes in arithmetic, a weight's bias column dropped with `np.delete`, an optional bias added
as `b if flag else 0`, an optimiser class stepped through `__call__`, a package `__init__` that rebinds a submodule's
name, a leaky ReLU's slope handed in; and the checks they made possible or kept quiet: a softmax's backward written
with its Jacobian's diagonal (BP313), a gradient summed into a slot nothing resets (BP403), a derivative helper
handed its arguments the other way round (BP302), a binary cross-entropy's gradient divided by the sigmoid's
derivative (no BP307), and two instances of one layer class fed the same input, each stepping its own weights (no
BP103).
Each test failed on the checkout before its fix."""

from __future__ import annotations

from pathlib import Path

from bpscan.analysis import analyze_source

from shape_util import codes as _codes, kinds as _kinds, line_of as _line, project_kinds, result


# ------------------------------------------------------------------ forward values kept in a list of tuples

_GATES = '''
    import numpy as np


    class Mul:
        def forward(self, W, X):
            return np.dot(X, W)

        def backward(self, W, X, dZ):
            return np.dot(X.T, dZ), np.dot(dZ, W.T)


    class Net:
        def __init__(self, dims):
            self.W = [np.random.randn(a, b) * 0.1 for a, b in zip(dims[:-1], dims[1:])]

        def train(self, X, y, steps=100, eps=0.01):
            gate = Mul()
            for _ in range(steps):
                inp = X
                kept = [(None, inp)]
                for i in range(len(self.W)):
                    out = gate.forward(self.W[i], inp)
                    inp = np.tanh(out) if i < len(self.W) - 1 else out
                    kept.append((out, inp))
                scores = kept[len(kept) - 1][1]
                probs = np.exp(scores) / np.sum(np.exp(scores), axis=1, keepdims=True)
                probs[range(len(y)), y] -= 1
                d = probs
                for i in range(len(kept) - 1, 0, -1):
                    if i < len(kept) - 1:
                        d = d * (1 - kept[i][1] ** 2)
                    dW, d = gate.backward(self.W[i - 1], kept[i - 1][1], d)
                    self.W[i - 1] -= eps * dW


    Net([2, 8, 3]).train(np.random.randn(32, 2), np.random.randint(0, 3, 32))
'''


def test_the_last_entry_of_a_list_grown_in_a_loop_is_read_by_its_length() -> None:
    k = _kinds(_GATES)
    assert "error" in k[_line(_GATES, "probs[range(len(y)), y] -= 1")]
    assert "update" in k[_line(_GATES, "self.W[i - 1] -= eps * dW")]


# ------------------------------------------------------------------ penalties

_L2_PAIR = '''
    import numpy as np


    def l2_regularization(W, reg_strength):
        loss = reg_strength * np.sum(np.square(W))
        grad = 2 * reg_strength * W
        return loss, grad


    def not_a_penalty(W, reg):
        out = W * 3
        return reg * np.sum(W * W), out
'''

_TUPLE_COEFFICIENT = '''
    import numpy as np


    def linear_backward(dZ, cache, regularization):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = (1 / m) * np.dot(dZ, A_prev.T)
        db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
        dA_prev = np.dot(W.T, dZ)
        if regularization[0]:
            dW = dW + (regularization[1] / m) * W
        return dA_prev, dW, db
'''


def test_a_penalty_returned_beside_its_value_is_formula_three() -> None:
    k = _kinds(_L2_PAIR)
    assert "F3" in k[_line(_L2_PAIR, "grad = 2 * reg_strength * W")]
    assert "F3" not in k.get(_line(_L2_PAIR, "out = W * 3"), set())


def test_a_penalty_coefficient_handed_in_a_tuple_is_still_a_coefficient() -> None:
    k = _kinds(_TUPLE_COEFFICIENT)
    assert "F3" in k[_line(_TUPLE_COEFFICIENT, "dW = dW + (regularization[1] / m) * W")]


# ------------------------------------------------------------------ a loss class's prediction by any name

_LOSS_INPT = '''
    import numpy as np


    class MSE:
        def update_output(self, inpt, target):
            self.output = np.sum((target - inpt) ** 2) / inpt.shape[0]
            return self.output

        def update_grad_input(self, inpt, target):
            self.grad_input = -2 * (target - inpt) / inpt.shape[0]
            return self.grad_input
'''


def test_beside_the_target_a_loss_methods_other_argument_is_the_prediction() -> None:
    k = _kinds(_LOSS_INPT)
    assert "error" in k[_line(_LOSS_INPT, "self.grad_input = -2 * (target - inpt) / inpt.shape[0]")]


# ------------------------------------------------------------------ layers picked by a conditional expression

_IFEXP_LAYERS = '''
    import numpy as np


    def affine_forward(x, w, b):
        return x @ w + b, (x, w, b)


    def affine_backward(dout, cache):
        x, w, b = cache
        return dout @ w.T, x.T @ dout, dout.sum(axis=0)


    def affine_relu_forward(x, w, b):
        a, fc = affine_forward(x, w, b)
        return np.maximum(a, 0), (fc, a)


    def affine_relu_backward(dout, cache):
        fc, a = cache
        return affine_backward(dout * (a > 0), fc)


    class Net:
        def __init__(self, dims):
            self.num_layers = len(dims)
            self.params = {}
            for i in range(1, len(dims)):
                self.params['W' + str(i)] = np.random.randn(dims[i - 1], dims[i]) * 0.1
                self.params['b' + str(i)] = np.zeros(dims[i])

        def loss(self, X, y):
            caches, out = [], X
            for i in range(1, self.num_layers):
                w, b = self.params['W' + str(i)], self.params['b' + str(i)]
                out, cache = affine_relu_forward(out, w, b) if i != self.num_layers - 1 else affine_forward(out, w, b)
                caches.append(cache)
            probs = np.exp(out) / np.sum(np.exp(out), axis=1, keepdims=True)
            dout = probs.copy()
            dout[np.arange(len(y)), y] -= 1
            grads = {}
            for i in range(self.num_layers - 1, 0, -1):
                dx, dw, db = affine_relu_backward(dout, caches[i - 1]) if i != self.num_layers - 1 else affine_backward(dout, caches[i - 1])
                grads['W' + str(i)], grads['b' + str(i)] = dw, db
                dout = dx
            return grads
'''


def test_layers_picked_by_a_conditional_expression_in_the_layer_loop_are_read_as_the_loop_runs() -> None:
    k = _kinds(_IFEXP_LAYERS)
    backward = "dx, dw, db = affine_relu_backward(dout, caches[i - 1]) if i != self.num_layers - 1 else " \
               "affine_backward(dout, caches[i - 1])"
    assert "error" in k[_line(_IFEXP_LAYERS, "dout[np.arange(len(y)), y] -= 1")]
    assert {"F2", "F3"} <= k[_line(_IFEXP_LAYERS, backward)]


# ------------------------------------------------------------------ a softmax error made row by row

_ROWS = '''
    import numpy as np


    class Net:
        def __init__(self):
            self.W1 = np.random.randn(8, 4) * 0.1
            self.W2 = np.random.randn(3, 8) * 0.1

        def step(self, X, Y, lr=0.1):
            h = np.tanh(self.W1 @ X)
            s = self.W2 @ h
            preds = np.exp(s) / np.sum(np.exp(s), axis=0)
            d = preds.T
            for index, row in enumerate(d):
                row[Y[index]] -= 1
            d = d.T
            dW2 = d @ h.T
            dh = self.W2 @ d * (1 - h ** 2)
            dW1 = dh @ X.T
            self.W2 -= lr * dW2
            self.W1 -= lr * dW1
'''


def test_rows_of_the_output_written_through_the_loops_name_for_them_make_the_error() -> None:
    k = _kinds(_ROWS)
    assert "F3" in k[_line(_ROWS, "dW2 = d @ h.T")]
    assert "BP304" in _codes(_ROWS)[_line(_ROWS, "dh = self.W2 @ d * (1 - h ** 2)")]


# ------------------------------------------------------------------ a settings object in arithmetic

_CONFIG = '''
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))


    class SkipGram:
        def __init__(self, config):
            self.config = config
            self.rng = np.random.default_rng(config.seed)
            self.W_in = self.rng.uniform(-0.5 / self.config.dim, 0.5 / self.config.dim, size=(self.config.vocab, self.config.dim))
            self.W_out = self.rng.uniform(-0.5 / self.config.dim, 0.5 / self.config.dim, size=(self.config.vocab, self.config.dim))

        def step(self, center, context):
            h = self.W_in[center].copy()
            v = self.W_out[context].copy()
            z = h @ v
            loss = np.logaddexp(0.0, -z)
            error = sigmoid(z) - 1
            grad_h = error * v
            self.W_out[context] -= self.config.lr * error * h
            self.W_in[center] -= self.config.lr * grad_h

        def train(self, pairs):
            for center, context in pairs:
                self.step(center, context)
'''


def test_a_settings_objects_attributes_in_arithmetic_are_numbers() -> None:
    k = _kinds(_CONFIG)
    assert "error" in k[_line(_CONFIG, "error = sigmoid(z) - 1")]
    assert "update" in k[_line(_CONFIG, "self.W_in[center] -= self.config.lr * grad_h")]


# ------------------------------------------------------------------ a bias column dropped with np.delete

_DELETE = '''
    import numpy as np


    def sigmoid(v):
        return 1 / (1 + np.exp(-v))


    class Net:
        def __init__(self, n_in, n_hidden, n_out):
            self.n_hidden = n_hidden
            self.layers = [np.random.rand(n_hidden, n_in + 1), np.random.rand(n_out, n_hidden + 1)]

        def backpropagate(self, x, target, c):
            hidden = sigmoid(np.inner(self.layers[0], np.append(x, 1)))
            out = sigmoid(np.inner(self.layers[-1], np.append(hidden, 1)))
            out_deltas = out * (1 - out) * (out - target)
            hidden_deltas = hidden * (1 - hidden) * np.dot(np.delete(self.layers[-1], self.n_hidden, 1).T, out_deltas)
            self.layers[-1] -= c * np.outer(out_deltas, np.append(hidden, 1))
            self.layers[0] -= c * np.outer(hidden_deltas, np.append(x, 1))
'''


def test_a_weight_without_its_bias_column_sends_the_error_back_and_crosses_no_update() -> None:
    k = _kinds(_DELETE)
    sent = "hidden_deltas = hidden * (1 - hidden) * np.dot(np.delete(self.layers[-1], self.n_hidden, 1).T, out_deltas)"
    assert {"F1", "F2"} <= k[_line(_DELETE, sent)]
    assert _codes(_DELETE) == {}


# ------------------------------------------------------------------ an optional bias, an optimiser's __call__

_OPTIONAL_BIAS = '''
    import numpy as np


    class Linear:
        def __init__(self, n_in, n_out, bias=True):
            self._bias = bias
            self.W = np.random.uniform(-0.1, 0.1, size=(n_in, n_out))
            if self._bias:
                self.b = np.zeros(n_out)

        def forward(self, x):
            self.out = np.dot(x, self.W)
            self.out += self.b if self._bias else 0
            return self.out

        def backward(self, x, grad_output):
            self.grad_W = np.dot(x.T, grad_output)
            grad_input = np.dot(grad_output, self.W.T)
            if self._bias:
                self.grad_b = np.mean(grad_output, axis=0)
            return grad_input


    class Optimizer:
        pass


    class SGD(Optimizer):
        def __init__(self, lr=1e-3):
            self.lr = lr

        def __call__(self, params, gradients):
            for weights, gradient in zip(params, gradients):
                weights -= self.lr * gradient
'''


def test_an_optional_bias_keeps_the_layer_and_an_optimisers_call_is_its_step() -> None:
    k = _kinds(_OPTIONAL_BIAS)
    assert "F3" in k[_line(_OPTIONAL_BIAS, "self.grad_W = np.dot(x.T, grad_output)")]
    assert "update" in k[_line(_OPTIONAL_BIAS, "weights -= self.lr * gradient")]


# ------------------------------------------------------------------ a package __init__ rebinding a submodule's name

_PACKAGE = {
    "nets/__init__.py": "from .activations import activations\nfrom .layer import Layer\n",
    "nets/activations.py": '''
        import numpy as np

        def tanh(x):
            return np.tanh(x)

        def tanh_gradient(x):
            return 1 - np.tanh(x) ** 2

        def relu_gradient(x):
            return (x > 0) * 1.0

        activations = {"tanh": (tanh, tanh_gradient), "odd": (tanh, relu_gradient)}
    ''',
    "nets/layer.py": '''
        import numpy as np
        from . import activations

        class Layer:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_in, n_out) * 0.1
                self.f, self.d_f = activations["odd"]

            def forward(self, x):
                self.x = x
                self.z = x @ self.W
                return self.f(self.z)

            def backward(self, d):
                dz = d * self.d_f(self.z)
                self.dW = self.x.T @ dz
                return dz @ self.W.T
    ''',
    "train.py": '''
        import numpy as np
        from nets import Layer

        layer = Layer(3, 1)
        x, t = np.random.randn(16, 3), np.random.randn(16, 1)
        for step in range(100):
            y = layer.forward(x)
            layer.backward(y - t)
            layer.W -= 0.1 * layer.dW
    ''',
}


def test_a_package_name_rebound_by_its_init_is_what_a_sibling_imports(tmp_path: Path) -> None:
    # `from . import activations` in a submodule gets the dict the package's `__init__` bound under that name, not
    # the submodule of the same name (as Python runs the package's `__init__` first when the driver imports it): the
    # layer's derivative is read from it, here the wrong one (ReLU's, on a tanh layer)
    project_kinds(tmp_path, _PACKAGE, "train.py")
    driver, layer = tmp_path / "train.py", tmp_path / "nets" / "layer.py"
    result = analyze_source(driver.read_text(encoding="utf-8"), str(driver))
    line = next(i for i, s in enumerate(layer.read_text().splitlines(), 1) if s.strip() == "dz = d * self.d_f(self.z)")
    assert {(f.line, f.code) for f in result.foreign if f.path == str(layer)} == {(line, "BP301")}


# ------------------------------------------------------------------ BP313: the softmax's Jacobian's diagonal

_SOFTMAX_OBJECT = '''
    import numpy as np


    class Softmax:
        def __call__(self, x):
            e = np.exp(x - np.max(x, axis=-1, keepdims=True))
            return e / np.sum(e, axis=-1, keepdims=True)

        def gradient(self, x):
            p = self.__call__(x)
            return p * (1 - p)


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1

        def forward(self, x):
            self.x = x
            return x @ self.W


    dense, act = Dense(4, 3), Softmax()
    x = np.random.randn(16, 4)
    t = np.eye(3)[np.random.randint(0, 3, 16)]
    for step in range(100):
        z = dense.forward(x)
        p = act(z)
        dp = -t / p
        dz = dp * act.gradient(z)
        dense.W -= 0.1 * x.T @ dz
'''


def test_a_softmaxs_backward_with_its_jacobians_diagonal_is_reported_where_the_diagonal_is_written() -> None:
    assert _codes(_SOFTMAX_OBJECT) == {_line(_SOFTMAX_OBJECT, "return p * (1 - p)"): {"BP313"}}


# ------------------------------------------------------------------ BP403: a gradient slot nothing resets

_KEPT_SLOT = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.dW = np.zeros_like(self.W)

        def forward(self, x):
            self.x = x
            return x @ self.W

        def backward(self, d):
            self.dW += self.x.T @ d
            return d @ self.W.T

        def step(self, lr):
            self.W -= lr * self.dW


    x, t = np.random.randn(16, 3), np.random.randn(16, 2)
    layer = Dense(3, 2)
    for i in range(100):
        y = layer.forward(x)
        layer.backward(y - t)
        layer.step(0.01)
'''


def test_a_gradient_summed_into_a_slot_nothing_resets_is_reported_and_one_reset_elsewhere_is_not() -> None:
    found = [f for f in result(_KEPT_SLOT).findings if f.code == "BP403"]
    assert [(f.line, f.expected) for f in found] == [(_line(_KEPT_SLOT, "self.dW += self.x.T @ d"),
                                                     "self.dW = self.x.T @ d")]
    # (reset under another name, or stepped out of sight - where the reset may be too: nothing to report)
    reset = _KEPT_SLOT.replace("        layer.step(0.01)\n", "        layer.step(0.01)\n        for g in [layer.dW]:\n"
                                                             "            g.fill(0)\n")
    assert "BP403" not in {c for cs in _codes(reset).values() for c in cs}
    unseen = _KEPT_SLOT.replace("        def step(self, lr):\n            self.W -= lr * self.dW\n", "") \
        .replace("        layer.step(0.01)\n", "")
    assert "BP403" not in {c for cs in _codes(unseen).values() for c in cs}
    assert reset != _KEPT_SLOT and unseen != _KEPT_SLOT


# ------------------------------------------------------------------ BP302: a helper handed its arguments swapped

_SWAPPED = '''
    import numpy as np


    def relu(z):
        return np.maximum(0, z)


    def tanh(z):
        return np.tanh(z)


    def d_relu(z, da):
        dz = np.array(da, copy=True)
        dz[z <= 0] = 0
        return dz


    def d_tanh(da, z):
        return da * (1 - np.tanh(z) ** 2)


    def backward_switch(activation):
        table = {"tanh": d_tanh, "relu": d_relu}
        return table.get(activation, d_relu)


    def forward_switch(activation):
        table = {"tanh": tanh, "relu": relu}
        return table.get(activation, relu)


    def train(x, y, arch, lr=0.01):
        w1 = np.random.randn(x.shape[1], 8) * 0.1
        w2 = np.random.randn(8, 1) * 0.1
        for step in range(100):
            z1 = x @ w1
            a1 = forward_switch(arch[0])(z1)
            out = a1 @ w2
            d_out = out - y
            dw2 = a1.T @ d_out
            da1 = d_out @ w2.T
            dz1 = backward_switch(arch[0])(z1, da1)
            dw1 = x.T @ dz1
            w1 -= lr * dw1
            w2 -= lr * dw2
'''


def test_a_derivative_helper_whose_parameters_are_in_the_other_order_than_its_dispatchs_call_is_reported() -> None:
    found = [f for f in result(_SWAPPED).findings if f.code == "BP302"]
    assert [f.line for f in found] == [_line(_SWAPPED, "def d_tanh(da, z):")]
    fixed = _SWAPPED.replace("def d_tanh(da, z):", "def d_tanh(z, da):")
    assert not [f for f in result(fixed).findings if f.code == "BP302"]


# ------------------------------------------------------------------ no BP307, no BP305

_BCE_MODULES = '''
    import numpy as np


    class Linear:
        def __init__(self, n_in, n_out):
            self.w = np.random.randn(n_in, n_out) * 0.1

        def forward(self, x):
            self.x = x
            return x @ self.w

        def backward(self, g):
            self.dw = self.x.T @ g
            return g @ self.w.T


    class Sigmoid:
        def forward(self, x):
            self.s = 1 / (1 + np.exp(-x))
            return self.s

        def backward(self, g):
            return self.s * (1 - self.s) * g


    class BCELoss:
        def forward(self, p, target):
            self.p, self.target = p, target
            eps = 1e-12
            return np.mean(-target * np.log(p + eps) - (1 - target) * np.log(1 - p + eps))

        def backward(self):
            eps = 1e-12
            return (self.p - self.target) / ((self.p + eps) * (1 - self.p + eps))


    lin, act, crit = Linear(3, 1), Sigmoid(), BCELoss()
    x, t = np.random.randn(32, 3), np.random.randint(0, 2, (32, 1))
    for step in range(100):
        loss = crit.forward(act.forward(lin.forward(x)), t)
        lin.backward(act.backward(crit.backward()))
        lin.w -= 0.1 * lin.dw
'''

_TWO_PROJECTIONS = '''
    import numpy as np


    class Linear:
        def __init__(self, n_in, n_out):
            self.weights = np.random.randn(n_in, n_out) * 0.1

        def forward(self, x):
            self.x = x
            return np.dot(x, self.weights)

        def backward(self, g):
            self.dW = self.x.T @ g
            return g @ self.weights.T

        def update(self, lr):
            self.weights -= lr * self.dW


    class Block:
        def __init__(self):
            self.q = Linear(4, 4)
            self.k = Linear(4, 4)
            self.out = Linear(4, 2)

        def forward(self, x):
            self.h = np.tanh(self.q.forward(x) + self.k.forward(x))
            return self.out.forward(self.h)

        def backward(self, g):
            g = self.out.backward(g) * (1 - self.h ** 2)
            return self.q.backward(g) + self.k.backward(g)

        def update(self, lr):
            self.q.update(lr)
            self.k.update(lr)
            self.out.update(lr)


    block = Block()
    x, t = np.random.randn(8, 4), np.random.randn(8, 2)
    for step in range(50):
        y = block.forward(x)
        block.backward(y - t)
        block.update(0.01)
'''


def test_a_binary_cross_entropys_gradient_over_the_sigmoids_derivative_is_no_double_derivative() -> None:
    assert "BP307" not in {c for cs in _codes(_BCE_MODULES).values() for c in cs}


def test_a_layer_class_stepping_its_own_attributes_crosses_no_update_between_its_instances() -> None:
    # two projections of one input (an attention's query and key): the reading merges their instances, the step
    # `self.weights -= lr * self.dW` is one instance's own by construction
    assert "BP103" not in {c for cs in _codes(_TWO_PROJECTIONS).values() for c in cs}


# ------------------------------------------------------------------ a leaky ReLU's slope handed in

_LEAKY_SLOPE = '''
    import numpy as np


    class LeakyReLU:
        def __init__(self, alpha):
            self.alpha = alpha

        def forward(self, x):
            self.x = x
            return np.where(x > 0, x, self.alpha * x)

        def backward(self, output_grad):
            dx = np.where(self.x > 0, 1, self.alpha)
            return output_grad * dx
'''


def test_a_leaky_relus_mask_with_a_slope_handed_in_is_its_derivative() -> None:
    assert "F1" in _kinds(_LEAKY_SLOPE)[_line(_LEAKY_SLOPE, "return output_grad * dx")]


# ------------------------------------------------------------------ a step the model cannot tie to its gradient

_STEPPED_APART = {
    "nn/__init__.py": '''
        from .layers import Dense
        from .optim import Trainer
    ''',
    "nn/layers.py": '''
        import numpy as np


        def tanh(x):
            return np.tanh(x)


        def tanh_grad(x):
            return 1 - np.tanh(x) ** 2


        def ident(x):
            return x


        def ident_grad(x):
            return np.ones_like(x)


        TABLE = {"tanh": (tanh, tanh_grad), "identity": (ident, ident_grad)}


        class Dense:
            def __init__(self, n_in, n_out, act="tanh"):
                self.W = np.random.randn(n_in, n_out) * 0.1
                self.f, self.df = TABLE[act]

            def forward(self, x):
                self.input = x
                return self.f(x @ self.W)

            def slope(self):
                return self.df(self.input @ self.W)
    ''',
    "nn/optim.py": '''
        import numpy as np


        class Trainer:
            def __init__(self, layers, rule="sgd", mu=0.9):
                self.layers = layers
                self.rule = rule
                self.mu = mu
                self.m = [np.zeros(layer.W.shape) for layer in layers]

            def gradients(self, y_true, y_pred):
                out = []
                layers = self.layers.copy()
                if self.rule == "nag":
                    for i in range(len(layers)):
                        layers[i].W -= self.mu * self.m[i]
                for i, layer in enumerate(reversed(layers)):
                    if i == 0:
                        d = (y_pred - y_true) * layer.slope()
                    else:
                        d = (d @ above.W.T) * layer.slope()
                    dW = layer.input.T @ d / len(y_true)
                    above = layer
                    out.append(dW)
                return out[::-1]

            def step(self, grads, lr):
                def sgd(grads, lr):
                    for i, dW in enumerate(grads):
                        self.layers[i].W -= lr * dW

                def momentum(grads, lr):
                    for i, dW in enumerate(grads):
                        self.m[i] = self.mu * self.m[i] + lr * dW
                        self.layers[i].W -= self.m[i]

                rules = {"sgd": sgd, "momentum": momentum, "nag": momentum}
                rules[self.rule](grads, lr)
    ''',
    "train.py": '''
        import sys
        import numpy as np
        from nn import Dense, Trainer

        layers = [Dense(3, 8), Dense(8, 1, act="identity")]
        trainer = Trainer(layers, rule=sys.argv[1])
        X, Y = np.random.randn(64, 3), np.random.randn(64, 1)
        for epoch in range(200):
            h = X
            for layer in layers:
                h = layer.forward(h)
            trainer.step(trainer.gradients(Y, h), 0.05)
    ''',
}


def test_an_error_reaching_a_weights_formula_three_is_backprop_though_its_step_is_not_read(tmp_path: Path) -> None:
    # the trainer's step is picked from a table of nested functions by a setting not known here (`rules[self.rule]`),
    # so the only step the model reads is the lookahead `layers[i].W -= self.mu * self.m[i]`, which applies no
    # gradient: the output error still reaches each weight's formula 3, so the script is backprop, not a solver
    project_kinds(tmp_path, _STEPPED_APART, "train.py")
    driver, optim = tmp_path / "train.py", tmp_path / "nn" / "optim.py"
    result = analyze_source(driver.read_text(encoding="utf-8"), str(driver))
    assert not any("not tagged as backprop" in n for n in result.notes)
    line = next(i for i, s in enumerate(optim.read_text().splitlines(), 1)
                if s.strip() == "dW = layer.input.T @ d / len(y_true)")
    assert "F3" in {t.kind for t in result.foreign_tags if t.path == str(optim) and t.line == line}
