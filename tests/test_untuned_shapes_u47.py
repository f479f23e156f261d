"""Shapes of real code met in the U47 probes (2026-12-08), in our own words: a layer whose weights a setter stores
(`set_param(self, W, b)`), an activation picked from a table of objects through a `@func.getter` property, a model
class whose constructor keeps the training set, a regulariser class whose `gradient` method returns its penalty's
derivative, weights drawn into names of their own before they are stored, a layer built on a subclass of
`np.ndarray` handed an activation object and a gradient by an unusual name, a softmax joined to its cross-entropy
whose backward is handed `y_pred`, a classmethod called through `self` that calls the others through `cls`, a data set
object whose arrays are read by name (`self.data.y_train`), targets written out as lists of numbers, and a
normalisation handed its scale and shift as numbers that its backward gives gradients; a gradient kept on a parameter
object's `.grad`, weights handed as a short-named list counted by `len`, derivative helpers handed the gradient
first, CBOW's averaged context rows stepped by `np.add.at`, and a backward pass that applies the activation to the
gradient it is handed, reported where it is written.
Each test failed on the checkout before its fix."""

from __future__ import annotations

from shape_util import codes as _codes, kinds as _kinds, line_of as _line


# ------------------------------------------------------------------ weights a setter stores

_SET_PARAM = '''
    import numpy as np


    class Affine:
        def __init__(self, units):
            self.units = units
            self.x = None
            self.dW = None

        def set_param(self, W, b):
            self.W = W
            self.b = b
            self.n_param = W.size + b.size

        def forward(self, x):
            self.x = x
            return np.dot(x, self.W) + self.b

        def backward(self, delta):
            dx = np.dot(delta, self.W.T)
            self.dW = np.dot(self.x.T, delta)
            self.db = np.sum(delta, axis=0)
            return dx
'''


def test_weights_a_setter_stores_are_the_layers_parameters() -> None:
    k = _kinds(_SET_PARAM)
    assert "F2" in k[_line(_SET_PARAM, "dx = np.dot(delta, self.W.T)")]
    assert "F3" in k[_line(_SET_PARAM, "self.dW = np.dot(self.x.T, delta)")]
    assert "F3" in k[_line(_SET_PARAM, "self.db = np.sum(delta, axis=0)")]


# ------------------------------------------------------------------ an activation from a table of objects

_ACTIVATION_TABLE = '''
    import numpy as np


    class Logistic:
        def forward(self, x):
            self.out = 1 / (1 + np.exp(-x))
            return self.out

        def backward(self, delta):
            return self.out * (1.0 - self.out) * delta


    class Lookup:
        def __init__(self, name):
            self.__chosen = self.pick(name)

        @property
        def func(self):
            pass

        @func.getter
        def func(self):
            return self.__chosen

        def pick(self, name):
            table = {"logistic": Logistic()}
            chosen = None
            if isinstance(name, str):
                chosen = table[name]
            for layer in table.values():
                if isinstance(name, type(layer)):
                    chosen = name
            return chosen


    class Dense:
        def __init__(self, n_in, n_out, activation="logistic"):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros(n_out)
            self.act = Lookup(activation).func

        def forward(self, x):
            self.x = x
            return self.act.forward(x @ self.W + self.b)

        def backward(self, delta):
            delta = self.act.backward(delta)
            self.dW = self.x.T @ delta
            self.db = delta.sum(axis=0)
            return delta @ self.W.T
'''


def test_an_activation_picked_from_a_table_through_a_getter_gives_its_derivative() -> None:
    k = _kinds(_ACTIVATION_TABLE)
    assert "F1" in k[_line(_ACTIVATION_TABLE, "delta = self.act.backward(delta)")]
    assert "F3" in k[_line(_ACTIVATION_TABLE, "self.dW = self.x.T @ delta")]
    assert "F3" in k[_line(_ACTIVATION_TABLE, "self.db = delta.sum(axis=0)")]


# ------------------------------------------------------------------ a model that keeps its training set

_KEEPS_DATA = '''
    import numpy as np


    class Classifier:
        def __init__(self, X, Y, n_hidden, lr, iterations):
            self.X = X
            self.Y = Y
            self.lr = lr
            self.iterations = iterations
            self.W1 = np.random.randn(n_hidden, X.shape[0]) * 0.01
            self.W2 = np.random.randn(1, n_hidden) * 0.01

        def fit(self):
            for i in range(self.iterations):
                A1 = np.tanh(self.W1 @ self.X)
                A2 = 1 / (1 + np.exp(-(self.W2 @ A1)))
                dZ2 = A2 - self.Y
                dW2 = dZ2 @ A1.T
                dZ1 = (self.W2.T @ dZ2) * (1 - A1 ** 2)
                dW1 = dZ1 @ self.X.T
                self.W1 -= self.lr * dW1
                self.W2 -= self.lr * dW2
'''


def test_a_constructor_handed_the_training_set_keeps_data_not_parameters() -> None:
    k = _kinds(_KEEPS_DATA)
    assert "error" in k[_line(_KEEPS_DATA, "dZ2 = A2 - self.Y")]
    assert "F3" in k[_line(_KEEPS_DATA, "dW1 = dZ1 @ self.X.T")]


# ------------------------------------------------------------------ a regulariser's derivative as a method

_REGULARISERS = '''
    import numpy as np


    class Ridge:
        def __init__(self, lam):
            self.lam = lam

        def __call__(self, weights):
            return self.lam * np.sum(weights ** 2)

        def gradient(self, weights):
            penalty_grad = 2 * self.lam * weights
            return penalty_grad


    class Lasso:
        def __init__(self, lam):
            self.lam = lam

        def derivative(self, weights):
            return self.lam * np.sign(weights)
'''


def test_a_regularisers_gradient_method_is_its_share_of_formula_3() -> None:
    k = _kinds(_REGULARISERS)
    assert "F3" in k[_line(_REGULARISERS, "penalty_grad = 2 * self.lam * weights")]
    assert "F3" in k[_line(_REGULARISERS, "return self.lam * np.sign(weights)")]
    # the penalty itself is a loss term, no gradient
    assert not k.get(_line(_REGULARISERS, "return self.lam * np.sum(weights ** 2)"), set()) & {"F3", "F2", "F1"}


# ------------------------------------------------------------------ draws kept under names before they are stored

_DRAWN_APART = '''
    import numpy as np


    class Net:
        def __init__(self, nx, layers):
            self.L = len(layers)
            self.weights = {}
            self.cache = {}
            for i in range(self.L):
                self.weights["b" + str(i + 1)] = np.zeros((layers[i], 1))
                if i == 0:
                    w = np.random.randn(layers[i], nx) * np.sqrt(2 / nx)
                    self.weights["W" + str(i + 1)] = w
                if i > 0:
                    draw = np.random.randn(layers[i], layers[i - 1])
                    scale = np.sqrt(2 / layers[i - 1])
                    self.weights["W" + str(i + 1)] = draw * scale

        def forward(self, X):
            self.cache["A0"] = X
            for i in range(self.L):
                Z = self.weights["W" + str(i + 1)] @ self.cache["A" + str(i)] + self.weights["b" + str(i + 1)]
                self.cache["A" + str(i + 1)] = 1 / (1 + np.exp(-Z))
            return self.cache["A" + str(self.L)]

        def step(self, Y, alpha):
            m = Y.shape[1]
            old = self.weights.copy()
            for i in reversed(range(self.L)):
                A = self.cache["A" + str(i + 1)]
                if i == self.L - 1:
                    dZ = A - Y
                else:
                    dZ = (old["W" + str(i + 2)].T @ dZ) * A * (1 - A)
                dW = dZ @ self.cache["A" + str(i)].T / m
                self.weights["W" + str(i + 1)] = old["W" + str(i + 1)] - alpha * dW

        def train(self, X, Y, iterations, alpha):
            for _ in range(iterations):
                self.forward(X)
                self.step(Y, alpha)
'''


def test_weights_drawn_into_names_of_their_own_are_one_family() -> None:
    k = _kinds(_DRAWN_APART)
    assert "error" in k[_line(_DRAWN_APART, "dZ = A - Y")]
    assert "F3" in k[_line(_DRAWN_APART, 'dW = dZ @ self.cache["A" + str(i)].T / m')]
    assert "update" in k[_line(_DRAWN_APART, 'self.weights["W" + str(i + 1)] = old["W" + str(i + 1)] - alpha * dW')]


# ------------------------------------------------------------------ an ndarray subclass, an activation object

_TENSOR_LAYER = '''
    import numpy as np


    class Tensor(np.ndarray):
        def __new__(cls, values):
            obj = np.asarray(values).view(cls)
            obj.grad = None
            return obj


    class Layer:
        def __init__(self, n_in, n_out, activation):
            self.activation = activation
            self.W = Tensor(np.random.randn(n_in, n_out) * 0.01)

        def forward(self, X):
            self.A = self.activation(self.W.T @ X)
            return self.A

        def backward(self, X, V):
            local = self.activation.grad(self.A)
            grad_W = X @ (local * V).T
            grad_X = self.W @ (local * V)
            self.W.grad = grad_W
            return grad_X
'''


def test_an_ndarray_subclass_holds_the_weight_and_the_second_argument_is_the_gradient() -> None:
    k = _kinds(_TENSOR_LAYER)
    assert "F3" in k[_line(_TENSOR_LAYER, "grad_W = X @ (local * V).T")]
    assert "F2" in k[_line(_TENSOR_LAYER, "grad_X = self.W @ (local * V)")]


# ------------------------------------------------------------------ softmax joined to its loss, handed y_pred

_JOINED = '''
    import numpy as np


    class SoftmaxWithLoss:
        def forward(self, inputs, y_true):
            e = np.exp(inputs - inputs.max(axis=1, keepdims=True))
            self.output = e / e.sum(axis=1, keepdims=True)
            return -np.mean(np.log(self.output[range(len(inputs)), y_true]))

        def backward(self, y_pred, y_true):
            samples = len(y_pred)
            self.d_inputs = y_pred.copy()
            self.d_inputs[range(samples), y_true] -= 1
            self.d_inputs = self.d_inputs / samples
'''


def test_a_joined_softmax_backward_handed_y_pred_forms_the_error_in_place() -> None:
    k = _kinds(_JOINED)
    assert "error" in k[_line(_JOINED, "self.d_inputs[range(samples), y_true] -= 1")]


# ------------------------------------------------------------------ classmethods through self and cls

_CLASSMETHODS = '''
    import numpy as np


    class Model:
        def __init__(self, n_in, n_hidden):
            self.W1 = np.random.randn(n_hidden, n_in) * 0.1
            self.W2 = np.random.randn(1, n_hidden) * 0.1

        @staticmethod
        def relu(Z):
            return np.maximum(0, Z)

        @classmethod
        def layer(cls, W, A):
            return cls.relu(W @ A)

        @classmethod
        def layer_backward(cls, dZ, W, A_prev):
            dW = dZ @ A_prev.T
            dA_prev = W.T @ dZ
            return dW, dA_prev

        def train(self, X, Y, lr, epochs):
            for _ in range(epochs):
                A1 = self.layer(self.W1, X)
                A2 = self.W2 @ A1
                dZ2 = A2 - Y
                dW2, dA1 = self.layer_backward(dZ2, self.W2, A1)
                dZ1 = dA1 * (A1 > 0)
                dW1, _ = self.layer_backward(dZ1, self.W1, X)
                self.W1 -= lr * dW1
                self.W2 -= lr * dW2
'''


def test_a_classmethod_called_through_self_reaches_the_others_through_cls() -> None:
    k = _kinds(_CLASSMETHODS)
    assert "F1" in k[_line(_CLASSMETHODS, "dZ1 = dA1 * (A1 > 0)")]
    assert "F3" in k[_line(_CLASSMETHODS, "dW = dZ @ A_prev.T")]


# ------------------------------------------------------------------ the error sent back raw

_RAW_ERROR = '''
    import numpy as np

    x = np.random.randn(40, 3)
    y = (x[:, :1] > 0).astype(float)
    w1 = np.random.randn(3, 4) * 0.5
    w2 = np.random.randn(4, 1) * 0.5
    for epoch in range(200):
        h = 1 / (1 + np.exp(-x @ w1))
        out = 1 / (1 + np.exp(-h @ w2))
        error = y - out
        out_delta = error * out * (1 - out)
        hid_delta = (error @ w2.T) * h * (1 - h)
        w2 += 0.1 * h.T @ out_delta
        w1 += 0.1 * x.T @ hid_delta
'''


def test_the_output_error_sent_back_past_the_delta_the_file_made_from_it_is_reported() -> None:
    assert "BP309" in _codes(_RAW_ERROR).get(_line(_RAW_ERROR, "hid_delta = (error @ w2.T) * h * (1 - h)"), set())
    fixed = _RAW_ERROR.replace("(error @ w2.T)", "(out_delta @ w2.T)")
    assert "BP309" not in {c for cs in _codes(fixed).values() for c in cs}


# ------------------------------------------------------------------ a data set object's arrays by their names

_DATA_OBJECT = '''
    import numpy as np


    class OneLayer:
        def __init__(self, data, eta=0.1):
            self.data = data
            self.eta = eta
            self.weights = np.random.randn(4, 3) * 0.1
            self.zs = []

        def forward(self, rows):
            self.zs = [self.weights.T @ self.data.x_train[i] for i in rows]
            return np.array([1 / (1 + np.exp(-z)) for z in self.zs])

        def epoch(self, rows):
            out = self.forward(rows)
            grad = np.zeros(self.weights.shape)
            for i, index in enumerate(rows):
                delta = 2 * (out[i] - self.data.y_train[index]) * out[i] * (1 - out[i])
                grad += np.outer(self.data.x_train[index], delta)
            self.weights -= self.eta * grad
'''


def test_the_arrays_of_a_data_set_object_are_data_and_targets_by_their_names() -> None:
    k = _kinds(_DATA_OBJECT)
    assert {"error", "F1"} <= k[_line(_DATA_OBJECT, "delta = 2 * (out[i] - self.data.y_train[index]) * out[i] * (1 - out[i])")]
    assert "F3" in k[_line(_DATA_OBJECT, "grad += np.outer(self.data.x_train[index], delta)")]


# ------------------------------------------------------------------ targets written out as lists of numbers

_LITERAL_TARGETS = '''
    import numpy as np


    class Cell:
        def __init__(self, n_in, n_out):
            self.U = np.random.uniform(-0.1, 0.1, size=(n_in, n_out))
            self.outputs = []

        def forward(self, x):
            self.outputs.append(np.tanh(x @ self.U))

        def backward(self, xs, ys, lr):
            for t in range(len(ys)):
                error = self.outputs[t] - ys[t]
                delta = error * (1 - self.outputs[t] ** 2)
                self.U -= lr * np.outer(xs[t], delta)
            self.outputs = []

        def train(self, xs, ys, epochs, lr):
            for _ in range(epochs):
                for x in xs:
                    self.forward(x)
                self.backward(xs, ys, lr)


    cell = Cell(2, 2)
    cell.train([np.array([1.0, 0.0]), np.array([0.0, 1.0])], [[0.5, 0.0], [0.0, 1.0]], 100, 0.1)
'''


def test_targets_written_out_as_lists_of_numbers_are_the_targets() -> None:
    k = _kinds(_LITERAL_TARGETS)
    assert "error" in k[_line(_LITERAL_TARGETS, "error = self.outputs[t] - ys[t]")]
    assert "F1" in k[_line(_LITERAL_TARGETS, "delta = error * (1 - self.outputs[t] ** 2)")]


# ------------------------------------------------------------------ a normalisation's scale handed as a number

_NORM_SCALARS = '''
    import numpy as np


    class Norm:
        def __init__(self, gamma=1.0, beta=0.0):
            self.gamma = gamma
            self.beta = beta

        def forward(self, x):
            self.mu = x.mean(axis=0)
            self.var = x.var(axis=0)
            self.xn = (x - self.mu) / np.sqrt(self.var + 1e-8)
            return self.gamma * self.xn + self.beta

        def backward(self, delta):
            dxn = delta * self.gamma
            self.dgamma = np.sum(delta * self.xn, axis=0)
            self.dbeta = np.sum(delta, axis=0)
            return dxn / np.sqrt(self.var + 1e-8)
'''


def test_a_scale_and_shift_handed_as_numbers_but_given_gradients_are_trained() -> None:
    k = _kinds(_NORM_SCALARS)
    assert "F3" in k[_line(_NORM_SCALARS, "self.dgamma = np.sum(delta * self.xn, axis=0)")]
    assert "F3" in k[_line(_NORM_SCALARS, "self.dbeta = np.sum(delta, axis=0)")]



# ------------------------------------------------------------------ a parameter object's `.grad`, stepped elsewhere

_PARAM_OBJECTS = '''
    import types
    import torch


    class Parameter:
        def __init__(self, tensor):
            self.data = tensor
            self.grad = torch.zeros(tensor.size())


    class Module:
        def __init__(self):
            self._parameters = {}
            self._children = {}

        def param(self):
            if self._parameters:
                yield self._parameters
            for module in self._children.values():
                yield module.param()


    class Linear(Module):
        def __init__(self, n_in, n_out):
            super().__init__()
            self.weight = Parameter(torch.randn(n_in, n_out) * 0.1)
            self._parameters["weight"] = self.weight

        def forward(self, x):
            self.x = x
            return torch.matmul(x, self.weight.data)

        def backward(self, grad_output):
            grad_weight = torch.matmul(self.x.t(), grad_output)
            self.weight.grad += grad_weight
            return torch.matmul(grad_output, self.weight.data.t())


    class SGD:
        def __init__(self, model, lr):
            self.model = model
            self.lr = lr

        def step(self):
            for group in self.model.param():
                if isinstance(group, types.GeneratorType):
                    group = next(group)
                for p in group.values():
                    p.data -= self.lr * p.grad


    net = Linear(3, 1)
    opt = SGD(net, 0.05)
    x = torch.randn(16, 3)
    t = torch.randn(16, 1)
    for _ in range(50):
        y = net.forward(x)
        net.backward(2 * (y - t))
        opt.step()
'''


def test_a_gradient_kept_on_a_parameter_objects_grad_is_not_lost() -> None:
    line = _line(_PARAM_OBJECTS, "grad_weight = torch.matmul(self.x.t(), grad_output)")
    assert "F3" in _kinds(_PARAM_OBJECTS)[line]
    assert "BP102" not in _codes(_PARAM_OBJECTS).get(line, set())


# ------------------------------------------------------------------ a list of weights by a short name, in torch

_SHORT_LIST = '''
    import torch


    def backprop(dcost, eta, x0, w, steps):
        m = len(w) - 1
        x_ = x0.t()
        w1 = w[1]
        w2 = w[2]
        for _ in range(steps):
            h = x_.mm(w1)
            h_relu = h.clamp(min=0)
            y_pred = h_relu.mm(w2)
            grad_y_pred = dcost(y_pred.t()).t()
            grad_w2 = h_relu.t().mm(grad_y_pred)
            grad_h_relu = grad_y_pred.mm(w2.t())
            grad_h = grad_h_relu.clone()
            grad_h[h < 0] = 0
            grad_w1 = x_.t().mm(grad_h)
            w1 -= eta * grad_w1
            w2 -= eta * grad_w2
        return w
'''


def test_weights_handed_as_a_short_named_list_counted_by_len_are_the_layers() -> None:
    k = _kinds(_SHORT_LIST)
    assert "F3" in k[_line(_SHORT_LIST, "grad_w2 = h_relu.t().mm(grad_y_pred)")]
    assert "F2" in k[_line(_SHORT_LIST, "grad_h_relu = grad_y_pred.mm(w2.t())")]
    assert "update" in k[_line(_SHORT_LIST, "w1 -= eta * grad_w1")]


# ------------------------------------------------------------------ derivative helpers handed the gradient first

_DERIVATIVE_HELPERS = '''
    import numpy as np


    def sigmoid_derivate(dA, a):
        dZ = a * (1 - a)
        delta = dA * dZ
        return delta


    def tanh_derivative(dA, a):
        return dA * (1 - a ** 2)
'''


def test_activation_derivative_helpers_handed_the_gradient_first_are_formula_1() -> None:
    k = _kinds(_DERIVATIVE_HELPERS)
    assert "F1" in k[_line(_DERIVATIVE_HELPERS, "delta = dA * dZ")]
    assert "F1" in k[_line(_DERIVATIVE_HELPERS, "return dA * (1 - a ** 2)")]


# ------------------------------------------------------------------ CBOW: averaged context rows, scattered steps

_CBOW = '''
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))


    def forward_cbow(context_idxs, center_idx, negative_idxs, W_in, W_out):
        v_ctx = W_in[context_idxs].mean(axis=0)
        u_o = W_out[center_idx]
        u_neg = W_out[negative_idxs]
        score_pos = np.dot(v_ctx, u_o)
        scores_neg = np.dot(u_neg, v_ctx)
        loss = -np.log(sigmoid(score_pos)) - np.sum(np.log(sigmoid(-scores_neg)))
        return loss, {"v_ctx": v_ctx, "u_o": u_o, "u_neg": u_neg, "score_pos": score_pos,
                      "scores_neg": scores_neg, "n": len(context_idxs)}


    def backward_cbow(cache):
        g_pos = sigmoid(cache["score_pos"]) - 1
        g_neg = sigmoid(cache["scores_neg"])
        grad_v_ctx = g_pos * cache["u_o"] + g_neg @ cache["u_neg"]
        grad_u_o = g_pos * cache["v_ctx"]
        grad_u_neg = np.outer(g_neg, cache["v_ctx"])
        return {"grad_context": grad_v_ctx / cache["n"], "grad_u_o": grad_u_o, "grad_u_neg": grad_u_neg}


    def sgd_update(W_in, W_out, context_idxs, center_idx, negative_idxs, grads, lr):
        np.add.at(W_in, context_idxs, -lr * grads["grad_context"])
        W_out[center_idx] -= lr * grads["grad_u_o"]
        np.add.at(W_out, negative_idxs, -lr * grads["grad_u_neg"])


    def train(pairs, vocab, dim, lr=0.025):
        W_in = np.random.uniform(-0.5 / dim, 0.5 / dim, size=(vocab, dim))
        W_out = np.zeros((vocab, dim))
        for context_idxs, center_idx in pairs:
            negatives = np.random.randint(0, vocab, 5)
            loss, cache = forward_cbow(context_idxs, center_idx, negatives, W_in, W_out)
            grads = backward_cbow(cache)
            sgd_update(W_in, W_out, context_idxs, center_idx, negatives, grads, lr)
        return W_in
'''


def test_cbow_with_averaged_context_rows_is_read_and_its_scattered_step_descends() -> None:
    k = _kinds(_CBOW)
    assert "error" in k[_line(_CBOW, 'g_pos = sigmoid(cache["score_pos"]) - 1')]
    assert "F3" in k[_line(_CBOW, 'grad_u_o = g_pos * cache["v_ctx"]')]
    assert not any("BP201" in c for c in _codes(_CBOW).values())


# ------------------------------------------------------------------ the fault of a backward handed the gradient

_TANH_OF_GRADIENT = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1

        def forward(self, x):
            self.x = x
            return x @ self.W

        def backward(self, grad):
            self.dW = self.x.T @ grad
            return grad @ self.W.T


    class Tanh:
        def forward(self, x):
            self.out = np.tanh(x)
            return self.out

        def backward(self, d_y):
            return 1.0 - np.tanh(d_y) ** 2


    class Model:
        def __init__(self):
            self.layers = [Dense(3, 4), Tanh(), Dense(4, 1)]

        def forward(self, x):
            for layer in self.layers:
                x = layer.forward(x)
            return x

        def backward(self, y):
            grad = self.out - y
            for layer in reversed(self.layers):
                grad = layer.backward(grad)

        def step(self, lr):
            for layer in self.layers:
                if isinstance(layer, Dense):
                    layer.W -= lr * layer.dW


    model = Model()
    x = np.random.randn(16, 3)
    y = np.random.randn(16, 1)
    for _ in range(20):
        model.out = model.forward(x)
        model.backward(y)
        model.step(0.1)
'''


def test_a_backward_that_applies_the_activation_to_its_gradient_is_reported_where_it_is_written() -> None:
    found = _codes(_TANH_OF_GRADIENT)
    assert "BP302" in found.get(_line(_TANH_OF_GRADIENT, "return 1.0 - np.tanh(d_y) ** 2"), set())
    assert "BP302" not in found.get(_line(_TANH_OF_GRADIENT, "model.backward(y)"), set())
