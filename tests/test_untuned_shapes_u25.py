"""Shapes of real code met in the U25 untuned probes and a precision probe of 20 more repositories (2026-12-05),
in our own words. Each test failed on the checkout before its fix, except the guards that say so."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bpscan.analysis import analyze_source
from shape_util import kinds as _kinds, line_of as _line, result as _result

# A network whose layer sizes come from a settings object the file cannot read (`setattr(self, name, ...)`
# from the command line): each layer's He-scaled draw divides by one of those sizes.
_SIZES_FROM_SETTINGS = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out, activation="relu"):
            self.weights = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
            self.bias = np.zeros((1, n_out))
            self.activation = activation

        def forward(self, inputs):
            self.inputs = inputs
            self.output = np.dot(inputs, self.weights) + self.bias
            if self.activation == "relu":
                self.output = np.maximum(0, self.output)
            return self.output

        def backward(self, grad):
            self.dweights = np.dot(self.inputs.T, grad)
            self.dbiases = np.sum(grad, axis=0, keepdims=True)
            return np.dot(grad, self.weights.T)


    def softmax(z):
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        return e / np.sum(e, axis=1, keepdims=True)


    class Model:
        def __init__(self, settings):
            for key in ("sizes", "epochs", "rate"):
                setattr(self, key, settings[key])

        def build(self):
            self.layers = [Dense(self.n_features, self.sizes[0])]
            for k in range(1, len(self.sizes)):
                self.layers.append(Dense(self.sizes[k - 1], self.sizes[k]))
            self.layers.append(Dense(self.sizes[len(self.sizes) - 1], 2, activation="softmax"))

        def train(self, x, y):
            for epoch in range(self.epochs):
                out = x
                for layer in self.layers[:-1]:
                    out = layer.forward(out)
                probs = softmax(self.layers[-1].forward(out))
                grad = probs - y
                for k in reversed(range(len(self.layers))):
                    if k != len(self.layers) - 1:
                        grad = grad * (self.layers[k].output > 0)
                    grad = self.layers[k].backward(grad)
                for layer in self.layers:
                    layer.weights -= self.rate * layer.dweights
                    layer.bias -= self.rate * layer.dbiases


    model = Model(dict(sizes=[16, 16], epochs=10, rate=0.01))
    model.n_features = 4
    model.build()
    model.train(np.loadtxt("x.csv"), np.loadtxt("y.csv"))
'''


def test_layers_sized_by_unread_settings_are_layers() -> None:
    k = _kinds(_SIZES_FROM_SETTINGS)
    assert {"error", "F1"} <= k.get(_line(_SIZES_FROM_SETTINGS, "grad = probs - y"), set())
    assert "F1" in k.get(_line(_SIZES_FROM_SETTINGS, "grad = grad * (self.layers[k].output > 0)"), set())
    for text in ("layer.weights -= self.rate * layer.dweights", "layer.bias -= self.rate * layer.dbiases"):
        assert "update" in k.get(_line(_SIZES_FROM_SETTINGS, text), set()), text
    assert not _result(_SIZES_FROM_SETTINGS).findings


def test_a_flipped_step_of_that_model_is_found() -> None:
    bad = _SIZES_FROM_SETTINGS.replace("layer.weights -= self.rate", "layer.weights += self.rate")
    assert [f.code for f in _result(bad).findings] == ["BP201"]


# An LSTM notebook's initialiser: each weight drawn, then made orthogonal by a QR decomposition of the draw in a
# helper (the draw transposed when it is wide), and the weights handed around as one tuple.
_ORTHOGONAL_INIT = '''
    import numpy as np


    def orthogonal(param):
        rows, cols = param.shape
        drawn = np.random.randn(rows, cols)
        if rows < cols:
            drawn = drawn.T
        q, r = np.linalg.qr(drawn)
        q *= np.sign(np.diag(r, 0))
        if rows < cols:
            q = q.T
        return q


    def init(hidden, vocab):
        W_h = orthogonal(np.random.randn(hidden, hidden + vocab))
        W_y = orthogonal(np.random.randn(vocab, hidden))
        b_h = np.zeros((hidden, 1))
        b_y = np.zeros((vocab, 1))
        return W_h, W_y, b_h, b_y


    def softmax(v):
        e = np.exp(v - np.max(v))
        return e / np.sum(e)


    def train(inputs, targets, params, lr=0.01):
        W_h, W_y, b_h, b_y = params
        for x, t in zip(inputs, targets):
            z = np.row_stack((np.zeros((W_h.shape[0], 1)), x))
            h = np.tanh(np.dot(W_h, z) + b_h)
            p = softmax(np.dot(W_y, h) + b_y)
            dv = np.copy(p)
            dv[np.argmax(t)] -= 1
            dW_y = np.dot(dv, h.T)
            dh = np.dot(W_y.T, dv)
            da = (1 - h ** 2) * dh
            dW_h = np.dot(da, z.T)
            for param, grad in zip((W_h, W_y, b_h, b_y), (dW_h, dW_y, da, dv)):
                param -= lr * grad


    train(np.load("x.npy"), np.load("y.npy"), init(32, 10))
'''


def test_an_orthogonal_init_in_a_helper_makes_weights() -> None:
    k = _kinds(_ORTHOGONAL_INIT)
    assert "F1" in k.get(_line(_ORTHOGONAL_INIT, "dv[np.argmax(t)] -= 1"), set())
    assert "F3" in k.get(_line(_ORTHOGONAL_INIT, "dW_y = np.dot(dv, h.T)"), set())
    assert "F2" in k.get(_line(_ORTHOGONAL_INIT, "dh = np.dot(W_y.T, dv)"), set())
    assert "F1" in k.get(_line(_ORTHOGONAL_INIT, "da = (1 - h ** 2) * dh"), set())
    assert "update" in k.get(_line(_ORTHOGONAL_INIT, "param -= lr * grad"), set())
    assert not _result(_ORTHOGONAL_INIT).findings


def test_a_sigmoid_derivative_on_that_tanh_layer_is_found() -> None:
    bad = _ORTHOGONAL_INIT.replace("da = (1 - h ** 2) * dh", "da = h * (1 - h) * dh")
    assert [f.code for f in _result(bad).findings] == ["BP301"]


_RELU_BACKWARD = '''
    import numpy as np


    def relu_forward(x):
        return np.maximum(0, x), x


    def relu_backward(dout, cache):
        x = cache
        dx = dout
        dx[MASK] = 0
        return dx
'''


def test_a_relu_mask_given_as_positions_is_formula_one() -> None:
    for mask in ("np.where(x <= 0)", "np.where(np.maximum(x, 0) == 0)", "np.nonzero(x < 0)", "(x <= 0).nonzero()"):
        src = _RELU_BACKWARD.replace("MASK", mask)
        assert "F1" in _kinds(src).get(_line(src, f"dx[{mask}] = 0"), set()), mask


def test_a_packages_init_loading_its_submodules_is_no_import_cycle(tmp_path: Path) -> None:
    # `from . import layers` in a package's __init__ loads the submodule: the package is still running its top
    # level then, and the name is the submodule's, not one the package failed to define yet
    pkg = tmp_path / "netlib"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from . import layers\nfrom . import optim\n")
    (pkg / "layers.py").write_text(textwrap.dedent('''
        import numpy as np


        def affine_forward(x, w, b):
            return x.dot(w) + b, (x, w)


        def affine_backward(dout, cache):
            x, w = cache
            dx = dout.dot(w.T)
            dw = x.T.dot(dout)
            db = dout.sum(axis=0)
            return dx, dw, db
    '''))
    (pkg / "optim.py").write_text("def sgd(w, dw, lr):\n    w -= lr * dw\n    return w\n")
    train = tmp_path / "train.py"
    train.write_text(textwrap.dedent('''
        import numpy as np
        import netlib

        X = np.loadtxt("x.csv")
        Y = np.loadtxt("y.csv")
        W = np.random.randn(3, 1) * 0.01
        b = np.zeros(1)
        for epoch in range(100):
            out, cache = netlib.layers.affine_forward(X, W, b)
            dout = out - Y
            dx, dW, db = netlib.layers.affine_backward(dout, cache)
            W = netlib.optim.sgd(W, dW, 0.1)
            b = netlib.optim.sgd(b, db, 0.1)
    '''))
    res = analyze_source(train.read_text(), str(train))
    assert not [n for n in res.notes if "import cycle" in n]
    line = next(i for i, s in enumerate(train.read_text().splitlines(), 1) if s.strip() == "dout = out - Y")
    assert "error" in {t.kind for t in res.tags if t.line == line}


# A loss class of a layer library that keeps its targets cast to the predictions' type.
_CAST_TARGETS = '''
    import numpy as np


    class MeanSquaredError:
        def forward(self, y_pred, y_true):
            self.y_pred = y_pred
            if y_true.ndim == 1:
                self.y_true = np.eye(y_pred.shape[1])[y_true]
            else:
                self.y_true = y_true
            self.y_true = self.y_true.astype(y_pred.dtype)
            return np.mean((y_pred - self.y_true) ** 2)

        def backward(self):
            return 2 * (self.y_pred - self.y_true) / self.y_true.shape[0]
'''


def test_targets_cast_to_another_type_are_still_the_targets() -> None:
    k = _kinds(_CAST_TARGETS)
    assert "error" in k.get(_line(_CAST_TARGETS, "return 2 * (self.y_pred - self.y_true) / self.y_true.shape[0]"),
                            set())


# A pure-Python perceptron on a table of samples written out in the script, one weight per input entry.
_WRITTEN_OUT_SAMPLES = '''
    import math
    import random

    X = [[0, 0], [0, 1], [1, 0], [1, 1]]
    y = [0, 1, 1, 1]
    w = [random.random() for _ in range(2)]
    b = 0.0
    lr = 0.5


    def sigmoid(z):
        return 1 / (1 + math.exp(-z))


    for epoch in range(1000):
        for xi, yi in zip(X, y):
            z = w[0] * xi[0] + w[1] * xi[1] + b
            a = sigmoid(z)
            err = a - yi
            delta = err * a * (1 - a)
            w[0] -= lr * delta * xi[0]
            w[1] -= lr * delta * xi[1]
            b -= lr * delta
'''


def test_samples_written_out_in_the_script_are_data() -> None:
    k = _kinds(_WRITTEN_OUT_SAMPLES)
    assert "error" in k.get(_line(_WRITTEN_OUT_SAMPLES, "err = a - yi"), set())
    assert "F1" in k.get(_line(_WRITTEN_OUT_SAMPLES, "delta = err * a * (1 - a)"), set())
    for text in ("w[0] -= lr * delta * xi[0]", "w[1] -= lr * delta * xi[1]"):
        assert {"F3", "update"} <= k.get(_line(_WRITTEN_OUT_SAMPLES, text), set()), text
    assert "update" in k.get(_line(_WRITTEN_OUT_SAMPLES, "b -= lr * delta"), set())


def test_each_weight_of_a_row_meets_its_own_entry() -> None:
    # the same script with arrays: `w[1]` stepped by `delta * xi[1]` is its own gradient, not the one of `w[0]`
    src = _WRITTEN_OUT_SAMPLES.replace("import random", "import random\n    import numpy as np").replace(
        "X = [[0, 0], [0, 1], [1, 0], [1, 1]]", "X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])").replace(
        "y = [0, 1, 1, 1]", "y = np.array([0, 1, 1, 1])")
    assert not _result(src).findings
    crossed = src.replace("w[1] -= lr * delta * xi[1]", "w[1] -= lr * delta * xi[0]")
    assert [(f.code, f.line) for f in _result(crossed).findings] == [("BP103", _line(crossed,
                                                                                     "w[1] -= lr * delta * xi[0]"))]


# The samples-and-targets loop of a tutorial that stores everything on neuron dicts: the rows written out,
# their last entry the class.
_NEURON_DICTS = '''
    from math import exp
    from random import random


    def activate(weights, inputs):
        activation = weights[-1]
        for i in range(len(weights) - 1):
            activation += weights[i] * inputs[i]
        return activation


    def forward(network, row):
        inputs = row
        for layer in network:
            new_inputs = []
            for neuron in layer:
                neuron['output'] = 1.0 / (1.0 + exp(-activate(neuron['weights'], inputs)))
                new_inputs.append(neuron['output'])
            inputs = new_inputs
        return inputs


    def backward(network, expected):
        for i in reversed(range(len(network))):
            layer = network[i]
            errors = []
            if i != len(network) - 1:
                for j in range(len(layer)):
                    error = 0.0
                    for neuron in network[i + 1]:
                        error += neuron['weights'][j] * neuron['delta']
                    errors.append(error)
            else:
                for j in range(len(layer)):
                    errors.append(layer[j]['output'] - expected[j])
            for j in range(len(layer)):
                neuron = layer[j]
                neuron['delta'] = errors[j] * neuron['output'] * (1.0 - neuron['output'])


    def update(network, row, rate):
        for i in range(len(network)):
            inputs = row[:-1]
            if i != 0:
                inputs = [neuron['output'] for neuron in network[i - 1]]
            for neuron in network[i]:
                for j in range(len(inputs)):
                    neuron['weights'][j] -= rate * neuron['delta'] * inputs[j]
                neuron['weights'][-1] -= rate * neuron['delta']


    dataset = [[2.78, 2.55, 0], [1.46, 2.36, 0], [7.62, 2.75, 1], [5.33, 2.08, 1]]
    network = [[{'weights': [random() for i in range(3)]} for i in range(2)],
               [{'weights': [random() for i in range(3)]} for i in range(2)]]
    for epoch in range(20):
        for row in dataset:
            forward(network, row)
            expected = [0, 0]
            expected[row[-1]] = 1
            backward(network, expected)
            update(network, row, 0.5)
'''


def test_neuron_dicts_trained_on_rows_written_out_are_read() -> None:
    k = _kinds(_NEURON_DICTS)
    assert "error" in k.get(_line(_NEURON_DICTS, "errors.append(layer[j]['output'] - expected[j])"), set())
    assert "F1" in k.get(_line(_NEURON_DICTS,
                               "neuron['delta'] = errors[j] * neuron['output'] * (1.0 - neuron['output'])"), set())
    assert "update" in k.get(_line(_NEURON_DICTS, "neuron['weights'][j] -= rate * neuron['delta'] * inputs[j]"),
                             set())
    assert not _result(_NEURON_DICTS).findings


# A course assignment's backward step picking its activation's backward function by a name it builds.
_EVAL_DISPATCH = '''
    import numpy as np


    def sigmoid_backward(dA, Z):
        s = 1 / (1 + np.exp(-Z))
        return dA * s * (1 - s)


    def relu_backward(dA, Z):
        dZ = np.array(dA, copy=True)
        dZ[Z <= 0] = 0
        return dZ


    def layer_backward(dA, cache, activation):
        A_prev, W, Z = cache
        dZ = eval(activation + "_backward")(dA, Z)
        m = A_prev.shape[1]
        dW = np.dot(dZ, A_prev.T) / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = np.dot(W.T, dZ)
        return dA_prev, dW, db


    def train(X, Y, W1, b1, W2, b2, rate=0.1):
        for i in range(1000):
            Z1 = np.dot(W1, X) + b1
            A1 = np.maximum(0, Z1)
            Z2 = np.dot(W2, A1) + b2
            A2 = 1 / (1 + np.exp(-Z2))
            dA2 = -np.divide(Y, A2) + np.divide(1 - Y, 1 - A2)
            dA1, dW2, db2 = layer_backward(dA2, (A1, W2, Z2), "sigmoid")
            dA0, dW1, db1 = layer_backward(dA1, (X, W1, Z1), "relu")
            W1 -= rate * dW1
            b1 -= rate * db1
            W2 -= rate * dW2
            b2 -= rate * db2


    train(np.loadtxt("x.csv"), np.loadtxt("y.csv"), np.random.randn(4, 2) * 0.01, np.zeros((4, 1)),
          np.random.randn(1, 4) * 0.01, np.zeros((1, 1)))
'''


def test_a_backward_function_picked_by_a_built_name_is_read() -> None:
    k = _kinds(_EVAL_DISPATCH)
    assert "error" in k.get(_line(_EVAL_DISPATCH, "dA2 = -np.divide(Y, A2) + np.divide(1 - Y, 1 - A2)"), set())
    assert "F1" in k.get(_line(_EVAL_DISPATCH, "return dA * s * (1 - s)"), set())
    assert "F1" in k.get(_line(_EVAL_DISPATCH, "dZ[Z <= 0] = 0"), set())
    assert "F3" in k.get(_line(_EVAL_DISPATCH, "dW = np.dot(dZ, A_prev.T) / m"), set())
    assert not _result(_EVAL_DISPATCH).findings
    swapped = _EVAL_DISPATCH.replace('(A1, W2, Z2), "sigmoid"', '(A1, W2, Z2), "relu"')
    assert "BP301" in [f.code for f in _result(swapped).findings]


# A layer of a course framework with accessors for its weights and a step method handed the gradient.
_SETTERS = '''
    import numpy as np


    class Dense:
        def __init__(self, size_in, size_out):
            self.W = np.random.uniform(-1e-4, 1e-4, (size_in, size_out))
            self.b = np.zeros((1, size_out))

        def getWeights(self):
            return self.W

        def setWeights(self, W):
            self.W = W

        def setBiases(self, b):
            self.b = b

        def forward(self, data_in):
            self.prev_in = data_in
            return np.dot(data_in, self.W) + self.b

        def backward(self, grad_in):
            return np.dot(grad_in, self.W.T)

        def updateWeights(self, grad_in, eta):
            dJdb = np.sum(grad_in, axis=0) / grad_in.shape[0]
            dJdW = (self.prev_in.T @ grad_in) / grad_in.shape[0]
            self.W -= eta * dJdW
            self.b -= eta * dJdb
'''


def test_weight_setters_do_not_turn_a_step_into_an_error() -> None:
    k = _kinds(_SETTERS)
    for text in ("self.W -= eta * dJdW", "self.b -= eta * dJdb"):
        assert k.get(_line(_SETTERS, text), set()) & {"error", "F1", "F2", "F3", "update"} == {"update"}, text


# Loss layers of a framework whose forward takes the network's output as `x` beside the target `t`, and keeps
# the loss summed on the layer.
_LOSS_LAYERS = '''
    import numpy as np


    class LossLayer:
        def __init__(self, shape):
            self.loss = np.zeros(shape)


    class MSELoss(LossLayer):
        def forward(self, x, t):
            self.x = x
            self.t = t
            self.loss += 0.5 * np.square(self.x - self.t)
            return self.x

        def backward(self):
            return self.x - self.t


    class CrossEntropyLoss(LossLayer):
        def forward(self, x, t):
            self.x = x
            self.t = t
            self.loss += -self.t * np.log(self.x)
            return self.x

        def backward(self):
            return np.divide(-self.t, self.x)
'''


def test_a_loss_layers_x_is_the_output_and_its_summed_loss_no_step() -> None:
    k = _kinds(_LOSS_LAYERS)
    assert "error" in k.get(_line(_LOSS_LAYERS, "return self.x - self.t"), set())
    assert "error" in k.get(_line(_LOSS_LAYERS, "return np.divide(-self.t, self.x)"), set())
    assert "update" not in k.get(_line(_LOSS_LAYERS, "self.loss += -self.t * np.log(self.x)"), set())


# A layer class keeping its own optimiser state: momentum and RMSProp caches, Adam's bias-corrected moments (a
# guard beside the engine's Adam below: this shape was read right before, and must stay so).
_OWN_OPTIMISER_STATE = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.params = {"W": np.random.randn(n_out, n_in) * 0.01, "b": np.zeros((n_out, 1))}
            self.grads = {}
            self.m = {"dW": np.zeros((n_out, n_in)), "db": np.zeros((n_out, 1))}
            self.v = {"dW": np.zeros((n_out, n_in)), "db": np.zeros((n_out, 1))}

        def forward(self, X):
            self.X = X
            return np.dot(self.params["W"], X) + self.params["b"]

        def backward(self, dZ):
            self.grads["dW"] = np.dot(dZ, self.X.T) / dZ.shape[1]
            self.grads["db"] = np.sum(dZ, axis=1, keepdims=True) / dZ.shape[1]
            return np.dot(self.params["W"].T, dZ)

        def moments(self, beta1=0.9, beta2=0.999):
            self.m["dW"] = beta1 * self.m["dW"] + (1 - beta1) * self.grads["dW"]
            self.m["db"] = beta1 * self.m["db"] + (1 - beta1) * self.grads["db"]
            self.v["dW"] = beta2 * self.v["dW"] + (1 - beta2) * self.grads["dW"] ** 2
            self.v["db"] = beta2 * self.v["db"] + (1 - beta2) * self.grads["db"] ** 2

        def step(self, lr=0.001, t=1, beta1=0.9, beta2=0.999):
            m_W = self.m["dW"] / (1 - beta1 ** t)
            m_b = self.m["db"] / (1 - beta1 ** t)
            v_W = self.v["dW"] / (1 - beta2 ** t)
            v_b = self.v["db"] / (1 - beta2 ** t)
            self.params["W"] -= lr * m_W / (np.sqrt(v_W) + 1e-8)
            self.params["b"] -= lr * m_b / (np.sqrt(v_b) + 1e-8)


    X = np.loadtxt("x.csv")
    Y = np.loadtxt("y.csv")
    layer = Dense(X.shape[0], 1)
    for t in range(1, 101):
        out = layer.forward(X)
        layer.backward(out - Y)
        layer.moments()
        layer.step(t=t)
'''


def test_an_optimisers_running_averages_are_no_formula_and_no_step() -> None:
    k = _kinds(_OWN_OPTIMISER_STATE)
    backward = {"error", "F1", "F2", "F3", "update"}
    for text in ('self.m["db"] = beta1 * self.m["db"] + (1 - beta1) * self.grads["db"]',
                 'self.v["dW"] = beta2 * self.v["dW"] + (1 - beta2) * self.grads["dW"] ** 2',
                 'm_b = self.m["db"] / (1 - beta1 ** t)', 'v_W = self.v["dW"] / (1 - beta2 ** t)'):
        assert not k.get(_line(_OWN_OPTIMISER_STATE, text), set()) & backward, text
    for text in ('self.params["W"] -= lr * m_W / (np.sqrt(v_W) + 1e-8)',
                 'self.params["b"] -= lr * m_b / (np.sqrt(v_b) + 1e-8)'):
        assert "update" in k.get(_line(_OWN_OPTIMISER_STATE, text), set()), text
    assert not _result(_OWN_OPTIMISER_STATE).findings
    climbing = _OWN_OPTIMISER_STATE.replace('self.params["W"] -= lr', 'self.params["W"] += lr')
    assert [f.code for f in _result(climbing).findings] == ["BP201"]


# A hand-written engine's Adam: its average of the squared gradient is state, not a parameter it steps.
_ENGINE_ADAM = '''
    import numpy as np


    class Tensor:
        def __init__(self, data, _children=()):
            self.data = data
            self.grad = np.zeros_like(data)
            self._prev = set(_children)
            self._backward = lambda: None

        def __matmul__(self, other):
            out = Tensor(self.data @ other.data, (self, other))

            def _backward():
                self.grad += out.grad @ other.data.T
                other.grad += self.data.T @ out.grad
            out._backward = _backward
            return out


    class Adam:
        def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
            self.params = params
            self.lr = lr
            self.beta1, self.beta2 = betas
            self.eps = eps
            self.t = 0
            self.m = [np.zeros_like(p.data) for p in params]
            self.v = [np.zeros_like(p.data) for p in params]

        def step(self):
            self.t += 1
            for i, p in enumerate(self.params):
                g = p.grad
                self.m[i] = self.beta1 * self.m[i] + (1.0 - self.beta1) * g
                self.v[i] = self.beta2 * self.v[i] + (1.0 - self.beta2) * g ** 2
                m_hat = self.m[i] / (1.0 - self.beta1 ** self.t)
                v_hat = self.v[i] / (1.0 - self.beta2 ** self.t)
                p.data -= self.lr * m_hat / np.sqrt(v_hat + self.eps)
'''


def test_an_engine_adams_squared_average_is_no_step() -> None:
    k = _kinds(_ENGINE_ADAM)
    squared = "self.v[i] = self.beta2 * self.v[i] + (1.0 - self.beta2) * g ** 2"
    assert "update" not in k.get(_line(_ENGINE_ADAM, squared), set())
    assert "update" in k.get(_line(_ENGINE_ADAM, "p.data -= self.lr * m_hat / np.sqrt(v_hat + self.eps)"), set())


# A layer handing its weights and its velocity to an optimiser object it is given, and binding all back.
_VELOCITY_HANDED_BACK = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.weights = np.random.rand(n_in, n_out) - 0.5
            self.bias = np.random.rand(1, n_out) - 0.5
            self.vW = np.zeros((n_in, n_out))
            self.vB = np.zeros((1, n_out))

        def forward(self, x):
            self.input = x
            return np.dot(x, self.weights) + self.bias

        def backward(self, output_error, optimizer, learning_rate):
            input_error = np.dot(output_error, self.weights.T)
            dW = np.dot(self.input.T, output_error)
            dB = output_error
            w, b, vW, vB = optimizer.minimize(self.weights, self.bias, dW, dB, self.vW, self.vB, learning_rate)
            self.weights = w
            self.bias = b
            self.vW = vW
            self.vB = vB
            return input_error
'''


def test_a_velocity_an_optimiser_hands_back_is_no_parameter() -> None:
    k = _kinds(_VELOCITY_HANDED_BACK)
    assert "update" in k.get(_line(_VELOCITY_HANDED_BACK, "self.weights = w"), set())
    for text in ("self.vW = vW", "self.vB = vB"):
        assert "update" not in k.get(_line(_VELOCITY_HANDED_BACK, text), set()), text


# A makemore-style batch norm: the running mean kept beside the trained gain, then an evaluation with it.
_RUNNING_STATISTICS = '''
    import torch

    X = torch.load("x.pt")
    Y = torch.load("y.pt")
    W1 = torch.randn(10, 64) * 0.1
    gain = torch.ones(1, 64)
    shift = torch.zeros(1, 64)
    W2 = torch.randn(64, 5) * 0.1
    params = [W1, gain, shift, W2]
    for p in params:
        p.requires_grad = True
    mean_running = torch.zeros(1, 64)
    for i in range(1000):
        hidden = X @ W1
        mean_i = hidden.mean(0, keepdim=True)
        normed = gain * (hidden - mean_i) / hidden.std(0, keepdim=True) + shift
        loss = torch.nn.functional.cross_entropy(torch.tanh(normed) @ W2, Y)
        with torch.no_grad():
            mean_running.mul_(0.999).add_(0.001 * mean_i)
        for p in params:
            p.grad = None
        loss.backward()
        for p in params:
            p.data += -0.1 * p.grad

    with torch.no_grad():
        hidden = X @ W1
        normed = gain * (hidden - mean_running) / hidden.std(0, keepdim=True) + shift
        print(torch.nn.functional.cross_entropy(torch.tanh(normed) @ W2, Y).item())
'''


def test_a_running_statistic_is_no_target() -> None:
    res = _result(_RUNNING_STATISTICS)
    line = _line(_RUNNING_STATISTICS, "normed = gain * (hidden - mean_running) / hidden.std(0, keepdim=True) + shift")
    assert not {t.kind for t in res.tags if t.line == line} & {"error", "F1", "F2", "F3", "update"}
    assert not res.findings


# A scalar engine's power rule that adds nothing for the exponent where the base is not positive (the
# derivative x ** y * log(x) does not exist there).
_GUARDED_SHARE = '''
    import numpy as np


    class Value:
        def __init__(self, data, _children=(), _backward=None):
            self.data = data
            self.grad = 0.0
            self._prev = set(_children)
            self._backward = _backward or (lambda: None)

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad
            out._backward = _backward
            return out

        def __pow__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data ** other.data, (self, other))

            def _backward():
                self.grad += other.data * self.data ** (other.data - 1) * out.grad
                if self.data > 0:
                    other.grad += self.data ** other.data * np.log(self.data) * out.grad
                else:
                    other.grad += 0
            out._backward = _backward
            return out
'''


def test_a_share_under_a_domain_test_is_checked_only_where_the_test_sends_it() -> None:
    assert not _result(_GUARDED_SHARE).findings
    wrong = _GUARDED_SHARE.replace("other.grad += self.data ** other.data * np.log(self.data) * out.grad",
                                   "other.grad += self.data ** other.data * out.grad")
    assert [f.code for f in _result(wrong).findings] == ["BP311"]


def test_no_reset_is_asked_of_an_engine_that_sets_grad(tmp_path: Path) -> None:
    # a project's recursive engine assigns each node's gradient on every backward(): steps that never
    # reset .grad are right with it
    (tmp_path / "autodiff.py").write_text(textwrap.dedent('''
        class Number:
            def __init__(self, value, left=None, right=None, op=""):
                self.value = value
                self.grad = 0.0
                self.left, self.right, self.op = left, right, op

            def __add__(self, other):
                return Number(self.value + other.value, self, other, "+")

            def __mul__(self, other):
                return Number(self.value * other.value, self, other, "*")

            def backward(self, factor=1.0):
                self.grad = factor
                if self.op == "+":
                    self.left.backward(factor)
                    self.right.backward(factor)
                elif self.op == "*":
                    self.left.backward(factor * self.right.value)
                    self.right.backward(factor * self.left.value)
    '''))
    train = tmp_path / "fit.py"
    train.write_text(textwrap.dedent('''
        from autodiff import Number

        xs = [Number(1.0), Number(2.0), Number(3.0)]
        ys = [Number(2.0), Number(4.0), Number(6.0)]
        m = Number(0.5)
        b = Number(0.0)
        for epoch in range(100):
            for x, y in zip(xs, ys):
                err = m * x + b + Number(-1.0) * y
                loss = err * err
                loss.backward()
                m.value -= 0.01 * m.grad
                b.value -= 0.01 * b.grad
    '''))
    res = analyze_source(train.read_text(), str(train))
    assert not [f for f in res.findings if f.code == "BP501"]


# A course framework's loss layer and dropout layer, each a file of its own with tensors named as the course
# names them.
_FRAMEWORK_LOSS = '''
    import numpy as np


    class CrossEntropyLoss:
        def forward(self, input_tensor, label_tensor):
            self.input_tensor = input_tensor
            return -np.sum(label_tensor * np.log(np.clip(input_tensor, 1e-15, 1.0))) / input_tensor.shape[0]

        def backward(self, label_tensor):
            return (self.input_tensor - label_tensor) / self.input_tensor.shape[0]
'''

_FRAMEWORK_DROPOUT = '''
    import numpy as np


    class Dropout:
        def __init__(self, probability):
            self.probability = probability
            self.testing_phase = False

        def forward(self, input_tensor):
            if self.testing_phase:
                return input_tensor
            self.mask = (np.random.rand(*input_tensor.shape) < self.probability) / self.probability
            return input_tensor * self.mask

        def backward(self, error_tensor):
            return error_tensor * self.mask
'''


def test_a_framework_loss_layers_input_tensor_is_the_output() -> None:
    k = _kinds(_FRAMEWORK_LOSS)
    assert "error" in k.get(_line(_FRAMEWORK_LOSS,
                                  "return (self.input_tensor - label_tensor) / self.input_tensor.shape[0]"), set())


def test_a_dropout_layers_keep_probability_is_a_setting() -> None:
    for name in ("probability", "drop_prob", "p_keep"):
        src = _FRAMEWORK_DROPOUT.replace("probability", name)
        assert "F1" in _kinds(src).get(_line(src, "return error_tensor * self.mask"), set()), name


# A policy-gradient learner: each step's sampled action gives a target, the per-step errors and hidden states
# are appended to lists and stacked at the end of an episode, scaled by the returns, then sent back.
_POLICY_GRADIENT = '''
    import numpy as np

    n_in, n_hidden = 4, 16
    net = {"W1": np.random.randn(n_hidden, n_in) * 0.1, "W2": np.random.randn(n_hidden) * 0.1}


    def act(state):
        hidden = np.maximum(0, net["W1"] @ state)
        prob = 1.0 / (1.0 + np.exp(-(net["W2"] @ hidden)))
        return prob, hidden


    def backprop(states, hiddens, errors):
        gW2 = hiddens.T @ errors
        dhidden = np.outer(errors, net["W2"])
        dhidden[hiddens <= 0] = 0
        gW1 = dhidden.T @ states
        return {"W1": gW1, "W2": gW2}


    for episode in range(500):
        states, hiddens, errors, rewards = [], [], [], []
        state = np.random.randn(n_in)
        for t in range(200):
            prob, hidden = act(state)
            action = 1 if np.random.uniform() < prob else 0
            states.append(state)
            hiddens.append(hidden)
            errors.append(action - prob)
            state = np.random.randn(n_in)
            rewards.append(float(action == (state[0] > 0)))
        returns = np.cumsum(np.array(rewards)[::-1])[::-1]
        returns = (returns - returns.mean()) / (returns.std() + 1e-8)
        ep_errors = np.vstack(errors).ravel() * returns
        grads = backprop(np.vstack(states), np.vstack(hiddens), ep_errors)
        for k in net:
            net[k] += 0.01 * grads[k]
'''


def test_errors_stacked_from_a_list_of_steps_are_sent_back() -> None:
    k = _kinds(_POLICY_GRADIENT)
    assert "error" in k.get(_line(_POLICY_GRADIENT, "errors.append(action - prob)"), set())
    assert "F1" in k.get(_line(_POLICY_GRADIENT, "dhidden[hiddens <= 0] = 0"), set())
    assert "F3" in k.get(_line(_POLICY_GRADIENT, "gW1 = dhidden.T @ states"), set())
    assert "update" in k.get(_line(_POLICY_GRADIENT, "net[k] += 0.01 * grads[k]"), set())


# A sparse cross-entropy loss class: clipped probabilities, minus one at each sample's class.
_SPARSE_CE = '''
    import numpy as np


    class SparseCrossEntropy:
        def forward(self, y_true, y_pred):
            y_pred = np.clip(y_pred, 1e-15, 1 - 1e-15)
            return -np.mean(np.log(y_pred[np.arange(len(y_true)), y_true]))

        def backward(self, y_true, y_pred):
            y_pred = np.clip(y_pred, 1e-15, 1 - 1e-15)
            y_pred[np.arange(len(y_true)), y_true] -= 1
            return y_pred / len(y_true)
'''


def test_a_loss_class_subtracting_one_at_the_class_is_the_output_error() -> None:
    k = _kinds(_SPARSE_CE)
    assert {"error", "F1"} <= k.get(_line(_SPARSE_CE, "y_pred[np.arange(len(y_true)), y_true] -= 1"), set())
    assert not _result(_SPARSE_CE).findings


# A lesson working out one step by hand: weights written out, the error terms of both layers, and the change of
# each weight computed and printed (never applied).
_ONE_STEP_LESSON = '''
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))


    x = np.array([0.4, -0.2, 0.7])
    target = 0.3
    learnrate = 0.2
    weights_in_hidden = np.array([[0.1, -0.4], [0.3, 0.2], [-0.5, 0.6]])
    weights_hidden_out = np.array([0.2, -0.1])

    hidden = sigmoid(np.dot(x, weights_in_hidden))
    output = sigmoid(np.dot(hidden, weights_hidden_out))

    error = target - output
    output_error_term = error * output * (1 - output)
    hidden_error_term = np.dot(output_error_term, weights_hidden_out) * hidden * (1 - hidden)
    delta_w_h_o = learnrate * output_error_term * hidden
    delta_w_i_h = learnrate * hidden_error_term * x[:, None]
    print(delta_w_h_o, delta_w_i_h)
'''


def test_a_lessons_single_worked_step_is_read() -> None:
    k = _kinds(_ONE_STEP_LESSON)
    assert "error" in k.get(_line(_ONE_STEP_LESSON, "error = target - output"), set())
    assert "F1" in k.get(_line(_ONE_STEP_LESSON, "output_error_term = error * output * (1 - output)"), set())
    assert {"F1", "F2"} <= k.get(_line(_ONE_STEP_LESSON, "hidden_error_term = np.dot(output_error_term, "
                                       "weights_hidden_out) * hidden * (1 - hidden)"), set())
    for text in ("delta_w_h_o = learnrate * output_error_term * hidden",
                 "delta_w_i_h = learnrate * hidden_error_term * x[:, None]"):
        assert "F3" in k.get(_line(_ONE_STEP_LESSON, text), set()), text
    assert not _result(_ONE_STEP_LESSON).findings
    # a wrong derivative in that step is found
    wrong = _ONE_STEP_LESSON.replace("* hidden * (1 - hidden)", "* (1 - hidden ** 2)")
    assert "BP301" in [f.code for f in _result(wrong).findings]


def test_a_forward_pass_with_no_step_is_still_no_network() -> None:
    # (a guard: with no change of a weight computed, weights written out stay what they were)
    src = _ONE_STEP_LESSON.split("    delta_w_h_o")[0]
    assert not {t.kind for t in _result(src).tags} & {"error", "F1", "F2", "F3", "update"}


# A course framework's optimiser: a regulariser object is handed over later (None until then), and its gradient
# of the weights is added to theirs before the step.
_HANDED_REGULARISER = '''
    import numpy as np


    class BaseOptimizer:
        def __init__(self):
            self.regularizer = None

        def add_regularizer(self, regularizer):
            self.regularizer = regularizer


    class Sgd(BaseOptimizer):
        def __init__(self, learning_rate):
            super().__init__()
            self.learning_rate = learning_rate

        def calculate_update(self, weight_tensor, gradient_tensor):
            if self.regularizer:
                gradient_tensor += self.regularizer.calculate_gradient(weight_tensor)
            return weight_tensor - self.learning_rate * gradient_tensor
'''


def test_a_regularisers_gradient_added_to_the_weights_is_formula_three() -> None:
    k = _kinds(_HANDED_REGULARISER)
    assert "F3" in k.get(_line(_HANDED_REGULARISER,
                               "gradient_tensor += self.regularizer.calculate_gradient(weight_tensor)"), set())
    assert "update" in k.get(_line(_HANDED_REGULARISER,
                                   "return weight_tensor - self.learning_rate * gradient_tensor"), set())


# A weighted loss keeping the per-sample weights it is handed (None until the forward pass).
_SAMPLE_WEIGHTS = '''
    import numpy as np


    class WeightedBCE:
        def __init__(self):
            self.preds = None
            self.targets = None
            self.weights = None

        def forward(self, logits, targets, weights):
            self.preds = np.clip(1 / (1 + np.exp(-logits)), 1e-7, 1 - 1e-7)
            self.targets = targets
            self.weights = weights
            loss = -(targets * np.log(self.preds) + (1 - targets) * np.log(1 - self.preds))
            return np.mean(loss * self.weights)

        def backward(self):
            return self.weights * (self.preds - self.targets) / self.preds.size
'''


def test_per_sample_weights_a_loss_is_handed_are_no_layer() -> None:
    res = _result(_SAMPLE_WEIGHTS)
    for text in ("return np.mean(loss * self.weights)",
                 "return self.weights * (self.preds - self.targets) / self.preds.size"):
        line = _line(_SAMPLE_WEIGHTS, text)
        assert not {t.kind for t in res.tags if t.line == line} & {"linear", "F2"}, text
