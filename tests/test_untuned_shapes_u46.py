"""Shapes of real code met in the U46 probes (2026-12-07), in our own words: a network of lists of neurons whose
input is `sum(w_i * x_i for w_i, x_i in zip(w, x))` with the bias's slot appended (`x + [1]`), per-neuron NumPy
loops `h[j] = f(np.dot(W[j], x))`, an optimiser recognised by what it does rather than by its name, a layer class
whose backward pass is split over methods a model calls in turn (none named backward) and whose weights are made by
a later `initialize`, and a step assigned over the parameter it should move (`W = -eta * dW`). Each test failed on
the checkout before its fix, except the two guards that say so."""

from __future__ import annotations

from shape_util import codes as _codes, kinds as _kinds, line_of as _line


# ------------------------------------------------------------------ lists of neurons, `dot` over zip

_NEURON_LISTS = '''
    import math
    import random


    def dot(v, w):
        return sum([v_i * w_i for v_i, w_i in zip(v, w)])


    def logistic(t):
        return 1.0 / (1.0 + math.exp(-t))


    def layer_outputs(layer, inputs):
        return [logistic(dot(neuron, inputs + [1])) for neuron in layer]


    def train_one(net, x, target, eta):
        hidden = layer_outputs(net[0], x)
        out = layer_outputs(net[1], hidden)
        d_out = [(o - t) * o * (1 - o) for o, t in zip(out, target)]
        d_hid = [h * (1 - h) * dot(d_out, [n[k] for n in net[1]]) for k, h in enumerate(hidden)]
        for i, neuron in enumerate(net[1]):
            for j, h in enumerate(hidden + [1]):
                neuron[j] -= eta * d_out[i] * h
        for i, neuron in enumerate(net[0]):
            for j, xj in enumerate(x + [1]):
                neuron[j] -= eta * d_hid[i] * xj


    random.seed(1)
    net = [[[random.uniform(-1, 1) for _ in range(3)] for _ in range(4)],
           [[random.uniform(-1, 1) for _ in range(5)] for _ in range(2)]]
    data = [([0.0, 1.0], [1.0, 0.0]), ([1.0, 0.0], [0.0, 1.0])]
    for epoch in range(500):
        for x, t in data:
            train_one(net, x, t, 0.5)
'''

_D_OUT = "d_out = [(o - t) * o * (1 - o) for o, t in zip(out, target)]"
_D_HID = "d_hid = [h * (1 - h) * dot(d_out, [n[k] for n in net[1]]) for k, h in enumerate(hidden)]"


def test_a_network_of_neuron_lists_with_dot_over_zip_is_read_layer_by_layer() -> None:
    k = _kinds(_NEURON_LISTS)
    assert {"error", "F1"} <= k[_line(_NEURON_LISTS, _D_OUT)]
    assert {"F1", "F2"} <= k[_line(_NEURON_LISTS, _D_HID)]
    assert {"F3", "update"} <= k[_line(_NEURON_LISTS, "neuron[j] -= eta * d_out[i] * h")]
    assert {"F3", "update"} <= k[_line(_NEURON_LISTS, "neuron[j] -= eta * d_hid[i] * xj")]
    # (the shared `dot` helper is the forward's product, not formula 2: that is tagged where backward calls it)
    assert "F2" not in k[_line(_NEURON_LISTS, "return sum([v_i * w_i for v_i, w_i in zip(v, w)])")]


def test_output_weights_moved_before_the_hidden_deltas_read_them_are_reported() -> None:
    # (a guard: the stale read was found before the lists of neurons were read as layers, and must stay found)
    stale = _NEURON_LISTS.replace(
        "        d_hid = [h * (1 - h) * dot(d_out, [n[k] for n in net[1]]) for k, h in enumerate(hidden)]\n", "")
    stale = stale.replace(
        "        for i, neuron in enumerate(net[0]):\n",
        "        d_hid = [h * (1 - h) * dot(d_out, [n[k] for n in net[1]]) for k, h in enumerate(hidden)]\n"
        "        for i, neuron in enumerate(net[0]):\n")
    assert "BP306" in _codes(stale)[_line(stale, _D_HID)]
    assert not any(_codes(_NEURON_LISTS).values())


_PER_NEURON_NUMPY = '''
    import numpy as np


    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))


    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 3))
    T = (X[:, :1] > 0).astype(float)
    W1 = rng.standard_normal((4, 3)) * 0.5
    w2 = rng.standard_normal(4) * 0.5
    for epoch in range(200):
        for x, t in zip(X, T):
            h = np.zeros(4)
            for j in range(4):
                h[j] = sigmoid(np.dot(W1[j], x))
            y = sigmoid(np.dot(w2, h))
            delta_out = (y - t) * y * (1 - y)
            delta_hid = delta_out * w2 * h * (1 - h)
            w2 -= 0.5 * delta_out * h
            for j in range(4):
                W1[j] -= 0.5 * delta_hid[j] * x
'''


def test_a_hidden_layer_computed_one_neuron_at_a_time_from_rows_of_its_weight_is_a_layer() -> None:
    k = _kinds(_PER_NEURON_NUMPY)
    assert "linear" in k[_line(_PER_NEURON_NUMPY, "h[j] = sigmoid(np.dot(W1[j], x))")]
    assert {"F3", "update"} <= k[_line(_PER_NEURON_NUMPY, "W1[j] -= 0.5 * delta_hid[j] * x")]


# ------------------------------------------------------------------ an optimiser known by what it does

_STEPPER_BY_DEED = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.weights = np.random.randn(n_in, n_out) * 0.1
            self.biases = np.zeros((1, n_out))

        def forward(self, inp):
            self.inp = inp
            return inp @ self.weights + self.biases

        def backprop(self, grads):
            self.d_c_w = self.inp.T @ grads
            self.d_c_b = grads.sum(axis=0, keepdims=True)
            return grads @ self.weights.T


    def plain(sequence, learning_rate=0.01):
        for obj in sequence:
            obj.weights -= learning_rate * obj.d_c_w
            obj.biases -= learning_rate * obj.d_c_b
'''


def test_a_function_that_steps_each_object_it_is_handed_is_read_as_an_optimiser_whatever_its_name() -> None:
    k = _kinds(_STEPPER_BY_DEED)
    assert "update" in k[_line(_STEPPER_BY_DEED, "obj.weights -= learning_rate * obj.d_c_w")]
    assert "update" in k[_line(_STEPPER_BY_DEED, "obj.biases -= learning_rate * obj.d_c_b")]


# ------------------------------------------------------------------ a backward split over methods, lazy weights

_SPLIT_BACKWARD = '''
    import numpy as np


    class Dense:
        def __init__(self, units):
            self.units = units
            self.ready = False

        def initialize(self, n_inputs):
            self.weights = np.random.normal(0.0, np.sqrt(2.0 / n_inputs), size=(n_inputs, self.units))
            self.bias = np.zeros((1, self.units))
            self.ready = True

        def forward(self, inputs):
            if not self.ready:
                raise ValueError("initialize the layer first")
            self.inputs = inputs
            self.z = inputs @ self.weights + self.bias
            return np.tanh(self.z)

        def get_d_inputs(self, delta):
            if not self.ready:
                raise ValueError("initialize the layer first")
            return delta @ self.weights.T

        def apply(self, optimizer, delta):
            d_weights = self.inputs.T @ delta / self.inputs.shape[0]
            optimizer.update(self, d_weights)
'''


def test_a_backward_split_over_methods_none_named_backward_is_driven_after_the_forward_pass() -> None:
    k = _kinds(_SPLIT_BACKWARD)
    assert "F2" in k[_line(_SPLIT_BACKWARD, "return delta @ self.weights.T")]
    assert "F3" in k[_line(_SPLIT_BACKWARD, "d_weights = self.inputs.T @ delta / self.inputs.shape[0]")]


# ------------------------------------------------------------------ a step assigned over the parameter

_ASSIGNED_STEP = '''
    import numpy as np

    x = np.random.randn(16, 3)
    t = np.random.randn(16, 2)
    W = np.random.randn(3, 2)
    eta = 0.01
    for it in range(100):
        y = x @ W
        e = y - t
        grad_W = x.T @ e
        W = -eta * grad_W
'''


def test_a_step_assigned_over_its_parameter_is_reported_with_the_parameter_put_back() -> None:
    from shape_util import result

    line = _line(_ASSIGNED_STEP, "W = -eta * grad_W")
    found = [f for f in result(_ASSIGNED_STEP).findings if f.line == line]
    assert [f.code for f in found] == ["BP202"]
    assert found[0].expected == "W = W - eta * grad_W"
    kept = _ASSIGNED_STEP.replace("W = -eta * grad_W", "W = W - eta * grad_W")
    assert not any(_codes(kept).values())
    assert "update" in _kinds(kept)[line]


def test_a_velocity_assigned_from_the_gradient_is_no_dropped_parameter() -> None:
    # (a guard for BP202's premise: only the parameter the forward pass uses loses its own term)
    velocity = _ASSIGNED_STEP.replace("        W = -eta * grad_W", "        v = -eta * grad_W\n        W = W + v")
    assert not any(_codes(velocity).values())


_FRACTION_NAMED = '''
    import numpy as np


    class SGD:
        def __init__(self, learning_rate, momentum_beta=0.0):
            self.learning_rate = learning_rate
            self.momentum_beta = momentum_beta

        def optimize(self, w, dJ_dw, vars=None):
            if self.momentum_beta == 0:
                w = w - self.learning_rate * dJ_dw
            else:
                if vars is None:
                    vars = {'m': np.zeros(w.shape)}
                m = vars['m']
                m = self.momentum_beta * m + (1 - self.momentum_beta) * dJ_dw
                w = w - self.learning_rate * m
                vars['m'] = m
            return w, vars
'''


def test_a_gradient_named_as_a_fraction_pairs_with_its_parameter_in_an_update_rule() -> None:
    assert "update" in _kinds(_FRACTION_NAMED)[_line(_FRACTION_NAMED, "w = w - self.learning_rate * dJ_dw")]


# ------------------------------------------------------------------ a conv layer of scipy correlations

_SCIPY_CONV = '''
    import numpy as np
    from scipy import signal


    class Conv:
        def __init__(self, in_shape, size, maps):
            channels, height, width = in_shape
            self.maps, self.channels, self.in_shape = maps, channels, in_shape
            self.filters = np.random.randn(maps, channels, size, size) * 0.1
            self.bias = np.zeros((maps, height - size + 1, width - size + 1))

        def forward(self, image):
            self.image = image
            self.out = np.copy(self.bias)
            for m in range(self.maps):
                for c in range(self.channels):
                    self.out[m] += signal.correlate2d(self.image[c], self.filters[m, c], "valid")
            return self.out

        def backward(self, grad_out, rate):
            grad_filters = np.zeros(self.filters.shape)
            grad_image = np.zeros(self.in_shape)
            for m in range(self.maps):
                for c in range(self.channels):
                    grad_filters[m, c] = signal.correlate2d(self.image[c], grad_out[m], "valid")
                    grad_image[c] += signal.convolve2d(grad_out[m], self.filters[m, c], "full")
            self.filters -= rate * grad_filters
            self.bias -= rate * grad_out
            return grad_image
'''


def test_a_kernel_gradient_correlating_the_layer_input_with_the_gradient_it_is_handed_is_formula_3() -> None:
    k = _kinds(_SCIPY_CONV)
    assert "F3" in k[_line(_SCIPY_CONV, 'grad_filters[m, c] = signal.correlate2d(self.image[c], grad_out[m], "valid")')]
    assert "F2" in k[_line(_SCIPY_CONV, 'grad_image[c] += signal.convolve2d(grad_out[m], self.filters[m, c], "full")')]


# ------------------------------------------------------------------ `-X @ W`, loss classes with a setting

_NEGATED_PRODUCT = '''
    import numpy as np

    X = np.random.randn(20, 3)
    Y = (np.random.rand(20, 1) > 0.5).astype(float)
    W = np.random.randn(3, 1)
    for i in range(100):
        P = 1 / (1 + np.exp(-X @ W))
        dP = ((1 - Y) / (1 - P) - Y / P) / Y.size
        dZ = dP * P * (1 - P)
        W -= 0.1 * X.T @ dZ
'''


def test_a_sigmoid_of_minus_x_at_w_is_the_sigmoid_of_the_product() -> None:
    k = _kinds(_NEGATED_PRODUCT)
    assert "activation" in k[_line(_NEGATED_PRODUCT, "P = 1 / (1 + np.exp(-X @ W))")]
    assert "error" in k[_line(_NEGATED_PRODUCT, "dP = ((1 - Y) / (1 - P) - Y / P) / Y.size")]
    assert {"F3", "update"} <= k[_line(_NEGATED_PRODUCT, "W -= 0.1 * X.T @ dZ")]


_LOSS_CLASSES = '''
    import numpy as np


    class BinaryCrossentropy:
        def forward(self, y_true, y_pred, epsilon=1e-7):
            y_pred = np.clip(y_pred, epsilon, 1 - epsilon)
            return -np.mean(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred))

        def backward(self, y_true, y_pred, epsilon=1e-7):
            y_pred = np.clip(y_pred, epsilon, 1 - epsilon)
            return ((1 - y_true) / (1 - y_pred) - y_true / y_pred) / y_true.size


    class CategoricalCrossentropy:
        def forward(self, y_true, y_pred, epsilon=1e-7):
            y_pred = np.clip(y_pred, epsilon, 1 - epsilon)
            return -np.sum(y_true * np.log(y_pred)) / y_true.shape[0]

        def backward(self, y_true, y_pred, epsilon=1e-7):
            y_pred = np.clip(y_pred, epsilon, 1 - epsilon)
            return -(y_true / y_pred) / y_true.shape[0]
'''


def test_a_loss_class_with_a_numerical_setting_beside_target_and_prediction_has_its_error_read() -> None:
    k = _kinds(_LOSS_CLASSES)
    assert "error" in k[_line(_LOSS_CLASSES, "return ((1 - y_true) / (1 - y_pred) - y_true / y_pred) / y_true.size")]
    assert "error" in k[_line(_LOSS_CLASSES, "return -(y_true / y_pred) / y_true.shape[0]")]


def test_a_parameter_stepped_in_place_with_what_the_model_cannot_read_is_not_called_never_updated(tmp_path) -> None:
    # (lists of neurons are read as layers; a step the model cannot read, its delta made by a helper the file never
    # imports, must not look like no step at all)
    from pathlib import Path

    from bpscan.analysis import analyze_source
    import textwrap

    net = textwrap.dedent(_NEURON_LISTS).split("random.seed(1)")[0]
    (tmp_path / "lists_net.py").write_text(net.replace("def train_one", "def _unused_train_one"), encoding="utf-8")
    trainer = textwrap.dedent('''
        import random
        from lists_net import layer_outputs

        random.seed(1)
        net = [[[random.uniform(-1, 1) for _ in range(3)] for _ in range(4)],
               [[random.uniform(-1, 1) for _ in range(5)] for _ in range(2)]]
        for epoch in range(100):
            x, target = [0.0, 1.0], [1.0, 0.0]
            hidden = layer_outputs(net[0], x)
            out = layer_outputs(net[1], hidden)
            d_out = [(o - t) * o * (1 - o) for o, t in zip(out, target)]
            d_hid = [h * (1 - h) * dot(d_out, [n[k] for n in net[1]]) for k, h in enumerate(hidden)]
            for i, neuron in enumerate(net[1]):
                for j, h in enumerate(hidden + [1]):
                    neuron[j] -= 0.5 * d_out[i] * h
            for i, neuron in enumerate(net[0]):
                for j, xj in enumerate(x + [1]):
                    neuron[j] -= 0.5 * d_hid[i] * xj
    ''')
    path = Path(tmp_path / "train.py")
    path.write_text(trainer, encoding="utf-8")
    result = analyze_source(trainer, str(path))
    assert "BP101" not in {f.code for f in result.findings}
    step = next(i for i, s in enumerate(trainer.splitlines(), 1) if s.strip() == "neuron[j] -= 0.5 * d_out[i] * h")
    assert "update" in {t.kind for t in result.tags if t.line == step}


# ------------------------------------------------------------------ pooling routes, activation helpers, handed errors

_POOL_ROUTES = '''
    import numpy as np


    def dmaxpool(dX_col, dout_col, max_idx):
        dX_col[max_idx, range(dout_col.size)] = dout_col
        return dX_col


    class MaxPool:
        def __init__(self, size):
            self.size = size

        def forward(self, x):
            self.x = x
            n, c, h, w = x.shape
            k = self.size
            return x.reshape(n, c, h // k, k, w // k, k).max(axis=(3, 5))

        def backward(self, dloss_dout):
            n, c, h, w = self.x.shape
            k = self.size
            dloss_dx = np.zeros_like(self.x)
            mask = np.zeros((n * c, k * k))
            for h_out, h0 in enumerate(range(0, h, k)):
                for w_out, w0 in enumerate(range(0, w, k)):
                    crop = self.x[:, :, h0:h0 + k, w0:w0 + k].reshape(n * c, -1)
                    inds = np.argmax(crop, axis=1)
                    mask *= 0
                    mask[np.arange(n * c), inds] = dloss_dout[:, :, h_out, w_out].reshape(n * c)
                    dloss_dx[:, :, h0:h0 + k, w0:w0 + k] = mask.reshape(n, c, k, k)
            return dloss_dx
'''


def test_pooling_routes_with_a_width_position_named_w_out_and_a_derivative_named_dmaxpool_are_formula_1() -> None:
    k = _kinds(_POOL_ROUTES)
    assert "F1" in k[_line(_POOL_ROUTES, "dX_col[max_idx, range(dout_col.size)] = dout_col")]
    assert "F1" in k[_line(_POOL_ROUTES, "dloss_dx[:, :, h0:h0 + k, w0:w0 + k] = mask.reshape(n, c, k, k)")]


_DERIVATIVE_HELPERS = '''
    import numpy as np


    class Identity:
        def forward(self, weighted_input):
            return weighted_input

        def backward(self, output):
            return 1


    class Sigmoid:
        def forward(self, weighted_input):
            return 1.0 / (1.0 + np.exp(-weighted_input))

        def backward(self, output):
            return output * (1 - output)


    class Dense:
        def __init__(self, n_in, n_out, activator, rate):
            self.W = np.random.uniform(-0.1, 0.1, (n_out, n_in))
            self.b = np.zeros((n_out, 1))
            self.activator, self.rate = activator, rate

        def forward(self, x):
            self.x = x
            self.out = self.activator.forward(self.W @ x + self.b)

        def backward(self, delta_array):
            self.delta = self.activator.backward(self.x) * (self.W.T @ delta_array)
            self.W_grad = delta_array @ self.x.T
            self.b_grad = delta_array

        def update(self):
            self.W += self.rate * self.W_grad
            self.b += self.rate * self.b_grad
'''


def test_an_activation_helper_returning_its_derivative_alone_and_a_handed_error_of_unknown_sign_stay_quiet() -> None:
    from shape_util import result

    shown = [(f.code, f.line) for f in result(_DERIVATIVE_HELPERS).findings if f.confidence == "high"]
    assert shown == []
    # (the steps add what the caller hands in: which sign that has is the caller's, said at medium confidence)
    assert "BP201" in _codes(_DERIVATIVE_HELPERS)[_line(_DERIVATIVE_HELPERS, "self.b += self.rate * self.b_grad")]


_POOL_ON_SELF = '''
    import numpy as np


    class MaxPoolingLayer:
        def __init__(self, channels, out_h, out_w, size):
            self.channels, self.out_h, self.out_w, self.size = channels, out_h, out_w, size

        def forward(self, x):
            self.out = np.zeros((self.channels, self.out_h, self.out_w))
            for d in range(self.channels):
                for i in range(self.out_h):
                    for j in range(self.out_w):
                        self.out[d, i, j] = x[d, i * 2:i * 2 + 2, j * 2:j * 2 + 2].max()

        def backward(self, x, sensitivity_array):
            self.delta_array = np.zeros(x.shape)
            for d in range(self.channels):
                for i in range(self.out_h):
                    for j in range(self.out_w):
                        patch = x[d, i * 2:i * 2 + 2, j * 2:j * 2 + 2]
                        k, l = np.unravel_index(patch.argmax(), patch.shape)
                        self.delta_array[d, i * 2 + k, j * 2 + l] = sensitivity_array[d, i, j]
'''


def test_a_pooling_layer_routing_a_sensitivity_map_into_an_array_it_keeps_on_self_is_formula_1() -> None:
    k = _kinds(_POOL_ON_SELF)
    assert "F1" in k[_line(_POOL_ON_SELF, "self.delta_array[d, i * 2 + k, j * 2 + l] = sensitivity_array[d, i, j]")]


_PENALTY_APART = '''
    import numpy as np

    X = np.random.randn(50, 4)
    y = np.random.randint(0, 3, 50)
    W = 0.01 * np.random.randn(4, 3)
    b = np.zeros((1, 3))
    reg, learning_rate = 1e-3, 1.0
    for i in range(200):
        scores = np.dot(X, W) + b
        exp_scores = np.exp(scores)
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        dscores = probs.copy()
        dscores[range(50), y] -= 1
        dscores /= 50
        drw = 2 * 0.5 * reg * W
        dW = np.dot(X.T, dscores)
        db = np.sum(dscores, axis=0, keepdims=True)
        dW += drw
        W -= learning_rate * dW
        b -= learning_rate * db
'''


def test_a_penalty_derivative_made_in_a_statement_of_its_own_before_it_is_added_is_formula_3() -> None:
    k = _kinds(_PENALTY_APART)
    assert "F3" in k[_line(_PENALTY_APART, "drw = 2 * 0.5 * reg * W")]
    assert "F3" in k[_line(_PENALTY_APART, "dW += drw")]


_GENERATED_REGIONS = '''
    import numpy as np


    class Conv:
        def __init__(self, n_filters):
            self.n_filters = n_filters
            self.filters = np.random.randn(n_filters, 3, 3) / 9

        def regions(self, image):
            h, w = image.shape
            for i in range(h - 2):
                for j in range(w - 2):
                    yield image[i:i + 3, j:j + 3], i, j

        def forward(self, image):
            self.image = image
            h, w = image.shape
            out = np.zeros((h - 2, w - 2, self.n_filters))
            for region, i, j in self.regions(image):
                out[i, j] = np.sum(region * self.filters, axis=(1, 2))
            return out

        def backprop(self, d_out, rate):
            d_filters = np.zeros(self.filters.shape)
            for region, i, j in self.regions(self.image):
                for f in range(self.n_filters):
                    d_filters[f] += d_out[i, j, f] * region
            self.filters -= rate * d_filters
'''


def test_windows_a_generator_hands_out_with_their_position_are_the_layer_input_in_both_passes() -> None:
    k = _kinds(_GENERATED_REGIONS)
    assert "F3" in k[_line(_GENERATED_REGIONS, "d_filters[f] += d_out[i, j, f] * region")]


_ERROR_HELPER = '''
    import numpy as np


    def softmax(x):
        e = np.exp(x - np.max(x, axis=1, keepdims=True))
        return e / np.sum(e, axis=1, keepdims=True)


    def softmax_delta(x, Y):
        return softmax(x) - Y
'''


def test_a_helper_returning_its_output_minus_the_target_is_read_whatever_its_name() -> None:
    assert "error" in _kinds(_ERROR_HELPER)[_line(_ERROR_HELPER, "return softmax(x) - Y")]


def test_a_table_of_weights_stepped_entry_by_entry_with_assignments_is_read_as_with_augmented_ones() -> None:
    from pathlib import Path

    clean = (Path(__file__).resolve().parent.parent / "corpus" / "pure_lists_loops_clean.py").read_text(encoding="utf-8")
    assigned = clean.replace("w2[j][k] -= rate * delta_out[k] * hid[j]", "w2[j][k] = w2[j][k] - rate * delta_out[k] * hid[j]")
    assigned = assigned.replace("w1[i][j] -= rate * delta_hid[j] * xs[i]", "w1[i][j] = w1[i][j] - rate * delta_hid[j] * xs[i]")
    assert assigned.count("] = w") == 2
    k = _kinds(assigned)
    for text in ("w2[j][k] = w2[j][k] - rate * delta_out[k] * hid[j]  # bp: F3 update",
                 "w1[i][j] = w1[i][j] - rate * delta_hid[j] * xs[i]  # bp: F3 update"):
        assert {"F3", "update"} <= k[_line(assigned, text)]


# ------------------------------------------------------------------ a matrix factorisation by gradient steps

_FACTORISED = '''
    import numpy


    def factorize(R, P, Q, K, steps=5000, alpha=0.0002, beta=0.02):
        Q = Q.T
        for step in range(steps):
            for i in range(len(R)):
                for j in range(len(R[i])):
                    if R[i][j] > 0:
                        eij = R[i][j] - numpy.dot(P[i, :], Q[:, j])
                        for k in range(K):
                            P[i][k] = P[i][k] + alpha * (2 * eij * Q[k][j] - beta * P[i][k])
                            Q[k][j] = Q[k][j] + alpha * (2 * eij * P[i][k] - beta * Q[k][j])
        return P, Q.T


    R = numpy.array([[5, 3, 0, 1], [4, 0, 0, 1], [1, 1, 0, 5], [1, 0, 0, 4], [0, 1, 5, 4]])
    P = numpy.random.rand(5, 2)
    Q = numpy.random.rand(4, 2)
    nP, nQ = factorize(R, P, Q, 2)
'''


def test_a_matrix_factorisation_stepped_entry_by_entry_is_read_and_its_climb_found() -> None:
    k = _kinds(_FACTORISED)
    assert "error" in k[_line(_FACTORISED, "eij = R[i][j] - numpy.dot(P[i, :], Q[:, j])")]
    assert "update" in k[_line(_FACTORISED, "P[i][k] = P[i][k] + alpha * (2 * eij * Q[k][j] - beta * P[i][k])")]
    assert {"F3", "update"} <= k[_line(_FACTORISED, "Q[k][j] = Q[k][j] + alpha * (2 * eij * P[i][k] - beta * Q[k][j])")]
    assert not any(_codes(_FACTORISED).values())
    climbs = _FACTORISED.replace("P[i][k] = P[i][k] + alpha", "P[i][k] = P[i][k] - alpha")
    assert "BP201" in _codes(climbs)[_line(climbs, "P[i][k] = P[i][k] - alpha * (2 * eij * Q[k][j] - beta * P[i][k])")]
