"""Shapes of real code met in the U34 probes (2026-12-06), in our own words: backward passes handed on to layers,
helpers and losses the file cannot read (by the module protocol and by their names), a loss whose base class keeps
what its backward reads, parameters made by a `build` step, a base class's template methods, an array module chosen
at run time, and three readings of correct code that used to be reported. Each test failed on the checkout before
its fix, except the guards that say so."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# ------------------------------------------------------------------ backward passes handed on

_SEQUENTIAL = '''
    class Stack:
        def __init__(self, layers):
            self.layers = layers

        def forward(self, x):
            for layer in self.layers:
                x = layer.forward(x)
            return x

        def backward(self, grad):
            for layer in reversed(self.layers):
                grad = layer.backward(grad)
            return grad
'''


def test_a_stack_of_layers_handed_in_hands_the_gradient_back_through_each() -> None:
    # the loop variable over a list nobody in the file fills is a layer the file does not show: its backward
    # passes the gradient at its output back to its input, formula 2 by the protocol
    k = _kinds(_SEQUENTIAL)
    assert "F2" in k.get(_line(_SEQUENTIAL, "grad = layer.backward(grad)"), set())
    assert not _result(_SEQUENTIAL).findings


_LOSS_BASE = '''
    import numpy as np


    class Cost:
        def __call__(self, y_pred, y_true):
            self.y_pred = y_pred
            self.y_true = y_true
            return self.forward(y_pred, y_true)

        def forward(self, y_pred, y_true):
            raise NotImplementedError

        def backward(self):
            raise NotImplementedError


    class Squared(Cost):
        def forward(self, y_pred, y_true):
            return np.mean((y_pred - y_true) ** 2)

        def backward(self):
            return 2 * (self.y_pred - self.y_true) / self.y_pred.shape[0]
'''


def test_a_loss_whose_base_class_call_keeps_its_operands_has_its_error_read() -> None:
    # `forward` keeps nothing; the base class's `__call__` keeps what `backward` reads: that is the forward pass to
    # run before it
    k = _kinds(_LOSS_BASE)
    assert "error" in k.get(_line(_LOSS_BASE, "return 2 * (self.y_pred - self.y_true) / self.y_pred.shape[0]"), set())


_TRAIN_STEP = '''
    def train_step(model, loss_fn, data, target, lr):
        pred = model(data)
        loss = loss_fn(pred, target)
        grad = loss_fn.backward()
        model.backward(grad)
        model.update(lr)
        return loss
'''


def test_a_loss_handed_in_and_called_on_the_targets_gives_the_output_error() -> None:
    # the loss module is called on the prediction and the targets (its `__call__`), then asked for its backward:
    # the gradient at the prediction, whatever made it
    k = _kinds(_TRAIN_STEP)
    assert "error" in k.get(_line(_TRAIN_STEP, "grad = loss_fn.backward()"), set())


_CELL_FILE = '''
    def linear_activation_backward(dA, cache, activation):
        linear_cache, activation_cache = cache
        if activation == "relu":
            dZ = relu_backward(dA, activation_cache)
            dA_prev, dW, db = linear_backward(dZ, linear_cache)
        elif activation == "sigmoid":
            dZ = sigmoid_backward(dA, activation_cache)
            dA_prev, dW, db = linear_backward(dZ, linear_cache)
        return dA_prev, dW, db


    dAL, cache = linear_activation_backward_test_case()
    dA_prev, dW, db = linear_activation_backward(dAL, cache, activation="sigmoid")
'''


def test_a_notebook_cell_s_backward_through_helpers_it_never_defines_is_read() -> None:
    # a course's helpers module is not there: `relu_backward(dA, cache)` is formula 1 by its name, and
    # `linear_backward(dZ, cache)` hands the gradient back through the layer's weight, formula 2
    k = _kinds(_CELL_FILE)
    assert "F1" in k.get(_line(_CELL_FILE, "dZ = relu_backward(dA, activation_cache)"), set())
    assert "F1" in k.get(_line(_CELL_FILE, "dZ = sigmoid_backward(dA, activation_cache)"), set())
    lines = [i for i, s in enumerate(_CELL_FILE.splitlines(), 1)
             if s.strip() == "dA_prev, dW, db = linear_backward(dZ, linear_cache)"]
    assert len(lines) == 2
    for line in lines:
        assert "F2" in k.get(line, set()), line
    assert not _result(_CELL_FILE).findings


_NAMED_PARTS = '''
    class Block:
        def __init__(self, dense, pool, dropout, criterion):
            self.dense = dense
            self.pool = pool
            self.dropout = dropout
            self.criterion = criterion

        def backward(self, output, target):
            grad = self.criterion.backward(output, target)
            grad = self.dense.backward(grad)
            grad = self.dropout.backward(grad)
            grad = self.pool.backward(grad)
            return grad
'''


def test_parts_handed_in_are_read_by_their_names() -> None:
    # a dense layer passes the gradient back through its weight (formula 2); a dropout and a pool have no weight
    # (formula 1, as readers count them); a criterion's backward is the output error
    k = _kinds(_NAMED_PARTS)
    assert k.get(_line(_NAMED_PARTS, "grad = self.criterion.backward(output, target)")) == {"error"}
    assert k.get(_line(_NAMED_PARTS, "grad = self.dense.backward(grad)")) == {"F2"}
    assert k.get(_line(_NAMED_PARTS, "grad = self.dropout.backward(grad)")) == {"F1"}
    assert k.get(_line(_NAMED_PARTS, "grad = self.pool.backward(grad)")) == {"F1"}


_READ_LAYERS = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros(n_out)

        def forward(self, x):
            self.x = x
            return x @ self.W + self.b

        def backward(self, grad, lr):
            dW = self.x.T @ grad
            db = grad.sum(axis=0)
            dx = grad @ self.W.T
            self.W -= lr * dW
            self.b -= lr * db
            return dx


    class AvgPool:
        def __init__(self, k):
            self.k = k

        def forward(self, x):
            self.shape = x.shape
            n, c, h, w = x.shape
            return x.reshape(n, c, h // self.k, self.k, w // self.k, self.k).mean(axis=(3, 5))

        def backward(self, grad):
            n, c, h, w = self.shape
            dx = np.zeros(self.shape)
            for i in range(h // self.k):
                for j in range(w // self.k):
                    dx[:, :, i * self.k:(i + 1) * self.k, j * self.k:(j + 1) * self.k] = \\
                        grad[:, :, i:i + 1, j:j + 1] / (self.k * self.k)
            return dx


    class Flatten:
        def forward(self, x):
            self.shape = x.shape
            return x.reshape(x.shape[0], -1)

        def backward(self, grad):
            return grad.reshape(self.shape)


    class Net:
        def __init__(self):
            self.pool = AvgPool(2)
            self.flat = Flatten()
            self.fc = Dense(16, 3)

        def forward(self, x):
            x = self.pool.forward(x)
            x = self.flat.forward(x)
            return self.fc.forward(x)

        def backward(self, dy, lr):
            dy = self.fc.backward(dy, lr)
            dy = self.flat.backward(dy)
            dy = self.pool.backward(dy)
            return dy
'''


def test_a_layer_whose_backward_meets_no_formula_is_still_handed_the_gradient() -> None:
    # the pool's backward is read but routes the gradient with loops the model reads no formula from: the call
    # hands it back all the same, formula 1 by the pool's name; a flatten only reshapes, and is not tagged
    k = _kinds(_READ_LAYERS)
    assert "F2" in k.get(_line(_READ_LAYERS, "dy = self.fc.backward(dy, lr)"), set())
    assert k.get(_line(_READ_LAYERS, "dy = self.pool.backward(dy)")) == {"F1"}
    assert not k.get(_line(_READ_LAYERS, "dy = self.flat.backward(dy)"), set()) & {"F1", "F2", "F3", "error"}


_CACHE_UNREAD = '''
    import numpy as np
    import activations


    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = np.dot(dZ, A_prev.T) / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = np.dot(W.T, dZ)
        return dA_prev, dW, db


    def layer_backward(dA, cache, kind):
        linear_cache, activation_cache = cache
        if kind == "relu":
            dZ = activations.relu_grad(dA, activation_cache)
        else:
            dZ = activations.sigmoid_grad(dA, activation_cache)
        return linear_backward(dZ, linear_cache)


    def model_backward(AL, Y, caches):
        grads = {}
        L = len(caches)
        dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        dA_prev, dW, db = layer_backward(dAL, caches[L - 1], "sigmoid")
        grads["dW" + str(L)], grads["db" + str(L)] = dW, db
        for l in reversed(range(L - 1)):
            dA_prev, dW, db = layer_backward(dA_prev, caches[l], "relu")
            grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = dW, db
        return grads
'''


def test_a_backward_helper_whose_formulas_cannot_be_read_still_hands_the_gradient_on() -> None:
    # `layer_backward` is the file's own, but the activation's derivative comes from a module that is not there and
    # the weight from a cache it cannot open: the gradient comes out of the call, by no formula the model read -
    # the call hands it back through the layer, formula 2 by the protocol (the helper's own lines keep theirs)
    k = _kinds(_CACHE_UNREAD)
    assert "F2" in k.get(_line(_CACHE_UNREAD, 'dA_prev, dW, db = layer_backward(dAL, caches[L - 1], "sigmoid")'), set())
    assert "F2" in k.get(_line(_CACHE_UNREAD, 'dA_prev, dW, db = layer_backward(dA_prev, caches[l], "relu")'), set())
    assert "F2" in k.get(_line(_CACHE_UNREAD, "dA_prev = np.dot(W.T, dZ)"), set())


_BROKEN_HELPER = '''
    import numpy as np


    def tanh_grad_backward(dA, Z):
        return 1 - np.tanh(Z) ** 2


    def model_backward(A1, A2, Y, Z1, W2):
        dZ2 = A2 - Y
        dW2 = dZ2 @ A1.T
        dA1 = W2.T @ dZ2
        dZ1 = tanh_grad_backward(dA1, Z1)
        return dW2, dZ1
'''


def test_a_backward_helper_that_drops_the_gradient_is_not_read_by_its_name() -> None:
    # guard (passed before the change): the helper's body is read, and it returns the derivative without the
    # gradient it was handed - its name does not make its result a formula 1
    k = _kinds(_BROKEN_HELPER)
    assert not k.get(_line(_BROKEN_HELPER, "dZ1 = tanh_grad_backward(dA1, Z1)"), set()) & {"F1", "F2"}


_ENTRY_LOSSES = '''
    import numpy as np


    class SquaredError:
        def loss(self, y, t):
            y = np.asarray(y)
            t = np.asarray(t)
            return np.power(t - y, 2)

        def derivative(self, y, t):
            y = np.asarray(y)
            t = np.asarray(t)
            return -2 * (t - y) / np.prod(np.asarray(y.shape[1:]))
'''


def test_a_loss_per_entry_beside_its_derivative_is_a_pair_by_their_names() -> None:
    # `loss` returns the loss of each entry (its caller averages), so it reduces nothing; beside `derivative`
    # handed the same two it is the loss all the same, and the derivative's value is the output error - not the
    # line that converts the output to an array
    k = _kinds(_ENTRY_LOSSES)
    assert "error" in k.get(_line(_ENTRY_LOSSES, "return -2 * (t - y) / np.prod(np.asarray(y.shape[1:]))"), set())
    conversions = [i for i, s in enumerate(_ENTRY_LOSSES.splitlines(), 1) if s.strip() == "y = np.asarray(y)"]
    assert conversions and not any(k.get(i) for i in conversions)


_LAYERS_ELSEWHERE = '''
    import numpy as np
    from coursework.layers import *


    class TwoLayer:
        def __init__(self, dim=12, hidden=8, classes=3, scale=1e-3):
            self.params = {
                "W1": scale * np.random.randn(dim, hidden), "b1": np.zeros(hidden),
                "W2": scale * np.random.randn(hidden, classes), "b2": np.zeros(classes),
            }

        def loss(self, X, y=None):
            h, cache1 = affine_relu_forward(X, self.params["W1"], self.params["b1"])
            scores, cache2 = affine_forward(h, self.params["W2"], self.params["b2"])
            if y is None:
                return scores
            loss, dscores = softmax_loss(scores, y)
            dh, dW2, db2 = affine_backward(dscores, cache2)
            dx, dW1, db1 = affine_relu_backward(dh, cache1)
            return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
'''


def test_a_classifier_whose_layer_library_is_not_there_is_read_by_the_library_s_names() -> None:
    # the course's layers module is missing: a loss handed the scores and the labels, unpacked into two, gives the
    # loss and the output error; each `*_backward` of a layer hands the gradient back through its weight
    k = _kinds(_LAYERS_ELSEWHERE)
    assert "error" in k.get(_line(_LAYERS_ELSEWHERE, "loss, dscores = softmax_loss(scores, y)"), set())
    assert "F2" in k.get(_line(_LAYERS_ELSEWHERE, "dh, dW2, db2 = affine_backward(dscores, cache2)"), set())
    assert "F2" in k.get(_line(_LAYERS_ELSEWHERE, "dx, dW1, db1 = affine_relu_backward(dh, cache1)"), set())
    assert not _result(_LAYERS_ELSEWHERE).findings


# ------------------------------------------------------------------ parameters and passes set up elsewhere

_BUILT = '''
    import numpy as np


    class Projection:
        def __init__(self, d):
            self.d = d
            self.params = {"W": None, "b": None}

        def build(self, input_shape):
            self.params["W"] = np.random.randn(input_shape[-1], self.d) * 0.1
            self.params["b"] = np.zeros((1, self.d))

        def forward(self, x):
            self.x = x
            return x @ self.params["W"] + self.params["b"]

        def backward(self, grad):
            self.dW = self.x.T @ grad
            self.db = np.sum(grad, axis=0, keepdims=True)
            return grad @ self.params["W"].T
'''


def test_a_table_of_parameters_filled_by_build_is_the_layer_s() -> None:
    # `{"W": None, "b": None}` promises entries that `build` makes: it runs before the forward pass, as the
    # framework owning the layer would
    k = _kinds(_BUILT)
    assert "F3" in k.get(_line(_BUILT, "self.dW = self.x.T @ grad"), set())
    assert "F3" in k.get(_line(_BUILT, "self.db = np.sum(grad, axis=0, keepdims=True)"), set())
    assert "F2" in k.get(_line(_BUILT, 'return grad @ self.params["W"].T'), set())


_CONFIGURED = '''
    import numpy as np


    def affine_forward(x, w, b):
        return x @ w + b, (x, w, b)


    def affine_backward(dout, cache):
        x, w, b = cache
        return dout @ w.T, x.T @ dout, dout.sum(axis=0)


    def softmax_loss(x, y):
        p = np.exp(x - x.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        n = x.shape[0]
        loss = -np.log(p[np.arange(n), y]).mean()
        dx = p.copy()
        dx[np.arange(n), y] -= 1
        dx /= n
        return loss, dx


    class Net:
        def __init__(self, config=None):
            self.in_dim = config.pop("in_dim", 8)
            self.hidden = config.pop("hidden", [16])
            self.classes = config.pop("classes", 3)
            self.scale = config.pop("scale", 1e-2)
            self.n_layers = 1 + len(self.hidden)
            self.params = {}
            dims = [self.in_dim] + self.hidden + [self.classes]
            for i in range(1, self.n_layers + 1):
                self.params["W" + str(i)] = self.scale * np.random.randn(dims[i - 1], dims[i])
                self.params["b" + str(i)] = np.zeros(dims[i])

        def loss(self, X, y=None):
            h = X
            caches = {}
            for i in range(1, self.n_layers):
                h, caches[i] = affine_forward(h, self.params["W" + str(i)], self.params["b" + str(i)])
                h = np.maximum(h, 0)
            last = str(self.n_layers)
            scores, cache = affine_forward(h, self.params["W" + last], self.params["b" + last])
            if y is None:
                return scores
            loss, dscores = softmax_loss(scores, y)
            dx, dW, db = affine_backward(dscores, cache)
            return loss, {"W" + last: dW, "b" + last: db}
'''


def test_settings_popped_from_a_config_left_at_none_take_their_defaults() -> None:
    # `config.pop("scale", 1e-2)` with `config=None` in the signature: its caller hands a dict, and the default is
    # what this file knows of it, so each weight is a number times a draw - a parameter the layer multiplies (and
    # the layers are as many as the default list of hidden sizes says)
    k = _kinds(_CONFIGURED)
    assert "error" in k.get(_line(_CONFIGURED, "loss, dscores = softmax_loss(scores, y)"), set())
    assert "F2" in k.get(_line(_CONFIGURED, "dx, dW, db = affine_backward(dscores, cache)"), set())


_TEMPLATE = '''
    import numpy as np


    class Module:
        def forward(self, x):
            return self.update_output(x)

        def backward(self, x, grad_output):
            self.update_grad_input(x, grad_output)
            self.acc_grad_params(x, grad_output)
            return self.grad_input

        def update_output(self, x):
            pass

        def update_grad_input(self, x, grad_output):
            pass

        def acc_grad_params(self, x, grad_output):
            pass


    class Linear(Module):
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_out, n_in) * 0.1
            self.b = np.zeros(n_out)

        def update_output(self, x):
            self.output = x @ self.W.T + self.b
            return self.output

        def update_grad_input(self, x, grad_output):
            self.grad_input = grad_output @ self.W
            return self.grad_input

        def acc_grad_params(self, x, grad_output):
            self.gradW = grad_output.T @ x
            self.gradb = grad_output.sum(axis=0)


    class Tanh(Module):
        def update_output(self, x):
            self.output = np.tanh(x)
            return self.output

        def update_grad_input(self, x, grad_output):
            self.grad_input = (1 - self.output ** 2) * grad_output
            return self.grad_input
'''


def test_a_base_class_s_template_runs_each_subclass_s_own_steps() -> None:
    # `backward` lives in the base class and calls `update_grad_input`, which each subclass overrides: run once on
    # the base it reads none of them, so it runs again for each subclass
    k = _kinds(_TEMPLATE)
    assert "F2" in k.get(_line(_TEMPLATE, "self.grad_input = grad_output @ self.W"), set())
    assert "F3" in k.get(_line(_TEMPLATE, "self.gradW = grad_output.T @ x"), set())
    assert "F1" in k.get(_line(_TEMPLATE, "self.grad_input = (1 - self.output ** 2) * grad_output"), set())


_DEVICE = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.xp = None
            self.W = np.random.randn(n_in, n_out) * 0.01
            self.b = np.zeros((1, n_out))

        def forward(self, x):
            self.x = x
            self.z = self.xp.dot(x, self.W) + self.b
            return self.xp.maximum(self.z, 0)

        def backward(self, dout, lr):
            dz = dout * (self.z > 0)
            dW = self.xp.dot(self.x.T, dz)
            dx = self.xp.dot(dz, self.W.T)
            self.W -= lr * dW
            return dx
'''


def test_an_array_module_picked_at_run_time_is_numpy_s_operations() -> None:
    # `self.xp` is NumPy or CuPy, set by a device manager later: the array API's name for either, the same
    # operations
    k = _kinds(_DEVICE)
    assert "F1" in k.get(_line(_DEVICE, "dz = dout * (self.z > 0)"), set())
    assert "F3" in k.get(_line(_DEVICE, "dW = self.xp.dot(self.x.T, dz)"), set())
    assert "F2" in k.get(_line(_DEVICE, "dx = self.xp.dot(dz, self.W.T)"), set())


_WEIGHT_LIST = '''
    import numpy as np


    class Net:
        def __init__(self, n_in=784, hidden=[64, 32], n_out=10):
            self.weights = []
            self.biases = []
            self.weights.append(np.random.randn(n_in, hidden[0]) * np.sqrt(2 / n_in))
            self.biases.append(np.zeros((1, hidden[0])))
            for i in range(len(hidden) - 1):
                self.weights.append(np.random.randn(hidden[i], hidden[i + 1]) * np.sqrt(2 / hidden[i]))
                self.biases.append(np.zeros((1, hidden[i + 1])))
            self.weights.append(np.random.randn(hidden[-1], n_out) * np.sqrt(2 / hidden[-1]))
            self.biases.append(np.zeros((1, n_out)))

        def forward(self, x):
            self.acts = [x]
            self.pre = []
            for i in range(len(self.weights)):
                z = np.dot(self.acts[-1], self.weights[i]) + self.biases[i]
                self.pre.append(z)
                if i == len(self.weights) - 1:
                    e = np.exp(z - z.max(axis=1, keepdims=True))
                    self.acts.append(e / e.sum(axis=1, keepdims=True))
                else:
                    self.acts.append(np.maximum(z, 0))
            return self.acts[-1]

        def backward(self, target, lr):
            delta = (self.acts[-1] - target) / target.shape[0]
            for i in range(len(self.weights) - 1, -1, -1):
                dw = np.dot(self.acts[i].T, delta)
                db = np.sum(delta, axis=0, keepdims=True)
                if i > 0:
                    delta = np.dot(delta, self.weights[i].T) * (self.pre[i - 1] > 0)
                self.weights[i] -= lr * dw
                self.biases[i] -= lr * db
'''


def test_a_list_of_weights_made_in_three_parts_is_one_family_read_by_index() -> None:
    # the input layer's weight, the hidden layers' in a loop, the output layer's: `self.weights[i]` in the loops
    # of the forward and backward passes is a member of that family, not a blur of the three that is no weight
    k = _kinds(_WEIGHT_LIST)
    assert "F3" in k.get(_line(_WEIGHT_LIST, "dw = np.dot(self.acts[i].T, delta)"), set())
    assert "F2" in k.get(_line(_WEIGHT_LIST, "delta = np.dot(delta, self.weights[i].T) * (self.pre[i - 1] > 0)"), set())
    assert "update" in k.get(_line(_WEIGHT_LIST, "self.weights[i] -= lr * dw"), set())
    assert "update" in k.get(_line(_WEIGHT_LIST, "self.biases[i] -= lr * db"), set())
    assert not _result(_WEIGHT_LIST).findings


# ------------------------------------------------------------------ correct code that was reported

_NEGATED_LOGITS = '''
    import numpy as np


    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


    def grad_of(X, Y, W):
        Z = -X @ W
        P = softmax(Z)
        return X.T @ (Y - P) / X.shape[0]


    def fit(X, Y, lr, steps):
        W = np.zeros((X.shape[1], Y.shape[1]))
        for _ in range(steps):
            W = W - lr * grad_of(X, Y, W)
        return W
'''


def test_logits_that_negate_the_product_turn_the_error_round() -> None:
    # Z = (-X) @ W: the layer's input is -X, so X.T @ (Y - P) = (-X).T @ (P - Y) is the gradient, and
    # subtracting it descends
    assert not _result(_NEGATED_LOGITS).findings


def test_without_the_negation_the_same_step_still_ascends() -> None:
    # guard (passed before the fix): with Z = X @ W the step along X.T @ (Y - P) climbs the loss
    src = _NEGATED_LOGITS.replace("Z = -X @ W", "Z = X @ W")
    assert [f.code for f in _result(src).findings] == ["BP201"]


_SUMMED_DELTAS = '''
    import numpy as np


    class Cell:
        def __init__(self, n_in, n_h):
            self.in_params = np.random.uniform(-0.1, 0.1, (n_in, n_h))
            self.h_params = np.random.uniform(-0.1, 0.1, (n_h, n_h))
            self.in_params_delta = np.zeros((n_in, n_h)).astype(np.float64)
            self.h_params_delta = np.zeros((n_h, n_h)).astype(np.float64)

        def forward(self, x, h0):
            self.h = np.tanh(np.matmul(x, self.in_params) + np.matmul(h0, self.h_params))
            return self.h

        def backward(self, delta, x, h0):
            dz = delta * (1 - self.h ** 2)
            dx = np.matmul(dz, self.in_params.T)
            self.in_params_delta += np.matmul(dz.T, x).T
            dh = np.matmul(dz, self.h_params.T)
            self.h_params_delta += np.matmul(dz.T, h0).T
            return dx, dh
'''


def test_a_gradient_summed_into_a_cast_zero_buffer_is_no_crossed_update() -> None:
    # `np.zeros(shape).astype(np.float64)` is still a buffer of zeros: summing the weight's gradient into it is
    # formula 3, not a step of another parameter (nor one up the loss)
    assert not _result(_SUMMED_DELTAS).findings
    k = _kinds(_SUMMED_DELTAS)
    assert "F3" in k.get(_line(_SUMMED_DELTAS, "self.in_params_delta += np.matmul(dz.T, x).T"), set())


_FIT_ON_ZEROS = '''
    import numpy as np
    from sklearn.datasets import make_moons


    class Sigmoid:
        def forward(self, z):
            self.out = 1 / (1 + np.exp(-np.clip(z, -50, 50)))
            return self.out

        def backward(self, d_out):
            return d_out * self.out * (1 - self.out)


    class LogLoss:
        def forward(self, p, t):
            p = np.clip(p, 1e-7, 1 - 1e-7)
            return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))

        def backward(self, p, t):
            n = len(p)
            p = np.clip(p, 1e-7, 1 - 1e-7)
            return (-(t / p) + (1 - t) / (1 - p)) / n


    class Logistic:
        def __init__(self, lr=0.1, epochs=100):
            self.lr = lr
            self.epochs = epochs
            self.w = None
            self.b = None
            self.history = []
            self._act = Sigmoid()
            self._loss = LogLoss()

        def fit(self, X, y):
            n, d = X.shape
            self.w = np.zeros(d)
            self.b = 0.0
            for _ in range(self.epochs):
                z = X @ self.w + self.b
                p = self._act.forward(z)
                self.history.append(self._loss.forward(p, y))
                d_p = self._loss.backward(p, y)
                d_z = self._act.backward(d_p)
                dw = X.T @ d_z
                db = np.sum(d_z)
                self.w -= self.lr * dw
                self.b -= self.lr * db

        def predict_proba(self, X):
            return 1 / (1 + np.exp(-(X @ self.w + self.b)))

        def score(self, X, y):
            return np.mean((self.predict_proba(X) > 0.5) == y)


    if __name__ == "__main__":
        X, y = make_moons(n_samples=100)
        model = Logistic()
        model.fit(X, y)
        print(model.score(X, y))
'''


def test_a_weight_stepped_when_fit_is_driven_on_its_own_is_updated() -> None:
    # `fit` runs from the module and again on an instance of its own: the weight of either run is stepped, never
    # one "used in the forward pass but never updated"
    found = [f.code for f in _result(_FIT_ON_ZEROS).findings]
    assert "BP101" not in found, found


_LEAKY_HALVES = '''
    import numpy as np


    class Leaky:
        def __init__(self, slope=0.05):
            self.slope = slope

        def forward(self, x):
            self.x = x
            return np.maximum(x, x * self.slope)

        def backward(self, grad):
            return np.multiply(grad, self.x > 0) + np.multiply(grad, (self.x <= 0) * self.slope)


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1

        def forward(self, x):
            self.x = x
            return x @ self.W

        def backward(self, grad, lr):
            dW = self.x.T @ grad
            dx = grad @ self.W.T
            self.W -= lr * dW
            return dx


    X = np.random.randn(32, 4)
    Y = np.random.randn(32, 1)
    l1, act, l2 = Dense(4, 8), Leaky(), Dense(8, 1)
    for _ in range(100):
        out = l2.forward(act.forward(l1.forward(X)))
        g = 2 * (out - Y) / len(X)
        l1.backward(act.backward(l2.backward(g, 0.1)), 0.1)
'''


def test_a_leaky_relu_backward_written_as_two_masked_halves_is_its_derivative() -> None:
    # `g * (x > 0) + g * (x <= 0) * slope`: the first half alone would be a ReLU's mask, the two together are the
    # leaky ReLU's derivative the forward pass needs (seen on the held-out U34f probe after its last measurement)
    assert not _result(_LEAKY_HALVES).findings
    assert "F1" in _kinds(_LEAKY_HALVES).get(
        _line(_LEAKY_HALVES, "return np.multiply(grad, self.x > 0) + np.multiply(grad, (self.x <= 0) * self.slope)"), set())


def test_a_leaky_relu_backward_with_only_the_positive_half_is_still_a_relu_mask() -> None:
    # guard (passed before the change): without the scaled negative half the derivative is a ReLU's
    src = _LEAKY_HALVES.replace(" + np.multiply(grad, (self.x <= 0) * self.slope)", "")
    assert [f.code for f in _result(src).findings] == ["BP301"]


# ------------------------------------------------------------------ what is said of a file not understood

_PLAIN_LISTS = '''
    def relu(v):
        return v if v > 0 else 0


    class Net:
        def __init__(self, n_in, n_out):
            self.w = [[0.01 * ((i + j) % 5 - 2) for j in range(n_out)] for i in range(n_in)]

        def forward(self, x):
            self.x = x
            self.z = [sum(x[i] * self.w[i][j] for i in range(len(x))) for j in range(len(self.w[0]))]
            return [relu(v) for v in self.z]

        def backward(self, grad, lr):
            dz = [grad[j] * (1 if self.z[j] > 0 else 0) for j in range(len(grad))]
            dw = [[self.x[i] * dz[j] for j in range(len(dz))] for i in range(len(self.x))]
            for i in range(len(self.w)):
                for j in range(len(self.w[0])):
                    self.w[i][j] -= lr * dw[i][j]
'''


def test_a_plain_python_network_not_read_is_said_to_be_not_understood() -> None:
    # no array library is imported, but a step scaled by a learning rate and gradient names say it trains: a file
    # bpscan cannot read is reported as not understood, never as "all checked"
    res = _result(_PLAIN_LISTS)
    if not any(t.kind in ("error", "F1", "F2", "F3", "update") for t in res.tags):
        assert any("not understood" in n for n in res.notes), res.notes


def test_a_plain_python_file_that_trains_nothing_gets_no_such_note() -> None:
    # guard (passed before the change): gradient-like names alone (a numerical derivative) are no training
    src = '''
        def derivative(f, x, h=1e-6):
            return (f(x + h) - f(x - h)) / (2 * h)


        def grad(f, xs):
            return [derivative(f, x) for x in xs]
    '''
    assert not any("not understood" in n for n in _result(src).notes)


def test_layers_walked_with_their_positions_are_stand_ins_too() -> None:
    # `for i, layer in enumerate(reversed(self.layers))`: the element beside its position is still a layer the file
    # does not show; the first one, handed the targets, is the loss's
    src = _SEQUENTIAL.replace('''        def backward(self, grad):
            for layer in reversed(self.layers):
                grad = layer.backward(grad)
            return grad''', '''        def backward(self, out, labels):
            for i, layer in enumerate(reversed(self.layers)):
                if i == 0:
                    grad = layer.backward(out, labels)
                else:
                    grad = layer.backward(grad)
            return grad''')
    k = _kinds(src)
    assert "error" in k.get(_line(src, "grad = layer.backward(out, labels)"), set())
    assert "F2" in k.get(_line(src, "grad = layer.backward(grad)"), set())
