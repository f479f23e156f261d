"""Shapes of real code met in the U31 probes (2026-12-06), in our own words: networks written in plain Python,
numbers in lists and loops, no NumPy. Each test failed on the checkout before its fix, except the guards that say so."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# ------------------------------------------------------------------ dot products summed into a number

# Two layers of lists of lists; each neuron's input summed into `acc`, started at zero, one product at a time.
_LISTS_SUMMED_FROM_ZERO = '''
    import math
    import random

    pairs = [([0.0, 0.0], [0.0]), ([0.0, 1.0], [1.0]), ([1.0, 0.0], [1.0]), ([1.0, 1.0], [0.0])]
    n_in, n_hid, n_out, rate = 2, 4, 1, 0.4
    wa = [[random.gauss(0, 0.5) for _ in range(n_hid)] for _ in range(n_in)]
    wb = [[random.gauss(0, 0.5) for _ in range(n_out)] for _ in range(n_hid)]
    for sweep in range(500):
        for inp, want in pairs:
            hid = []
            for j in range(n_hid):
                acc = 0.0
                for i in range(n_in):
                    acc += wa[i][j] * inp[i]
                hid.append(math.tanh(acc))
            got = []
            for j in range(n_out):
                acc = 0.0
                for i in range(n_hid):
                    acc += wb[i][j] * hid[i]
                got.append(1.0 / (1.0 + math.exp(-acc)))
            g_out = []
            for j in range(n_out):
                g_out.append((got[j] - want[j]) * got[j] * (1.0 - got[j]))
            g_hid = []
            for i in range(n_hid):
                back = 0.0
                for j in range(n_out):
                    back += g_out[j] * wb[i][j]
                g_hid.append(back * (1.0 - hid[i] ** 2))
            for i in range(n_hid):
                for j in range(n_out):
                    wb[i][j] -= rate * g_out[j] * hid[i]
            for i in range(n_in):
                for j in range(n_hid):
                    wa[i][j] -= rate * g_hid[j] * inp[i]
'''


def test_a_dot_product_summed_into_a_number_started_at_zero_is_the_layer_s_output() -> None:
    src = _LISTS_SUMMED_FROM_ZERO
    k = _kinds(src)
    assert "activation" in k.get(_line(src, "hid.append(math.tanh(acc))"), set())
    assert "activation" in k.get(_line(src, "got.append(1.0 / (1.0 + math.exp(-acc)))"), set())
    assert {"error", "F1"} <= k.get(_line(src, "g_out.append((got[j] - want[j]) * got[j] * (1.0 - got[j]))"), set())
    assert "F2" in k.get(_line(src, "back += g_out[j] * wb[i][j]"), set())
    assert "F1" in k.get(_line(src, "g_hid.append(back * (1.0 - hid[i] ** 2))"), set())
    assert {"F3", "update"} <= k.get(_line(src, "wb[i][j] -= rate * g_out[j] * hid[i]"), set())
    assert {"F3", "update"} <= k.get(_line(src, "wa[i][j] -= rate * g_hid[j] * inp[i]"), set())
    assert not _result(src).findings


# The same network with its sums kept in a list of zeros (`z = [0.0] * n`), the bias added after the sum, in
# functions, and the biases lists of zeros stepped one entry at a time.
_ZERO_LISTS_AND_BIASES = '''
    import math
    import random


    def squash(zs):
        out = []
        for i in range(len(zs)):
            out.append(1.0 / (1.0 + math.exp(-zs[i])))
        return out


    def layer(xs, w, b):
        z = [0.0] * len(b)
        for j in range(len(b)):
            for i in range(len(xs)):
                z[j] += w[i][j] * xs[i]
            z[j] += b[j]
        return squash(z)


    def fit(rows, wants, n_in, n_hid, rate=0.5):
        w1 = [[random.uniform(-1, 1) for _ in range(n_hid)] for _ in range(n_in)]
        b1 = [0.0] * n_hid
        w2 = [[random.uniform(-1, 1)] for _ in range(n_hid)]
        b2 = [0.0]
        for epoch in range(300):
            for xs, want in zip(rows, wants):
                h = layer(xs, w1, b1)
                o = layer(h, w2, b2)
                d2 = [(o[0] - want) * o[0] * (1 - o[0])]
                d1 = []
                for i in range(n_hid):
                    d1.append(d2[0] * w2[i][0] * h[i] * (1 - h[i]))
                for i in range(n_hid):
                    w2[i][0] -= rate * d2[0] * h[i]
                b2[0] -= rate * d2[0]
                for i in range(n_in):
                    for j in range(n_hid):
                        w1[i][j] -= rate * d1[j] * xs[i]
                for j in range(n_hid):
                    b1[j] -= rate * d1[j]
        return w1, b1, w2, b2


    fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], 2, 3)
'''


def test_a_bias_list_of_zeros_added_after_the_sum_and_stepped_entry_by_entry_is_the_layer_s_bias() -> None:
    src = _ZERO_LISTS_AND_BIASES
    res = _result(src)
    k = _kinds(src)
    assert sorted(lay.bias.split("[")[0] for lay in res.layers if lay.bias) == ["b1", "b2"]
    assert "update" in k.get(_line(src, "b1[j] -= rate * d1[j]"), set())
    assert "update" in k.get(_line(src, "b2[0] -= rate * d2[0]"), set())
    assert "update" in k.get(_line(src, "w1[i][j] -= rate * d1[j] * xs[i]"), set())
    assert {"F3", "update"} <= k.get(_line(src, "w2[i][0] -= rate * d2[0] * h[i]"), set())
    assert not res.findings


def test_guard_a_gradient_buffer_of_zeros_summed_entry_by_entry_is_no_bias() -> None:
    """Guard (passed before): `db[j] += d[j]` sums a gradient into zeros; it is not stepped by a rate."""
    src = '''
        import numpy as np

        X = np.random.randn(32, 3)
        y = np.random.randn(32, 1)
        W = np.random.randn(3, 1) * 0.1
        for epoch in range(100):
            out = X @ W
            d = out - y
            gW = X.T @ d / 32
            db = [0.0]
            for j in range(1):
                db[j] += d[:, j].sum()
            W -= 0.1 * gW
    '''
    res = _result(src)
    assert not any(lay.bias for lay in res.layers)


# ------------------------------------------------------------------ one name per neuron

# Each hidden neuron its own weight list and bias, ReLU written as max(0, a), the data read from a CSV file.
_NEURON_BY_NAME = '''
    import math
    import random

    rows, labels = [], []
    with open("points.csv") as fh:
        for line in fh:
            a, b, c = line.strip().split(",")
            rows.append([float(a), float(b)])
            labels.append(int(c))

    u1 = [random.uniform(-1, 1), random.uniform(-1, 1)]
    u2 = [random.uniform(-1, 1), random.uniform(-1, 1)]
    c1 = random.uniform(-1, 1)
    c2 = random.uniform(-1, 1)
    v = [random.uniform(-1, 1), random.uniform(-1, 1)]
    cv = random.uniform(-1, 1)
    step = 0.01

    for epoch in range(200):
        for k in range(len(rows)):
            p = rows[k][0]
            q = rows[k][1]
            target = labels[k]
            s1 = p * u1[0] + q * u1[1] + c1
            s2 = p * u2[0] + q * u2[1] + c2
            h1 = max(0, s1)
            h2 = max(0, s2)
            so = h1 * v[0] + h2 * v[1] + cv
            o = 1 / (1 + math.exp(-so))
            d_o = (o - target) * o * (1 - o)
            d_h1 = d_o * v[0] * (h1 > 0)
            d_h2 = d_o * v[1] * (h2 > 0)
            v[0] -= step * d_o * h1
            v[1] -= step * d_o * h2
            cv -= step * d_o
            g_u1p = d_h1 * p
            g_u1q = d_h1 * q
            u1[0] -= step * g_u1p
            u1[1] -= step * g_u1q
            c1 -= step * d_h1
            u2[0] -= step * d_h2 * p
            u2[1] -= step * d_h2 * q
            c2 -= step * d_h2
'''


def test_a_network_of_named_neurons_with_relu_as_max_reads_its_forward_and_its_backward() -> None:
    src = _NEURON_BY_NAME
    k = _kinds(src)
    assert "activation" in k.get(_line(src, "h1 = max(0, s1)"), set())
    assert {"error", "F1"} <= k.get(_line(src, "d_o = (o - target) * o * (1 - o)"), set())
    assert {"F1", "F2"} <= k.get(_line(src, "d_h1 = d_o * v[0] * (h1 > 0)"), set())
    assert "F3" in k.get(_line(src, "g_u1q = d_h1 * q"), set())
    assert "update" in k.get(_line(src, "u1[1] -= step * g_u1q"), set())
    # (p and q are two inputs: the gradient made from q is u1[1]'s, not u1[0]'s, and the ReLU mask on the hidden
    # neuron after its weight to the output is formula 2 then formula 1, no derivative of the output's)
    assert not _result(src).findings


# ------------------------------------------------------------------ activations guarded against overflow


def test_an_activation_that_returns_its_limits_for_large_inputs_is_still_the_activation() -> None:
    src = '''
        import math
        import random


        def logistic(x):
            if x < -60:
                return 0.0
            if x > 60:
                return 1.0
            return 1.0 / (1.0 + math.exp(-x))


        w = [random.uniform(-0.5, 0.5) for _ in range(3)]
        data = [([0.1, 0.9, 0.2], 1.0), ([0.8, 0.1, 0.7], 0.0)]
        for epoch in range(100):
            for x, t in data:
                s = 0.0
                for i in range(3):
                    s += w[i] * x[i]
                y = logistic(s)
                d = (y - t) * y * (1 - y)
                for i in range(3):
                    w[i] -= 0.3 * d * x[i]
    '''
    k = _kinds(src)
    assert "activation" in k.get(_line(src, "y = logistic(s)"), set())
    assert {"error", "F1"} <= k.get(_line(src, "d = (y - t) * y * (1 - y)"), set())


# ------------------------------------------------------------------ a backward method handed the targets

# `backward(self, wanted)` takes the desired outputs, not an upstream gradient: read as an entry point, its
# argument is compared with the network's output. The error is wanted - got, negated before the steps.
_BACKWARD_TAKES_TARGETS = '''
    import math
    import random


    class Net:
        def __init__(self, sizes):
            self.w = [[[random.uniform(-1, 1) for _ in range(a)] for _ in range(b)]
                      for a, b in zip(sizes[:-1], sizes[1:])]
            self.b = [[0.0 for _ in range(b)] for b in sizes[1:]]

        def forward(self, x):
            self.acts = [x[:]]
            for k in range(len(self.w)):
                prev = self.acts[-1]
                row = []
                for n in range(len(self.w[k])):
                    s = self.b[k][n]
                    for j in range(len(prev)):
                        s += self.w[k][n][j] * prev[j]
                    row.append(1.0 / (1.0 + math.exp(-s)))
                self.acts.append(row)
            return self.acts[-1]

        def backward(self, wanted):
            got = self.acts[-1]
            deltas = []
            last = []
            for i in range(len(got)):
                miss = wanted[i] - got[i]
                last.append(-miss * got[i] * (1.0 - got[i]))
            deltas.append(last)
            for k in range(len(self.w) - 1, 0, -1):
                layer = []
                for j in range(len(self.acts[k])):
                    total = 0.0
                    for n in range(len(deltas[-1])):
                        total += self.w[k][n][j] * deltas[-1][n]
                    a = self.acts[k][j]
                    layer.append(total * a * (1.0 - a))
                deltas.append(layer)
            deltas.reverse()
            for k in range(len(self.w)):
                for n in range(len(self.w[k])):
                    self.b[k][n] -= 0.5 * deltas[k][n]
                    for j in range(len(self.w[k][n])):
                        self.w[k][n][j] -= 0.5 * deltas[k][n] * self.acts[k][j]
'''


def test_a_backward_method_s_argument_compared_with_the_output_is_the_target() -> None:
    src = _BACKWARD_TAKES_TARGETS
    k = _kinds(src)
    assert "error" in k.get(_line(src, "miss = wanted[i] - got[i]"), set())
    assert "F2" in k.get(_line(src, "total += self.w[k][n][j] * deltas[-1][n]"), set())
    # the error is negated before the steps: each step descends
    assert not [f for f in _result(src).findings if f.code == "BP201"]


# ------------------------------------------------------------------ arrays reshaped or moved between libraries

# One sample at a time; the hidden output and the delta made columns by assigning `.shape`, so that `a @ d.T` is the
# outer product a^T . delta of formula 3 (row convention).
_SHAPE_ASSIGNED = '''
    import numpy as np

    X = np.random.randn(200, 6)
    T = np.eye(3)[np.random.randint(0, 3, 200)]
    W0 = np.random.randn(6, 8) * 0.1
    W1 = np.random.randn(8, 3) * 0.1
    for epoch in range(20):
        for i in range(200):
            x, t = X[i].copy(), T[i]
            h = np.maximum(0, x @ W0)
            s = h @ W1
            p = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
            d1 = p - t
            d0 = (d1 @ W1.T) * (h > 0)
            d1.shape = (3, 1)
            d0.shape = (8, 1)
            h.shape = (8, 1)
            x.shape = (6, 1)
            g1 = h @ d1.T
            g0 = x @ d0.T
            W1 -= 0.05 * g1
            W0 -= 0.05 * g0
'''


def test_vectors_made_columns_by_assigning_their_shape_give_the_outer_product_of_formula_3() -> None:
    src = _SHAPE_ASSIGNED
    k = _kinds(src)
    assert "F3" in k.get(_line(src, "g1 = h @ d1.T"), set())
    assert not [f for f in _result(src).findings if f.code == "BP304"]


# A layer class whose base class's forward moves the parameter dict's arrays to NumPy first
# (`param[key] = param[key].asnumpy()`), then calls the subclass's `_forward`; the backward likewise.
_TEMPLATE_LAYER = '''
    import numpy as np


    class Layer:
        def forward(self, x, param):
            for key in param:
                if not isinstance(param[key], np.ndarray):
                    param[key] = param[key].asnumpy()
            return self._forward(x, param)

        def backward(self, dy, cache):
            if not isinstance(dy, np.ndarray):
                dy = dy.asnumpy()
            return self._backward(dy, cache)


    class Affine(Layer):
        def _forward(self, x, param):
            W, b = param['W'], param['b']
            return x @ W + b, (x, W)

        def _backward(self, dy, cache):
            x, W = cache
            dW = x.T @ dy
            db = dy.sum(axis=0)
            dx = dy @ W.T
            return dx, {'W': dW, 'b': db}
'''


def test_an_entry_of_a_parameter_dict_converted_in_place_between_libraries_stays_the_parameter() -> None:
    src = _TEMPLATE_LAYER
    k = _kinds(src)
    assert "linear" in k.get(_line(src, "return x @ W + b, (x, W)"), set())
    assert "F3" in k.get(_line(src, "dW = x.T @ dy"), set())
    # the same tags as the layer whose base class converts nothing
    plain = src.replace("param[key] = param[key].asnumpy()", "pass")
    assert _kinds(plain) == k


# ------------------------------------------------------------------ a network written in named numbers

# Every weight and bias a named number, each step a tuple assignment; each bias's gradient written `1 * delta`.
_NAMED_NUMBERS = '''
    x1, x2 = 0.5, -0.2
    t1, t2 = 0.3, 0.8
    w1, w3 = 0.1, -0.3
    w2, w4 = 0.4, 0.2
    b1, b2 = 0.0, 0.1
    lr = 0.05
    for epoch in range(500):
        y1 = x1 * w1 + x2 * w2 + 1 * b1
        y2 = x1 * w3 + x2 * w4 + 1 * b2
        y1g, y2g = y1 - t1, y2 - t2
        w1g, w3g = x1 * y1g, x1 * y2g
        w2g, w4g = x2 * y1g, x2 * y2g
        b1g, b2g = 1 * y1g, 1 * y2g
        w1, w3 = w1 - lr * w1g, w3 - lr * w3g
        w2, w4 = w2 - lr * w2g, w4 - lr * w4g
        b1, b2 = b1 - lr * b1g, b2 - lr * b2g
'''


def test_a_network_of_named_numbers_is_read_and_its_tuple_assigned_bias_gradients_are_formula_3() -> None:
    src = _NAMED_NUMBERS
    k = _kinds(src)
    assert "linear" in k.get(_line(src, "y1 = x1 * w1 + x2 * w2 + 1 * b1"), set())
    assert "error" in k.get(_line(src, "y1g, y2g = y1 - t1, y2 - t2"), set())
    assert "F3" in k.get(_line(src, "w1g, w3g = x1 * y1g, x1 * y2g"), set())
    assert "F3" in k.get(_line(src, "b1g, b2g = 1 * y1g, 1 * y2g"), set())
    assert "update" in k.get(_line(src, "b1, b2 = b1 - lr * b1g, b2 - lr * b2g"), set())
    assert not _result(src).findings


def test_a_layer_method_s_cache_is_handed_to_its_backward_so_the_input_gradient_is_formula_2() -> None:
    """`forward(self, x, param) -> (y, (x, W))`, `backward(self, dy, cache)`: `dy @ W.T` sends the error back
    through the weight (F2), not a weight gradient made from it."""
    src = '''
        import numpy as np


        class Affine:
            def forward(self, x, param):
                W, b = param['W'], param['b']
                return x @ W + b, (x, W)

            def backward(self, dy, cache):
                x, W = cache
                dW = x.T @ dy
                db = dy.sum(axis=0)
                dx = dy @ W.T
                return dx, {'W': dW, 'b': db}
    '''
    k = _kinds(src)
    assert "F3" in k.get(_line(src, "dW = x.T @ dy"), set())
    assert k.get(_line(src, "dx = dy @ W.T"), set()) == {"F2"}


# ------------------------------------------------------------------ an optimiser's state started as a number

_ADAM_MOMENTS_FROM_ZERO = '''
    import numpy as np


    class Adam:
        def __init__(self):
            self.t = 0
            self.m = 0
            self.v = 0

        def grad(self, g, alpha=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
            self.t += 1
            self.m *= beta1
            self.m += (1 - beta1) * g
            self.v *= beta2
            self.v += (1 - beta2) * g * g
            m_hat = self.m / (1 - np.power(beta1, self.t))
            v_hat = self.v / (1 - np.power(beta2, self.t))
            return alpha * m_hat / (np.sqrt(v_hat) + eps)


    class Affine:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_out, n_in) * 0.1
            self.adam_W = Adam()

        def forward(self, x):
            self.x = x
            return x @ self.W.T

        def backward(self, d):
            dx = d @ self.W
            dW = d.T @ self.x
            self.W -= self.adam_W.grad(dW)
            return dx
'''


def test_an_optimiser_s_moments_started_at_zero_are_no_parameters() -> None:
    """`self.m = 0`, then `self.m += (1 - beta1) * g`: Adam's first moment, a moving average of the gradient, is
    not a scalar parameter stepped along it (a false BP103 and BP201 before)."""
    src = _ADAM_MOMENTS_FROM_ZERO
    assert not _result(src).findings
    assert "update" in _kinds(src).get(_line(src, "self.W -= self.adam_W.grad(dW)"), set())
