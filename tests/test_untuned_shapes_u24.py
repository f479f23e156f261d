"""Shapes of real code met in the U24 untuned probes (2026-12-05), in our own words. Each test failed on the
checkout before its fix (the guard beside the row matrices too: that checkout flagged both of its products)."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# One LSTM step as a layer library writes it: the gate products with no derivative in them (the gradient at
# each gate, the gradient passed to the previous cell state) before each gate's own derivative.
_LSTM_STEP = '''
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))


    def step_forward(x, h_prev, c_prev, Wx, Wh, b):
        H = h_prev.shape[1]
        a = x.dot(Wx) + h_prev.dot(Wh) + b
        i = sigmoid(a[:, :H])
        f = sigmoid(a[:, H:2 * H])
        o = sigmoid(a[:, 2 * H:3 * H])
        g = np.tanh(a[:, 3 * H:])
        c = f * c_prev + i * g
        h = o * np.tanh(c)
        return h, c, (x, h_prev, c_prev, Wx, Wh, i, f, o, g, c)


    def step_backward(dh, dc, cache):
        x, h_prev, c_prev, Wx, Wh, i, f, o, g, c = cache
        dc = dc + o * (1 - np.tanh(c) ** 2) * dh
        do = np.tanh(c) * dh
        di = g * dc
        dg = i * dc
        df = c_prev * dc
        dc_prev = f * dc
        da = np.hstack((i * (1 - i) * di, f * (1 - f) * df, o * (1 - o) * do, (1 - g ** 2) * dg))
        dx = da.dot(Wx.T)
        dh_prev = da.dot(Wh.T)
        dWx = x.T.dot(da)
        dWh = h_prev.T.dot(da)
        db = da.sum(axis=0)
        return dx, dh_prev, dc_prev, dWx, dWh, db
'''


def test_an_lstm_steps_gate_products_are_formula_one() -> None:
    k = _kinds(_LSTM_STEP)
    for text in ("do = np.tanh(c) * dh", "dg = i * dc", "df = c_prev * dc", "dc_prev = f * dc"):
        assert "F1" in k.get(_line(_LSTM_STEP, text), set()), text
    assert not _result(_LSTM_STEP).findings


# A gate object multiplying a weight by a 1-D vector (np.dot(W, x)), whose backward makes both vectors
# matrices first: np.asmatrix of a 1-D array is a row, so dz^T . x is the outer product dz x^T.
_ROW_MATRICES = '''
    import numpy as np


    class MultiplyGate:
        def forward(self, W, x):
            return np.dot(W, x)

        def backward(self, W, x, dz):
            dW = np.asarray(np.dot(np.transpose(np.asmatrix(dz)), np.asmatrix(x)))
            dx = np.dot(np.transpose(W), dz)
            return dW, dx


    U = np.random.randn(8, 4) * 0.1
    V = np.random.randn(3, 8) * 0.1
    mul = MultiplyGate()
    for step in range(100):
        x = np.random.randn(4)
        t = np.zeros(3)
        h = np.tanh(mul.forward(U, x))
        out = mul.forward(V, h)
        d_out = out - t
        dV, dh = mul.backward(V, h, d_out)
        dU, dx = mul.backward(U, x, dh * (1 - h ** 2))
        V -= 0.1 * dV
        U -= 0.1 * dU
'''


def test_vectors_made_row_matrices_are_not_a_missing_transpose() -> None:
    assert [f.code for f in _result(_ROW_MATRICES).findings] == []


def test_a_real_missing_transpose_beside_them_is_still_found() -> None:
    wrong = _ROW_MATRICES.replace("dx = np.dot(np.transpose(W), dz)", "dx = np.dot(W, dz)")
    assert [f.code for f in _result(wrong).findings] == ["BP304"]


# Layer objects whose forward multiplies the weight by a factor it is handed (1 by default, a drop-connect mask of
# ones for the hidden layer), and a training function that forms per-sample products of the delta and the layer's
# input, sums them over the batch, then steps the output weight before sending the error back through it.
_SCALED_WEIGHT = '''
    import numpy as np


    class Layer:
        def __init__(self, n_in, n_out, sig):
            self.W = np.random.uniform(-0.2, 0.2, size=(n_in, n_out))
            self.b = np.zeros(n_out)
            self.sig = sig

        def fwd(self, X, scale=1):
            z = np.dot(X, self.W * scale) + self.b
            return 1 / (1 + np.exp(-z)) if self.sig else z

        def update(self, lr, dW, db):
            self.W = self.W - lr * dW
            self.b = self.b - lr * db


    def train(X, y, hidden, out, mask, lr):
        n = X.shape[0]
        for epoch in range(100):
            h = hidden.fwd(X, mask)
            y_net = out.fwd(h)
            d_out = y_net - y
            per_sample = d_out * h
            dW_out = np.reshape(np.sum(per_sample, axis=0) / n, out.W.shape)
            db_out = np.sum(d_out, axis=0) / n
            out.update(lr, dW_out, db_out)
            d_hid = np.dot(d_out, out.W.T) * h * (1 - h)
            dW_hid = np.dot(X.T, d_hid) / n
            db_hid = np.sum(d_hid, axis=0) / n
            hidden.update(lr, dW_hid, db_hid)


    X = np.random.randn(64, 1)
    train(X, X ** 2, Layer(1, 10, True), Layer(10, 1, False), np.random.binomial(n=1, p=1.0, size=(1, 10)), 0.1)
'''


def test_a_scaled_weight_is_the_layers_weight_and_a_summed_product_is_no_bias_gradient() -> None:
    res = _result(_SCALED_WEIGHT)
    k = _kinds(_SCALED_WEIGHT)
    assert "F2" in k.get(_line(_SCALED_WEIGHT, "d_hid = np.dot(d_out, out.W.T) * h * (1 - h)"), set())
    assert "F3" in k.get(_line(_SCALED_WEIGHT, "dW_hid = np.dot(X.T, d_hid) / n"), set())
    # the error is sent back through the weight already stepped (real); the per-sample products summed into
    # dW_out are not read as the bias's gradient (that reading made the W step a crossed update, BP103)
    assert sorted(f.code for f in res.findings) == ["BP306"]


# A network class with no caller in the file (the book's readers drive it from a shell): the mini-batch step walks
# `for x, y in mini_batch`, whose pairs nothing in the file makes, and sums each sample's gradients in list
# comprehensions.
_NO_CALLER = '''
    import numpy as np


    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))


    class Network:
        def __init__(self, sizes):
            self.biases = [np.random.randn(y, 1) for y in sizes[1:]]
            self.weights = [np.random.randn(y, x) for x, y in zip(sizes[:-1], sizes[1:])]

        def update_mini_batch(self, mini_batch, eta):
            nabla_b = [np.zeros(b.shape) for b in self.biases]
            nabla_w = [np.zeros(w.shape) for w in self.weights]
            for x, y in mini_batch:
                delta_nabla_b, delta_nabla_w = self.backprop(x, y)
                nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
                nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
            self.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w)]
            self.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b)]

        def backprop(self, x, y):
            nabla_b = [np.zeros(b.shape) for b in self.biases]
            nabla_w = [np.zeros(w.shape) for w in self.weights]
            activation = x
            activations = [x]
            zs = []
            for b, w in zip(self.biases, self.weights):
                z = np.dot(w, activation) + b
                zs.append(z)
                activation = sigmoid(z)
                activations.append(activation)
            delta = (activations[-1] - y) * activations[-1] * (1 - activations[-1])
            nabla_b[-1] = delta
            nabla_w[-1] = np.dot(delta, activations[-2].transpose())
            return (nabla_b, nabla_w)
'''


def test_sums_over_a_batch_no_caller_makes_are_formula_three() -> None:
    k = _kinds(_NO_CALLER)
    assert "F3" in k.get(_line(_NO_CALLER, "nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]"), set())
    assert "F3" in k.get(_line(_NO_CALLER, "nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]"), set())
    assert not _result(_NO_CALLER).findings


def test_a_flipped_step_after_those_sums_is_found() -> None:
    climbing = _NO_CALLER.replace("[w - (eta / len(mini_batch)) * nw", "[w + (eta / len(mini_batch)) * nw")
    assert [f.code for f in _result(climbing).findings] == ["BP201"]


# One forward and one backward pass worked through by hand at the top level of a script, with no loop and no
# update: the weights are known as weights by the gradients the script names for them (dL_dW2 for W2).
_ONE_PASS = '''
    import numpy as np

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    def sigmoid_derivative(s):
        return s * (1 - s)

    x = np.array([[0.2, 0.9]])
    y_true = np.array([[1.0]])
    W1 = np.random.randn(2, 3)
    b1 = np.random.randn(1, 3)
    W2 = np.random.randn(3, 1)
    b2 = np.random.randn(1, 1)
    a1 = sigmoid(np.dot(x, W1) + b1)
    a2 = sigmoid(np.dot(a1, W2) + b2)
    dL_da2 = a2 - y_true
    dL_dz2 = dL_da2 * sigmoid_derivative(a2)
    dL_dW2 = np.dot(a1.T, dL_dz2)
    dL_db2 = dL_dz2
    dL_da1 = np.dot(dL_dz2, W2.T)
    dL_dz1 = dL_da1 * sigmoid_derivative(a1)
    dL_dW1 = np.dot(x.T, dL_dz1)
    print(dL_dW1, dL_dW2)
'''


def test_weights_named_by_their_gradients_make_layers_without_a_loop() -> None:
    k = _kinds(_ONE_PASS)
    assert "F3" in k.get(_line(_ONE_PASS, "dL_dW2 = np.dot(a1.T, dL_dz2)"), set())
    assert "F2" in k.get(_line(_ONE_PASS, "dL_da1 = np.dot(dL_dz2, W2.T)"), set())
    assert "F1" in k.get(_line(_ONE_PASS, "dL_dz1 = dL_da1 * sigmoid_derivative(a1)"), set())
    # a demonstration computes gradients and steps nothing: no parameter is reported as never updated
    assert not _result(_ONE_PASS).findings


def test_a_missing_transpose_in_that_pass_is_found() -> None:
    wrong = _ONE_PASS.replace("dL_da1 = np.dot(dL_dz2, W2.T)", "dL_da1 = np.dot(dL_dz2, W2)")
    assert [f.code for f in _result(wrong).findings] == ["BP304"]


def test_random_projections_with_no_gradients_stay_silent() -> None:
    plain = "\n".join(ln for ln in _ONE_PASS.splitlines() if "dL_" not in ln)
    assert not [t for t in _result(plain).tags if t.kind in ("error", "F1", "F2", "F3", "update")]


# Weights appended to lists in constructor loops over a known count, then read by position in loops over
# `range(self.num_layers)`: each pass of those loops is its own layer.
_POSITIONS = '''
    import numpy as np


    class Net:
        def __init__(self, n_in, n_hidden, n_out, num_layers):
            self.num_layers = num_layers
            self.w = [np.random.randn(n_in, n_hidden)]
            self.b = [np.zeros((1, n_hidden))]
            for i in range(num_layers - 2):
                self.w.append(np.random.randn(n_hidden, n_hidden))
                self.b.append(np.zeros((1, n_hidden)))
            self.w.append(np.random.randn(n_hidden, n_out))
            self.b.append(np.zeros((1, n_out)))

        def forward(self, x):
            self.a = [x]
            self.z = [x]
            for i in range(self.num_layers):
                self.z.append(np.dot(self.a[i], self.w[i]) + self.b[i])
                self.a.append(np.tanh(self.z[i + 1]) if i < self.num_layers - 1 else self.z[i + 1])
            return self.a[-1]

        def backward(self, y, lr):
            d = self.a[-1] - y
            for i in range(self.num_layers - 1, -1, -1):
                gw = np.dot(self.a[i].T, d)
                gb = np.sum(d, axis=0, keepdims=True)
                if i > 0:
                    d = np.dot(d, self.w[i].T) * (1 - np.tanh(self.z[i]) ** 2)
                self.w[i] -= lr * gw
                self.b[i] -= lr * gb


    x = np.linspace(0, 1, 50).reshape(-1, 1)
    y = np.sin(2 * np.pi * x)
    net = Net(1, 8, 1, 3)
    for epoch in range(1000):
        net.forward(x)
        net.backward(y, 0.01)
'''


def test_loops_over_layer_positions_read_each_layer() -> None:
    k = _kinds(_POSITIONS)
    assert "F3" in k.get(_line(_POSITIONS, "gw = np.dot(self.a[i].T, d)"), set())
    assert {"F1", "F2"} <= k.get(_line(_POSITIONS, "d = np.dot(d, self.w[i].T) * (1 - np.tanh(self.z[i]) ** 2)"), set())
    assert "update" in k.get(_line(_POSITIONS, "self.w[i] -= lr * gw"), set())
    assert not _result(_POSITIONS).findings


def test_a_flipped_step_in_that_loop_is_found() -> None:
    climbing = _POSITIONS.replace("self.w[i] -= lr * gw", "self.w[i] += lr * gw")
    assert [f.code for f in _result(climbing).findings] == ["BP201"]


# A layer library's dropout, its keep probability read from a settings dict, and a ReLU backward that masks the
# upstream gradient through a second name for it (not a copy).
_LIB = '''
    import numpy as np


    def dropout_forward(x, dropout_param):
        p, mode = dropout_param["p"], dropout_param["mode"]
        mask = None
        if mode == "train":
            mask = (np.random.rand(*x.shape) < p) / p
            out = x * mask
        else:
            out = x
        return out, (dropout_param, mask)


    def dropout_backward(dout, cache):
        dropout_param, mask = cache
        if dropout_param["mode"] == "train":
            return dout * mask
        return dout


    def relu_forward(x):
        return np.maximum(0, x), x


    def relu_backward(dout, cache):
        x = cache
        dx = dout
        dx[x <= 0] = 0
        return dx
'''


def test_a_library_dropout_and_an_aliased_relu_mask_are_formula_one() -> None:
    k = _kinds(_LIB)
    assert "F1" in k.get(_line(_LIB, "return dout * mask"), set())
    assert "F1" in k.get(_line(_LIB, "dx[x <= 0] = 0"), set())
    assert "F1" in k.get(_line(_LIB, "dx = dout"), set())
    assert not _result(_LIB).findings


# The functional half of a tensor engine: a module with no class of its own whose free functions keep a closure
# on the value they make. The cross-entropy's closure starts the backward (it reads no upstream gradient) and
# scales its share in place; an elementwise op's closure assigns where it should add.
_FUNCTIONAL = '''
    import numpy as np
    from .engine import Tensor


    def cross_entropy(logits, target):
        z = logits.data - logits.data.max(axis=-1, keepdims=True)
        probs = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)
        n = probs.shape[0]
        out = Tensor(-np.log(probs[np.arange(n), target]).mean(), (logits,), "ce")

        def _backward():
            logits.grad = np.copy(probs)
            logits.grad[np.arange(n), target] -= 1.0
            logits.grad /= n

        out._backward = _backward
        return out


    def sqrt(x):
        out = Tensor(np.sqrt(x.data), (x,), "sqrt")

        def _backward():
            x.grad += 0.5 * x.data ** -0.5 * out.grad

        out._backward = _backward
        return out


    def square(x):
        out = Tensor(x.data ** 2, (x,), "square")

        def _backward():
            x.grad = 2 * x.data * out.grad

        out._backward = _backward
        return out
'''


def test_free_functions_of_an_engine_module_are_read_and_a_loss_closure_may_assign() -> None:
    res = _result(_FUNCTIONAL)  # (a share scaled in place, `/= n`, once made this an internal error)
    lines = {t.line for t in res.tags if t.kind in ("error", "F1", "F2", "F3")}
    assert _line(_FUNCTIONAL, "x.grad += 0.5 * x.data ** -0.5 * out.grad") in lines
    assert _line(_FUNCTIONAL, "logits.grad = np.copy(probs)") in lines
    # the loss's closure seeds the backward with `=`; the square's closure overwrites a share: only that is wrong
    assert [(f.code, f.line) for f in res.findings] == [("BP312", _line(_FUNCTIONAL, "x.grad = 2 * x.data * out.grad"))]


# A model-level backward whose L2 penalty is off by default (`lambd=0.0`) and adds its derivative to a gradient a
# helper returned, reading the weight under an f-string key.
_OFF_PENALTY = '''
    import numpy as np


    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = np.dot(dZ, A_prev.T) / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = np.dot(W.T, dZ)
        return dA_prev, dW, db


    def model_backward(AL, Y, caches, parameters, lambd=0.0):
        grads = {}
        L = len(caches)
        m = AL.shape[1]
        dZ = AL - Y
        dA_prev, dW, db = linear_backward(dZ, caches[L - 1])
        if lambd != 0.0:
            dW += (lambd / m) * parameters[f"W{L}"]
        grads[f"dW{L}"] = dW
        grads[f"db{L}"] = db
        return grads
'''


def test_a_penalty_off_by_default_is_read_and_its_key_names_the_weight() -> None:
    k = _kinds(_OFF_PENALTY)
    assert "F3" in k.get(_line(_OFF_PENALTY, 'dW += (lambd / m) * parameters[f"W{L}"]'), set())
    assert not _result(_OFF_PENALTY).findings



# An LSTM cell built of activation objects (forward/backward, `self.output`, `self.dinputs`) whose backward hands the
# hidden state's gradient to tanh(c)'s object first and multiplies by the output gate after: the factors commute.
_OBJECT_CELL = '''
    import numpy as np


    class Sigmoid:
        def forward(self, x):
            self.output = 1 / (1 + np.exp(-x))

        def backward(self, dvalues):
            self.dinputs = dvalues * self.output * (1 - self.output)


    class Tanh:
        def forward(self, x):
            self.output = np.tanh(x)

        def backward(self, dvalues):
            self.dinputs = dvalues * (1 - self.output ** 2)


    class Cell:
        def __init__(self, n):
            self.Wf = 0.1 * np.random.randn(n, n)
            self.Wi = 0.1 * np.random.randn(n, n)
            self.Wo = 0.1 * np.random.randn(n, n)
            self.Wg = 0.1 * np.random.randn(n, n)
            self.sf, self.si, self.so = Sigmoid(), Sigmoid(), Sigmoid()
            self.tg, self.tc = Tanh(), Tanh()

        def forward(self, x, c_prev):
            self.x, self.c_prev = x, c_prev
            self.sf.forward(self.Wf @ x)
            self.si.forward(self.Wi @ x)
            self.so.forward(self.Wo @ x)
            self.tg.forward(self.Wg @ x)
            self.c = self.sf.output * c_prev + self.si.output * self.tg.output
            self.tc.forward(self.c)
            self.h = self.tc.output * self.so.output
            return self.h

        def backward(self, dh):
            self.tc.backward(dh)
            dc = self.so.output * self.tc.dinputs
            self.so.backward(dh * self.tc.output)
            self.sf.backward(dc * self.c_prev)
            self.si.backward(dc * self.tg.output)
            self.tg.backward(dc * self.si.output)
            self.dWf = self.sf.dinputs @ self.x.T
            self.dWi = self.si.dinputs @ self.x.T
            self.dWo = self.so.dinputs @ self.x.T
            self.dWg = self.tg.dinputs @ self.x.T


    cell = Cell(4)
    x = np.random.randn(4, 1)
    target = np.random.randn(4, 1) * 0.5
    c0 = np.random.randn(4, 1) * 0.1
    for step in range(200):
        h = cell.forward(x, c0)
        cell.backward(h - target)
        cell.Wf -= 0.1 * cell.dWf
        cell.Wi -= 0.1 * cell.dWi
        cell.Wo -= 0.1 * cell.dWo
        cell.Wg -= 0.1 * cell.dWg
'''


def test_a_derivative_taken_before_its_gate_product_is_undone_still_reaches_the_gates() -> None:
    k = _kinds(_OBJECT_CELL)
    assert "F1" in k.get(_line(_OBJECT_CELL, "self.sf.backward(dc * self.c_prev)"), set())
    for text in ("self.dWf = self.sf.dinputs @ self.x.T", "self.dWg = self.tg.dinputs @ self.x.T"):
        assert "F3" in k.get(_line(_OBJECT_CELL, text), set()), text
    assert not _result(_OBJECT_CELL).findings


def test_a_flipped_step_of_that_cell_is_found() -> None:
    climbing = _OBJECT_CELL.replace("cell.Wf -= 0.1 * cell.dWf", "cell.Wf += 0.1 * cell.dWf")
    assert [f.code for f in _result(climbing).findings] == ["BP201"]


# A softmax loss whose error, lowered by one at the targets, is averaged under the name the function returns.
_AVERAGED_INTO = '''
    import numpy as np


    def softmax_loss(x, y):
        N = len(y)
        scores = np.exp(x - x.max(axis=1, keepdims=True))
        scores /= scores.sum(axis=1, keepdims=True)
        loss = np.sum(-np.log(scores[range(N), y])) / N
        scores[range(N), y] -= 1
        dx = scores / N
        return loss, dx
'''


def test_an_error_averaged_into_another_name_continues_the_error() -> None:
    k = _kinds(_AVERAGED_INTO)
    assert "error" in k.get(_line(_AVERAGED_INTO, "scores[range(N), y] -= 1"), set())
    assert "error" in k.get(_line(_AVERAGED_INTO, "dx = scores / N"), set())
