"""Shapes of real code met in the thirty-fifth untuned probe, in our own words, and the false alarm it found.
Each test failed on the checkout before its fix (the guards of what must stay as it was passed on it too)."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# A ReLU's derivative written into a copy of the pre-activation, one side of zero at a time.
_HALF_MASKS = '''
    import numpy as np


    def relu_grad(z):
        t = z.copy()
        t[t > 0] = 1
        t[t <= 0] = 0
        return t


    rng = np.random.default_rng(0)
    X = rng.normal(size=(32, 3))
    Y = rng.normal(size=(32, 1))
    W1 = rng.normal(size=(3, 8))
    W2 = rng.normal(size=(8, 1))
    for it in range(100):
        z = X @ W1
        h = np.maximum(0, z)
        out = h @ W2
        err = out - Y
        dW2 = h.T @ err
        dz = (err @ W2.T) * relu_grad(z)
        dW1 = X.T @ dz
        W1 -= 0.01 * dW1
        W2 -= 0.01 * dW2
'''


def test_a_relu_derivative_written_side_by_side_into_a_copy_is_formula_1() -> None:
    line = _line(_HALF_MASKS, "dz = (err @ W2.T) * relu_grad(z)")
    assert _kinds(_HALF_MASKS).get(line) == {"F1", "F2"}
    swapped = _HALF_MASKS.replace("    t[t > 0] = 1\n        t[t <= 0] = 0", "    t[t <= 0] = 0\n        t[t > 0] = 1")
    assert swapped != _HALF_MASKS
    assert _kinds(swapped).get(line) == {"F1", "F2"}
    assert not _result(_HALF_MASKS).findings


def test_that_mask_on_a_sigmoid_layer_is_a_derivative_mismatch() -> None:
    wrong = _HALF_MASKS.replace("h = np.maximum(0, z)", "h = 1 / (1 + np.exp(-z))")
    assert [f.code for f in _result(wrong).findings] == ["BP301"]


_TORCH_LAYERS = '''
    import torch


    class Linear:
        def __init__(self, n_in, n_out):
            self.w = torch.randn(n_out, n_in) * 0.1
            self.b = torch.zeros(n_out)

        def forward(self, x):
            self.x = x
            return x.mm(self.w.t()) + self.b

        def backward(self, dy):
            self.dw = dy.t().mm(self.x)
            self.db = dy.sum(0)
            return dy.mm(self.w)


    class ReLU:
        def forward(self, z):
            self.z = z
            return z.clamp(min=0)

        def backward(self, da):
            t = self.z.clone()
            t[t > 0] = 1
            t[t < 0] = 0
            return da.mul(t)
'''


def test_a_torch_layers_mask_built_in_a_clone_is_formula_1() -> None:
    assert "F1" in _kinds(_TORCH_LAYERS).get(_line(_TORCH_LAYERS, "return da.mul(t)"), set())
    assert not _result(_TORCH_LAYERS).findings


# A layer whose passes are named propagate/backpropagate, the backward doing its work in private helpers.
_PRIVATE_HELPERS = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out, rate):
            self.connections = np.random.randn(n_out, n_in) * 0.1
            self.rate = rate
            self.__x = None

        def propagate(self, x):
            self.__x = x
            return x @ self.connections.T

        def backpropagate(self, delta):
            back = self.__next_delta(delta)
            self.__adjust(delta)
            return back

        def __adjust(self, delta):
            step = self.rate * delta.reshape(-1, 1) @ self.__x.reshape(1, -1)
            self.connections -= step

        def __next_delta(self, delta):
            return (delta @ self.connections).flatten()
'''


def test_a_backward_working_through_private_helpers_is_still_the_pair() -> None:
    k = _kinds(_PRIVATE_HELPERS)
    assert k.get(_line(_PRIVATE_HELPERS, "step = self.rate * delta.reshape(-1, 1) @ self.__x.reshape(1, -1)")) == {"F3"}
    assert k.get(_line(_PRIVATE_HELPERS, "self.connections -= step")) == {"update"}
    assert k.get(_line(_PRIVATE_HELPERS, "return (delta @ self.connections).flatten()")) == {"F2"}


# A layer library whose activation is handed to the constructor and called with a flag both ways.
_INJECTED = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out, act):
            self.W = np.random.randn(n_out, n_in) * 0.1
            self.b = np.zeros((1, n_out))
            self.activation_func = act

        def forward(self, A_prev):
            self.A_prev = A_prev
            self.Z = np.dot(A_prev, self.W.T) + self.b
            self.A = self.activation_func(self.Z, deriv=False)
            return self.A

        def backward(self, dA):
            dAdZ = self.activation_func(self.A, deriv=True)
            dZ = dA * dAdZ
            self.dW = np.dot(dZ.T, self.A_prev)
            self.db = dZ.sum(axis=0, keepdims=True)
            return dZ.dot(self.W)
'''


def test_an_injected_activation_called_with_its_flag_off_is_the_layers_activation() -> None:
    k = _kinds(_INJECTED)
    assert k.get(_line(_INJECTED, "dZ = dA * dAdZ")) == {"F1"}
    assert k.get(_line(_INJECTED, "self.dW = np.dot(dZ.T, self.A_prev)")) == {"F3"}
    assert k.get(_line(_INJECTED, "self.db = dZ.sum(axis=0, keepdims=True)")) == {"F3"}


# A convolution object that computes its kernels' gradient by calling a second object of its own class forward,
# with the upstream gradient as that object's kernels: its forward product is read as formula 3 too.
_FORWARD_REUSED = '''
    import numpy as np


    class Conv:
        def __init__(self, kernels, grad_helper=True):
            self.kernels = kernels
            if grad_helper:
                self.d_ker = Conv(kernels, grad_helper=False)

        def forward(self, cols):
            self.cols = cols
            self.out = self.cols.dot(self.kernels)
            return self.out

        def backprop(self, grads):
            self.d_ker.kernels = grads
            self.d_w = self.d_ker.forward(self.cols)
            return grads.dot(self.kernels.T)


    layer = Conv(np.random.randn(9, 4))
    X = np.random.randn(16, 9)
    Y = np.random.randn(16, 4)
    for it in range(10):
        out = layer.forward(X)
        err = out - Y
        layer.backprop(err)
        layer.kernels -= 0.01 * layer.d_w
'''


def test_a_forward_product_also_read_as_formula_3_reports_nothing_certain() -> None:
    # it was a high-confidence BP304 whose fix (`self.cols.T.dot(...)`) would break every forward pass
    r = _result(_FORWARD_REUSED)
    assert [f.code for f in r.findings if f.confidence == "high"] == []


# The course's ex4 layout: each activation gets a column of ones for the next layer's bias, spelt three ways.
_BIAS_COLUMN = '''
    import numpy as np


    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))


    def with_ones(a):
        return ONES


    def gradients(T1, T2, X, Y):
        m = Y.shape[0]
        a1 = with_ones(X)
        z2 = a1 @ T1.T
        a2 = with_ones(sigmoid(z2))
        z3 = a2 @ T2.T
        a3 = sigmoid(z3)
        d3 = a3 - Y
        d2 = d3 @ T2 * (a2 * (1 - a2))
        d2 = d2[:, 1:]
        g2 = d3.T @ a2 / m
        g1 = d2.T @ a1 / m
        return g1, g2


    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    Y = rng.normal(size=(20, 2))
    T1 = rng.normal(size=(5, 4))
    T2 = rng.normal(size=(2, 6))
    for it in range(50):
        g1, g2 = gradients(T1, T2, X, Y)
        T1 -= 0.1 * g1
        T2 -= 0.1 * g2
'''


def test_an_activation_with_a_bias_column_is_still_its_layers_output() -> None:
    for spelling in ("np.c_[np.ones((a.shape[0], 1)), a]", "np.append(np.ones((len(a), 1)), a, axis=1)",
                     "np.insert(a, 0, 1, axis=1)", "np.hstack((np.ones((a.shape[0], 1)), a))",
                     "np.append(np.ones(len(a)).reshape(len(a), 1), a, axis=1)"):
        src = _BIAS_COLUMN.replace("ONES", spelling)
        k = _kinds(src)
        assert k.get(_line(src, "d2 = d3 @ T2 * (a2 * (1 - a2))")) == {"F1", "F2"}, spelling
        assert k.get(_line(src, "g1 = d2.T @ a1 / m")) == {"F3"}, spelling
        assert not _result(src).findings, spelling


# A packed parameter vector handed on by a thin method to the one that cuts it into the weights.
_THIN_CALLER = '''
    import numpy as np


    class Net:
        def sigmoid(self, z):
            return 1.0 / (1 + np.exp(-z))

        def gradient(self, nn_params, X, Y):
            m = X.shape[0]
            theta1 = np.reshape(nn_params[:20], (5, 4))
            theta2 = np.reshape(nn_params[20:], (3, 5))
            a2 = self.sigmoid(X @ theta1.T)
            a3 = self.sigmoid(a2 @ theta2.T)
            delta3 = a3 - Y
            delta2 = (delta3 @ theta2) * a2 * (1 - a2)
            g2 = delta3.T @ a2 / m
            g1 = delta2.T @ X / m
            return np.concatenate([g1.ravel(), g2.ravel()])

        def cost_and_gradient(self, nn_params, X, Y):
            return 0.0, self.gradient(nn_params, X, Y)
'''


def test_a_packed_vector_handed_to_the_method_that_cuts_it_is_still_the_parameters() -> None:
    k = _kinds(_THIN_CALLER)
    assert k.get(_line(_THIN_CALLER, "delta2 = (delta3 @ theta2) * a2 * (1 - a2)")) == {"F1", "F2"}
    assert k.get(_line(_THIN_CALLER, "g1 = delta2.T @ X / m")) == {"F3"}
    assert not _result(_THIN_CALLER).findings


# Forward and backward values kept in one dict per batch: a finding names the entries as the code does.
_BATCH_DICT = '''
    import numpy as np


    def sigmoid(t):
        return 1 / (1 + np.exp(-t))


    def sigmoid_prime(t):
        return sigmoid(t) * (1 - sigmoid(t))


    rng = np.random.default_rng(0)
    W1 = rng.normal(size=(3, 5))
    W2 = rng.normal(size=(5, 1))
    batch = {"X": rng.normal(size=(16, 3)), "y": rng.normal(size=(16, 1))}
    for step in range(100):
        batch["z2"] = np.dot(batch["X"], W1)
        batch["a2"] = sigmoid(batch["z2"])
        batch["z3"] = np.dot(batch["a2"], W2)
        batch["a3"] = sigmoid(batch["z3"])
        batch["e3"] = batch["y"] - batch["a3"]
        batch["d3"] = batch["e3"] * sigmoid_prime(batch["z3"])
        batch["e2"] = np.dot(batch["d3"], W2.T)
        batch["d2"] = batch["e2"] * sigmoid_prime(batch["a2"])
        W2 += 0.1 * np.dot(batch["a2"].T, batch["d3"])
        W1 += 0.1 * np.dot(batch["X"].T, batch["d2"])
'''


def test_a_finding_names_dict_entries_as_the_code_writes_them() -> None:
    (f,) = _result(_BATCH_DICT).findings
    assert f.code == "BP302" and f.line == _line(_BATCH_DICT, 'batch["d2"] = batch["e2"] * sigmoid_prime(batch["a2"])')
    assert "batch['d2'] = " in f.message and "* batch['e2']" in f.message


# Per-sample outer products written with np.matrix, the way ex4 ports to Python often do.
_MATRIX_OUTER = '''
    import numpy as np


    def sigmoid(z):
        return 1 / (1 + np.exp(-z))


    def gradient(t1, t2, X, y):
        m = X.shape[0]
        acc1 = np.zeros(t1.shape)
        acc2 = np.zeros(t2.shape)
        z2 = X @ t1.T
        a2 = sigmoid(z2)
        h = sigmoid(a2 @ t2.T)
        for i in range(m):
            d3 = h[i, :] - y[i, :]
            d2 = np.multiply(t2.T @ d3, a2[i, :] * (1 - a2[i, :]))
            acc2 += np.matrix(d3).T @ np.matrix(a2[i, :])
            acc1 += np.matrix(d2).T @ np.matrix(X[i, :])
        return acc1 / m, acc2 / m


    t1 = np.random.uniform(-0.12, 0.12, (25, 40))
    t2 = np.random.uniform(-0.12, 0.12, (10, 25))
    X = np.random.rand(50, 40)
    y = np.zeros((50, 10))
    for it in range(10):
        g1, g2 = gradient(t1, t2, X, y)
        t1 -= g1
        t2 -= g2
'''


def test_outer_products_of_np_matrix_rows_are_formula_3() -> None:
    k = _kinds(_MATRIX_OUTER)
    assert k.get(_line(_MATRIX_OUTER, "acc2 += np.matrix(d3).T @ np.matrix(a2[i, :])")) == {"F3"}
    assert k.get(_line(_MATRIX_OUTER, "acc1 += np.matrix(d2).T @ np.matrix(X[i, :])")) == {"F3"}
    assert not _result(_MATRIX_OUTER).findings


# A training loop, then the forward pass computed again under other names to evaluate the result.
_EVAL_AFTER = '''
    import numpy as np


    def sigmoid(t):
        return 1 / (1 + np.exp(-t))


    def sigmoid_prime(t):
        return sigmoid(t) * (1 - sigmoid(t))


    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 3))
    y = rng.normal(size=(16, 1))
    W1 = rng.normal(size=(3, 5))
    W2 = rng.normal(size=(5, 1))
    for step in range(100):
        pre = x @ W1
        hid = sigmoid(pre)
        out = hid @ W2
        err = out - y
        d_hid = (err @ W2.T) * sigmoid_prime(hid)
        W2 -= 0.1 * hid.T @ err
        W1 -= 0.1 * x.T @ d_hid
    z_eval = x @ W1
    a_eval = sigmoid(z_eval)
    print(np.mean((a_eval @ W2 - y) ** 2))
'''


def test_a_finding_names_the_training_codes_tensors_not_an_evaluation_after_the_loop() -> None:
    (f,) = _result(_EVAL_AFTER).findings
    assert f.code == "BP302"
    assert "pre-activation pre" in f.message and "z_eval" not in f.message
    assert _line(_EVAL_AFTER, "pre = x @ W1") in [r.line for r in f.related]
