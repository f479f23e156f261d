"""Shapes of real code met in the U41e/U41f and U42 probes (2026-12-07), in our own words: a threshold subtracted
where a bias is usually added, layers a helper builds in a loop over a list of sizes and a container drives by
index, and gradient buffers made with `weight.new_zeros(...)`. Each test failed on the checkout before its fix,
except the guards that say so."""

from __future__ import annotations

from shape_util import codes as _codes, kinds as _kinds, line_of as _line, result as _result

BACKWARD = {"error", "F1", "F2", "F3", "update"}


# ------------------------------------------------------------------ a threshold subtracted: z = x . W - theta

_THRESHOLD = '''
    import numpy as np


    def sigmoid(v):
        return 1 / (1 + np.exp(-v))


    class Net:
        def __init__(self, x, y):
            self.x, self.y = x, y
            self.w1 = np.array([[0.5, -0.5], [-0.5, 0.5]])
            self.theta1 = np.array([[0.2, 0.2]])
            self.w2 = np.array([[0.5], [0.5]])
            self.theta2 = 0.2
            self.eta = 0.5

        def forward(self):
            self.h = sigmoid(np.dot(self.x, self.w1) - self.theta1)
            self.out = sigmoid(np.dot(self.h, self.w2) - self.theta2)
            return self.out

        def backward(self):
            g_out = (self.y - self.out) * self.out * (1 - self.out)
            g_h = np.dot(g_out, self.w2.T) * self.h * (1 - self.h)
            self.w2 += self.eta * np.dot(self.h.T, g_out)
            self.theta2 -= self.eta * np.sum(g_out)
            self.w1 += self.eta * np.dot(self.x.T, g_h)
            self.theta1 -= self.eta * np.sum(g_h, axis=0, keepdims=True)


    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    net = Net(X, Y)
    for epoch in range(2000):
        net.forward()
        net.backward()
    print("loss", np.mean((Y - net.forward()) ** 2))
'''


def test_a_subtracted_threshold_is_the_layers_bias() -> None:
    k = _kinds(_THRESHOLD)
    assert "linear" in k[_line(_THRESHOLD, "self.h = sigmoid(np.dot(self.x, self.w1) - self.theta1)")]
    assert {"error", "F1"} <= k[_line(_THRESHOLD, "g_out = (self.y - self.out) * self.out * (1 - self.out)")]
    assert {"F2", "F1"} <= k[_line(_THRESHOLD, "g_h = np.dot(g_out, self.w2.T) * self.h * (1 - self.h)")]
    for text in ("self.theta1 -= self.eta * np.sum(g_h, axis=0, keepdims=True)",
                 "self.w1 += self.eta * np.dot(self.x.T, g_h)"):
        assert {"F3", "update"} <= k[_line(_THRESHOLD, text)], text
    assert not _result(_THRESHOLD).findings


def test_a_threshold_stepped_as_if_it_were_added_ascends() -> None:
    # the delta is target minus output (minus the gradient): w += eta * a.T @ delta descends, and so does
    # theta -= eta * sum(delta) for a threshold subtracted; theta += eta * sum(delta) climbs the loss
    buggy = _THRESHOLD.replace("self.theta1 -= self.eta * np.sum(g_h, axis=0, keepdims=True)",
                               "self.theta1 += self.eta * np.sum(g_h, axis=0, keepdims=True)")
    codes = _codes(buggy)
    assert "BP201" in codes.get(_line(buggy, "self.theta1 += self.eta * np.sum(g_h, axis=0, keepdims=True)"), set())
    assert sum(len(c) for c in codes.values()) == 1, codes


def test_guard_a_running_mean_subtracted_is_no_bias() -> None:
    # guard (passed before the change): a statistic scaled in place and subtracted before a division is a
    # normalisation's centre, not a threshold
    src = '''
        import numpy as np

        X = np.random.randn(64, 3)
        Y = np.random.randn(64, 1)
        W = np.random.randn(3, 1) * 0.1
        centre = np.zeros((1, 1))
        for step in range(100):
            z = X @ W
            centre *= 0.9
            centre += 0.1 * z.mean(axis=0, keepdims=True)
            out = (z - centre) / (z.std() + 1e-5)
            err = out - Y
            W -= 0.01 * X.T @ err
        print("loss", np.mean(err ** 2))
    '''
    assert not _result(src).findings


# ------------------------------------------------------------------ layers a loop over sizes builds, driven by index

_BUILT = '''
    import numpy as np


    class Layer:
        def __init__(self):
            self.input = None
            self.output = None
            self.grad_out = None


    class Dense(Layer):
        def __init__(self, n_in, n_out):
            super().__init__()
            self.w = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros((1, n_out))

        def forward_pass(self):
            self.output = np.dot(self.input, self.w) + self.b
            return self.output

        def backward_pass(self, rate):
            grad_in = np.dot(self.grad_out, self.w.T)
            self.w += rate * np.dot(self.input.T, self.grad_out)
            self.b += rate * self.grad_out.sum(axis=0)
            return grad_in


    class Sigmoid(Layer):
        def forward_pass(self):
            self.output = 1.0 / (1.0 + np.exp(-self.input))
            return self.output

        def backward_pass(self, rate):
            return self.grad_out * self.output * (1.0 - self.output)


    class Net:
        def __init__(self, layers):
            self.layers = layers

        def feed_forward(self, x):
            self.layers[0].input = x
            for i in range(len(self.layers) - 1):
                self.layers[i + 1].input = self.layers[i].forward_pass()
            self.layers[-1].forward_pass()
            return self.layers[-1].output

        def feed_backward(self, delta, rate):
            self.layers[-1].grad_out = delta
            for i in range(len(self.layers) - 1, 0, -1):
                self.layers[i - 1].grad_out = self.layers[i].backward_pass(rate)
            self.layers[0].backward_pass(rate)


    def make_net(sizes):
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(Dense(sizes[i], sizes[i + 1]))
            layers.append(Sigmoid())
        return Net(layers)


    X = np.random.rand(200, 4)
    Y = np.random.rand(200, 2)
    net = make_net([4, 16, 2])
    for epoch in range(500):
        delta = Y - net.feed_forward(X)
        net.feed_backward(delta, 0.5 / len(X))
        print("loss", np.mean(delta ** 2))
'''


def test_layers_a_loop_over_sizes_builds_are_each_their_own() -> None:
    k = _kinds(_BUILT)
    assert {"error"} <= k[_line(_BUILT, "delta = Y - net.feed_forward(X)")]
    assert "F2" in k[_line(_BUILT, "grad_in = np.dot(self.grad_out, self.w.T)")]
    assert {"F3", "update"} <= k[_line(_BUILT, "self.w += rate * np.dot(self.input.T, self.grad_out)")]
    assert "F1" in k[_line(_BUILT, "return self.grad_out * self.output * (1.0 - self.output)")]
    assert len(_result(_BUILT).layers) == 2
    assert not _result(_BUILT).findings


def test_a_layer_built_in_the_loop_and_never_stepped_is_found() -> None:
    buggy = _BUILT.replace("            self.b += rate * self.grad_out.sum(axis=0)\n", "")
    codes = _codes(buggy)
    assert any("BP101" in c for c in codes.values()), codes


# ------------------------------------------------------------------ gradient buffers made by weight.new_zeros

# A layer library file: the optimiser that steps the pairs `param()` returns lives in another module.
_BUFFERS = '''
    from torch import empty


    class Linear:
        def __init__(self, n_in, n_out):
            self.weight = empty((n_out, n_in)).uniform_(-0.1, 0.1)
            self.bias = empty((n_out,)).uniform_(-0.1, 0.1)
            self.dW = self.weight.new_zeros(self.weight.size())
            self.db = self.bias.new_zeros(self.bias.size())

        def forward(self, x):
            self.x = x
            return x @ self.weight.T + self.bias

        def backward(self, d_out):
            self.db += d_out.sum(0)
            self.dW += d_out.T @ self.x
            return d_out @ self.weight

        def param(self):
            return [(self.weight, self.dW), (self.bias, self.db)]
'''


def test_gradient_buffers_made_like_the_weight_are_no_parameters() -> None:
    k = _kinds(_BUFFERS)
    for text in ("self.db += d_out.sum(0)", "self.dW += d_out.T @ self.x"):
        assert "update" not in k.get(_line(_BUFFERS, text), set()), text
    assert "F2" in k[_line(_BUFFERS, "return d_out @ self.weight")]
    assert not _result(_BUFFERS).findings


# ------------------------------------------------------------------ settings read by match, a constraint left off

_SETTINGS = '''
    import numpy as np


    def max_norm(w, limit):
        norms = np.linalg.norm(w, axis=0)
        return w * np.minimum(1.0, limit / norms)


    class Linear:
        def __init__(self, n_in, n_out, lr, momentum, weight_limit, init):
            self.n_in, self.n_out = n_in, n_out
            self.lr = lr
            self.momentum = momentum
            self.weight_limit = weight_limit
            self.init = init
            self.reset()

        def reset(self):
            match self.init:
                case "xavier":
                    scale = np.sqrt(6 / (self.n_in + self.n_out))
                    self.w = np.random.uniform(-scale, scale, size=(self.n_in, self.n_out))
                case "he":
                    self.w = np.random.normal(0, np.sqrt(2 / self.n_in), size=(self.n_in, self.n_out))
                case _:
                    raise ValueError(self.init)
            self.b = np.zeros(self.n_out)
            self.v_w = np.zeros((self.n_in, self.n_out))
            self.v_b = np.zeros(self.n_out)

        def forward(self, x):
            return x @ self.w + self.b

        def backward(self, x, grad_y):
            grad_x = grad_y @ self.w.T
            self.v_w = self.momentum * self.v_w - self.lr * (x.T @ grad_y)
            self.v_b = self.momentum * self.v_b - self.lr * grad_y.sum(axis=0)
            self.w += self.v_w
            self.b += self.v_b
            if self.weight_limit:
                self.w = max_norm(self.w, self.weight_limit)
            return grad_x


    settings = {"lr": 0.1, "momentum": 0.9, "weight_limit": None, "init": "he"}
    first = Linear(4, 8, **settings)
    second = Linear(8, 1, **settings)
    X = np.random.randn(64, 4)
    Y = np.random.randn(64, 1)
    for epoch in range(100):
        h = np.tanh(first.forward(X))
        out = second.forward(h)
        grad = (out - Y) / len(X)
        grad_h = second.backward(h, grad) * (1 - h ** 2)
        first.backward(X, grad_h)
        print("loss", np.mean((out - Y) ** 2))
'''


def test_a_setting_matched_by_case_and_a_constraint_turned_off_leave_the_weight_stepped() -> None:
    k = _kinds(_SETTINGS)
    assert "update" in k[_line(_SETTINGS, "self.w += self.v_w")]
    assert "update" in k[_line(_SETTINGS, "self.b += self.v_b")]
    assert not _result(_SETTINGS).findings


def test_a_weight_never_stepped_beside_a_constraint_turned_off_is_found() -> None:
    # (passed before the change too: the bug is found either way; the pair shows the clean file's silence is earned)
    buggy = _SETTINGS.replace("            self.w += self.v_w\n", "")
    codes = _codes(buggy)
    assert any("BP101" in c for c in codes.values()), codes


# ------------------------------------------------------------------ an optimiser's pass per (name, gradient) pair

_PAIRS = '''
    import numpy as np


    class Adam:
        def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
            self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
            self.m, self.v = {}, {}
            self.t = 0

        def step(self, model):
            self.t += 1
            for layer in model.layers:
                key = id(layer)
                if key not in self.m:
                    self.m[key] = {"weights": np.zeros_like(layer.weights), "biases": np.zeros_like(layer.biases)}
                    self.v[key] = {"weights": np.zeros_like(layer.weights), "biases": np.zeros_like(layer.biases)}
                for name, grad in (("weights", layer.dweights), ("biases", layer.dbiases)):
                    m = self.m[key][name]
                    v = self.v[key][name]
                    m[:] = self.beta1 * m + (1 - self.beta1) * grad
                    v[:] = self.beta2 * v + (1 - self.beta2) * grad ** 2
                    m_hat = m / (1 - self.beta1 ** self.t)
                    step = self.lr * m_hat / (np.sqrt(v / (1 - self.beta2 ** self.t)) + self.eps)
                    if name == "weights":
                        layer.weights -= step
                    else:
                        layer.biases -= step
'''


def test_a_test_of_the_pairs_name_picks_each_pass_its_own_parameter() -> None:
    k = _kinds(_PAIRS)
    assert "update" in k[_line(_PAIRS, "layer.weights -= step")]
    assert "update" in k[_line(_PAIRS, "layer.biases -= step")]
    assert not _result(_PAIRS).findings


# ------------------------------------------------------------------ dataclasses: a layer made in __post_init__, a model

_DATACLASS = '''
    from dataclasses import dataclass

    import numpy as np


    @dataclass()
    class Dense:
        n_in: int
        n_out: int

        def __post_init__(self):
            self.w = np.random.rand(self.n_in, self.n_out) - 0.5
            self.b = np.zeros(self.n_out)
            self.dw = np.zeros_like(self.w)
            self.db = np.zeros_like(self.b)

        def forward(self, x):
            self.x = x
            return x @ self.w + self.b

        def backward(self, d):
            self.dw = self.x.T @ d
            self.db = d.sum(axis=0)
            return d @ self.w.T


    class Tanh:
        def forward(self, x):
            self.out = np.tanh(x)
            return self.out

        def backward(self, d):
            return d * (1 - self.out ** 2)


    @dataclass
    class Model:
        layers: list

        def forward(self, x):
            for layer in self.layers:
                x = layer.forward(x)
            return x

        def backward(self, d):
            for layer in reversed(self.layers):
                d = layer.backward(d)


    def sgd(model, lr):
        for layer in model.layers:
            if isinstance(layer, Dense):
                layer.w -= lr * layer.dw
                layer.b -= lr * layer.db


    X = np.random.randn(50, 3)
    Y = np.random.randn(50, 1)
    model = Model([Dense(3, 8), Tanh(), Dense(8, 1)])
    for it in range(100):
        out = model.forward(X)
        model.backward((out - Y) / len(X))
        sgd(model, 0.1)
        print("loss", np.mean((out - Y) ** 2))
'''


def test_dataclasses_get_their_fields_and_their_post_init() -> None:
    k = _kinds(_DATACLASS)
    assert "F3" in k[_line(_DATACLASS, "self.dw = self.x.T @ d")]
    assert "F2" in k[_line(_DATACLASS, "return d @ self.w.T")]
    assert "update" in k[_line(_DATACLASS, "layer.w -= lr * layer.dw")]
    assert "F1" in k[_line(_DATACLASS, "return d * (1 - self.out ** 2)")]
    # the model's `layers` field holds the list it is handed: both Dense objects are layers, the error is traced
    assert "error" in k[_line(_DATACLASS, "model.backward((out - Y) / len(X))")]
    assert len(_result(_DATACLASS).layers) == 2
    assert not _result(_DATACLASS).findings


def test_a_dataclass_layer_stepped_up_is_found() -> None:
    # (passed before the change too, on one layer of the two)
    buggy = _DATACLASS.replace("layer.w -= lr * layer.dw", "layer.w += lr * layer.dw")
    codes = _codes(buggy)
    assert "BP201" in codes.get(_line(buggy, "layer.w += lr * layer.dw"), set()), codes


# ------------------------------------------------------------------ a column of ones by keyword: a broadcast

_ONES_BY_KEYWORD = '''
    import numpy as np


    class BatchNorm:
        def __init__(self, features, eps=1e-8):
            self.gamma = np.ones((1, features))
            self.beta = np.zeros((1, features))
            self.eps = eps

        def forward(self, z):
            self.z = z
            self.n = z.shape[0]
            ones = np.ones(shape=(self.n, 1))
            self.mu = ones.T @ z / self.n
            self.var = ones.T @ ((z - ones @ self.mu) ** 2) / self.n
            self.zn = (z - ones @ self.mu) / (ones @ np.sqrt(self.var + self.eps))
            return self.zn * (ones @ self.gamma) + ones @ self.beta

        def backward(self, d):
            ones = np.ones(shape=(self.n, 1))
            self.dgamma = ones.T @ (d * self.zn)
            self.dbeta = ones.T @ d
            dzn = d * (ones @ self.gamma)
            dmu = ones.T @ (dzn * -1 / np.sqrt(ones @ self.var + self.eps))
            dvar = ones.T @ (dzn * -0.5 * (self.z - ones @ self.mu) * (ones @ self.var + self.eps) ** -1.5)
            term1 = dzn / (ones @ np.sqrt(self.var + self.eps))
            term2 = (ones @ dmu) / self.n
            term3 = (ones @ dvar) * 2 * (self.z - ones @ self.mu) / self.n
            return term1 + term2 + term3
'''


def test_a_column_of_ones_made_by_keyword_repeats_rows_it_is_no_weight() -> None:
    # `np.ones(shape=(n, 1)) @ v` spreads a row over the batch, as `np.ones((n, 1)) @ v` does
    assert not {f.code for f in _result(_ONES_BY_KEYWORD).findings} & {"BP304", "BP305"}
