"""Shapes of real code met in the thirty-sixth untuned probe (and the cs231n model a solver drives), in our own
words. Each test failed on the checkout before its fix (the guards of what must stay as it was passed on it too)."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# A fully connected net of any depth: the loop over layers branches on the last one, the scores are the last
# entry of a list the loop appends to, and the backward loop branches the same way, storing into a dict under
# computed keys in both branches.
_LAYER_LOOP = '''
    import numpy as np


    class Net:
        def __init__(self, hidden, n_in=4, n_out=3):
            self.L = 1 + len(hidden)
            self.dims = [n_in, n_out]
            self.dims[1:1] = hidden
            self.params = {}
            for l in range(self.L):
                self.params['W' + str(l + 1)] = 0.1 * np.random.randn(self.dims[l], self.dims[l + 1])

        def loss(self, X, y):
            outs = []
            out = X
            for l in range(self.L):
                if l < self.L - 1:
                    out = np.maximum(0, out.dot(self.params['W' + str(l + 1)]))
                else:
                    out = out.dot(self.params['W' + str(l + 1)])
                outs.append(out)
            p = np.exp(outs[-1]) / np.sum(np.exp(outs[-1]), axis=1, keepdims=True)
            d = p.copy()
            d[np.arange(len(y)), y] -= 1
            grads = {}
            for l in range(self.L - 1, -1, -1):
                if l == self.L - 1:
                    grads['W' + str(l + 1)] = outs[l - 1].T.dot(d)
                    d = d.dot(self.params['W' + str(l + 1)].T)
                else:
                    d = d * (outs[l] > 0)
                    grads['W' + str(l + 1)] = (outs[l - 1] if l > 0 else X).T.dot(d)
                    d = d.dot(self.params['W' + str(l + 1)].T)
            return grads


    X = np.random.randn(20, 4)
    y = np.random.randint(0, 3, 20)
    net = Net([8, 6])
    for step in range(50):
        g = net.loss(X, y)
        for k in net.params:
            net.params[k] -= 0.1 * g[k]
'''


def test_the_last_entry_of_a_layer_loop_is_the_output_layer() -> None:
    k = _kinds(_LAYER_LOOP)
    assert {"error", "F1"} <= k.get(_line(_LAYER_LOOP, "d[np.arange(len(y)), y] -= 1"), set())
    assert "F3" in k.get(_line(_LAYER_LOOP, "grads['W' + str(l + 1)] = outs[l - 1].T.dot(d)"), set())
    assert "update" in k.get(_line(_LAYER_LOOP, "net.params[k] -= 0.1 * g[k]"), set())
    assert not _result(_LAYER_LOOP).findings


def test_a_flipped_step_through_that_loop_is_found() -> None:
    climbing = _LAYER_LOOP.replace("net.params[k] -= 0.1 * g[k]", "net.params[k] += 0.1 * g[k]")
    assert [f.code for f in _result(climbing).findings] == ["BP201"]


# Layer sizes spliced into a list (`dims[1:1] = hidden`) and read in a loop over the layers: each size still
# known, so the weights drawn from them in a scaled uniform draw (and cast in a second loop) are parameters.
_SPLICED = '''
    import numpy as np

    class Net(object):
        def __init__(self, dims, weight_scale=1.0, dtype=np.float32):
            self.params = {}
            self.dim_list = [dims[0], dims[-1]]
            self.dim_list[1:1] = dims[1:-1]
            self.n = len(dims) - 1
            dims = self.dim_list
            for l in range(self.n):
                U = np.sqrt(6.0 / (dims[l] + dims[l + 1]))
                self.params['W' + str(l + 1)] = 2 * weight_scale * U * (np.random.rand(dims[l], dims[l + 1]) - 0.5)
                self.params['b' + str(l + 1)] = np.zeros(dims[l + 1])
            for k, v in self.params.items():
                self.params[k] = v.astype(dtype)

        def loss(self, X, y):
            h = np.maximum(0, X.dot(self.params['W1']) + self.params['b1'])
            out = h.dot(self.params['W2']) + self.params['b2']
            d = out - y
            grads = {}
            grads['W2'] = h.T.dot(d)
            grads['b2'] = d.sum(0)
            dh = d.dot(self.params['W2'].T) * (h > 0)
            grads['W1'] = X.T.dot(dh)
            grads['b1'] = dh.sum(0)
            return 0.5 * np.sum(d ** 2), grads

    net = Net([3, 5, 2])
    X = np.random.randn(10, 3)
    y = np.random.randn(10, 2)
    for it in range(100):
        loss, grads = net.loss(X, y)
        for k in net.params:
            net.params[k] -= 0.01 * grads[k]
'''


def test_sizes_spliced_into_a_list_keep_the_weights_parameters() -> None:
    k = _kinds(_SPLICED)
    assert {"F1", "F2"} <= k.get(_line(_SPLICED, "dh = d.dot(self.params['W2'].T) * (h > 0)"), set())
    assert "update" in k.get(_line(_SPLICED, "net.params[k] -= 0.01 * grads[k]"), set())


# Inverted dropout: the mask drawn by comparing a random draw with the keep probability, applied to the
# activation and, in the backward pass, to its gradient.
_DROPOUT = '''
    import numpy as np

    X = np.random.randn(3, 40)
    Y = (X[0:1] > 0).astype(float)
    W1 = np.random.randn(6, 3) * 0.5
    W2 = np.random.randn(1, 6) * 0.5
    keep = 0.8
    for it in range(200):
        Z1 = W1 @ X
        A1 = np.maximum(0, Z1)
        D1 = np.random.rand(*A1.shape) < keep
        A1 = A1 * D1 / keep
        A2 = 1 / (1 + np.exp(-(W2 @ A1)))
        dZ2 = A2 - Y
        dW2 = dZ2 @ A1.T / 40
        dA1 = W2.T @ dZ2
        dA1 = dA1 * D1 / keep
        dZ1 = dA1 * (A1 > 0)
        dW1 = dZ1 @ X.T / 40
        W1 -= 0.5 * dW1
        W2 -= 0.5 * dW2
'''


def test_a_dropout_mask_leaves_the_layer_and_its_gradient_as_they_were() -> None:
    k = _kinds(_DROPOUT)
    assert "F1" in k.get(_line(_DROPOUT, "dZ1 = dA1 * (A1 > 0)"), set())
    assert "F3" in k.get(_line(_DROPOUT, "dW1 = dZ1 @ X.T / 40"), set())
    assert not _result(_DROPOUT).findings


def test_a_mask_on_the_gradient_behind_dropout_is_found() -> None:
    wrong = _DROPOUT.replace("dZ1 = dA1 * (A1 > 0)", "dZ1 = dA1 * (dA1 > 0)")
    assert [f.code for f in _result(wrong).findings] == ["BP302"]


# torch.nn.functional.linear keeps its weight (out, in): the error goes back through the weight itself.
_F_LINEAR = '''
    import torch
    import torch.nn.functional as F


    class Lin(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w, b):
            ctx.save_for_backward(x, w, b)
            return F.linear(x, w, b)

        @staticmethod
        def backward(ctx, g):
            x, w, b = ctx.saved_tensors
            return g.mm(w), g.t().mm(x), g.sum(0)
'''


def test_functional_linear_is_a_layer_with_its_weight_laid_out_out_by_in() -> None:
    assert "linear" in _kinds(_F_LINEAR).get(_line(_F_LINEAR, "return F.linear(x, w, b)"), set())
    assert {"F2", "F3"} <= _kinds(_F_LINEAR).get(_line(_F_LINEAR, "return g.mm(w), g.t().mm(x), g.sum(0)"), set())
    assert not _result(_F_LINEAR).findings
    wrong = _F_LINEAR.replace("return g.mm(w), g.t()", "return g.mm(w.t()), g.t()")
    found = _result(wrong).findings
    assert [f.code for f in found] == ["BP304"]
    # the message says how the forward used the weight, and the fix pastes back the untransposed weight
    assert "a . w^T" in found[0].message and found[0].expected == "return (g.mm(w), g.t().mm(x), g.sum(0))"


# An LSTM's gates and the tanh of its cell state kept per step in dicts: the cell's gradient goes through
# tanh(c[t]) to the gates.
_LSTM = '''
    import numpy as np


    def sigmoid(z):
        return 1 / (1 + np.exp(-z))


    H, D, T = 4, 3, 5
    Wi, Wg = np.random.randn(H, D + H) * 0.1, np.random.randn(H, D + H) * 0.1
    Wo, Wy = np.random.randn(H, D + H) * 0.1, np.random.randn(1, H) * 0.1
    xs = [np.random.randn(D, 1) for _ in range(T)]
    ys = [np.random.randn(1, 1) for _ in range(T)]
    for it in range(20):
        z, gi, gg, go, c, tc, h = {}, {}, {}, {}, {}, {}, {}
        h[-1], c[-1] = np.zeros((H, 1)), np.zeros((H, 1))
        for t in range(T):
            z[t] = np.vstack((xs[t], h[t - 1]))
            gi[t] = sigmoid(Wi @ z[t])
            gg[t] = np.tanh(Wg @ z[t])
            go[t] = sigmoid(Wo @ z[t])
            c[t] = c[t - 1] + gi[t] * gg[t]
            tc[t] = np.tanh(c[t])
            h[t] = go[t] * tc[t]
        dWi, dWg, dWo, dWy = np.zeros_like(Wi), np.zeros_like(Wg), np.zeros_like(Wo), np.zeros_like(Wy)
        dh_next, dc_next = np.zeros((H, 1)), np.zeros((H, 1))
        for t in reversed(range(T)):
            dy = Wy @ h[t] - ys[t]
            dWy += dy @ h[t].T
            dh = Wy.T @ dy + dh_next
            dc = dh * go[t] * (1 - tc[t] ** 2) + dc_next
            dgg = dc * gi[t] * (1 - gg[t] ** 2)
            dWg += dgg @ z[t].T
            dc_next = dc
            dh_next = (Wg.T @ dgg)[D:]
        Wg -= 0.1 * dWg
        Wy -= 0.1 * dWy
'''


def test_the_cell_gradient_through_a_tanh_kept_per_step_reaches_the_gate() -> None:
    k = _kinds(_LSTM)
    assert "F1" in k.get(_line(_LSTM, "dc = dh * go[t] * (1 - tc[t] ** 2) + dc_next"), set())
    assert "F1" in k.get(_line(_LSTM, "dgg = dc * gi[t] * (1 - gg[t] ** 2)"), set())
    assert "F3" in k.get(_line(_LSTM, "dWg += dgg @ z[t].T"), set())


def test_a_sigmoid_derivative_on_that_tanh_gate_is_found_and_fixed_by_its_entry() -> None:
    wrong = _LSTM.replace("dgg = dc * gi[t] * (1 - gg[t] ** 2)", "dgg = dc * gi[t] * gg[t] * (1 - gg[t])")
    found = _result(wrong).findings
    assert [f.code for f in found] == ["BP301"]
    assert found[0].expected == "dgg = dc * gi[t] * (1 - gg[t] ** 2)"


# A dense layer whose weights are objects of their own (`Parameter` with `.value` made in its constructor and
# `.gradient`), its backward taking the upstream gradient as `dloss_dout` (dL/dout written out).
_PARAMETER_OBJECTS = '''
    import numpy as np


    class Parameter(object):
        def __init__(self, name, shape):
            self.name = name
            self.value = np.random.randn(shape[0], shape[1]) * 0.1
            self.gradient = np.zeros(shape)


    class Dense(object):
        def __init__(self, d_in, d_out):
            self.weights = Parameter('weights', (d_in, d_out))
            self.bias = Parameter('bias', (1, d_out))

        def forward(self, x):
            self._x = x
            return x.dot(self.weights.value) + self.bias.value

        def backward(self, dloss_dout):
            dloss_db = dloss_dout.sum(axis=0)
            dloss_dw = self._x.T.dot(dloss_dout)
            dloss_dx = dloss_dout.dot(self.weights.value.transpose())
            self.bias.gradient = dloss_db
            self.weights.gradient = dloss_dw
            return dloss_dx
'''


def test_an_upstream_gradient_named_dloss_dout_drives_the_layer() -> None:
    k = _kinds(_PARAMETER_OBJECTS)
    assert "F3" in k.get(_line(_PARAMETER_OBJECTS, "dloss_dw = self._x.T.dot(dloss_dout)"), set())
    assert "F2" in k.get(_line(_PARAMETER_OBJECTS, "dloss_dx = dloss_dout.dot(self.weights.value.transpose())"), set())
    wrong = _PARAMETER_OBJECTS.replace("dloss_dout.dot(self.weights.value.transpose())", "dloss_dout.dot(self.weights.value)")
    assert [f.code for f in _result(wrong).findings] == ["BP304"]


# Per-step deltas kept in an array by step, summed into a bias gradient named dL/db written out (`dLdBf`).
_STEP_DELTAS = '''
    import numpy as np


    def sigmoid(z):
        return 1 / (1 + np.exp(-z))


    T, H, D = 4, 3, 2
    w_f, b_f = np.random.randn(H, D) * 0.1, np.zeros((H, 1))
    xs = np.random.randn(T, D, 1)
    ts = np.random.randn(T, H, 1)
    for it in range(50):
        f = np.zeros((T, H, 1))
        for t in range(T):
            f[t] = sigmoid(w_f @ xs[t] + b_f)
        delta_f = np.zeros((T, H, 1))
        dLdWf, dLdBf = np.zeros_like(w_f), np.zeros_like(b_f)
        for t in range(T):
            delta_f[t] = (f[t] - ts[t]) * f[t] * (1 - f[t])
            dLdWf += np.dot(delta_f[t], xs[t].T)
            dLdBf += delta_f[t]
        w_f -= 0.1 * dLdWf
        b_f -= 0.1 * dLdBf
'''


def test_a_step_delta_read_back_by_index_into_a_bias_gradient_is_formula_3() -> None:
    k = _kinds(_STEP_DELTAS)
    assert "F3" in k.get(_line(_STEP_DELTAS, "dLdWf += np.dot(delta_f[t], xs[t].T)"), set())
    assert "F3" in k.get(_line(_STEP_DELTAS, "dLdBf += delta_f[t]"), set())
    assert not _result(_STEP_DELTAS).findings


# A sigmoid written to stay off overflow on both sides of zero, the two forms picked by np.where.
_STABLE_SIGMOID = '''
    import numpy as np

    X = np.random.randn(20, 3)
    Y = (X[:, :1] > 0).astype(float)
    W = np.random.randn(3, 1)
    for it in range(100):
        z = X @ W
        out = np.where(z < 0, np.exp(z) / (1. + np.exp(z)), 1. / (1. + np.exp(-z)))
        d = (out - Y) * out * (1 - out)
        W -= 0.1 * X.T @ d
'''


def test_a_sigmoid_written_both_ways_under_where_is_a_sigmoid_layer() -> None:
    k = _kinds(_STABLE_SIGMOID)
    assert "activation" in k.get(_line(_STABLE_SIGMOID, "out = np.where(z < 0, np.exp(z) / (1. + np.exp(z)), "
                                                      "1. / (1. + np.exp(-z)))"), set())
    assert {"error", "F1"} <= k.get(_line(_STABLE_SIGMOID, "d = (out - Y) * out * (1 - out)"), set())
    wrong = _STABLE_SIGMOID.replace("d = (out - Y) * out * (1 - out)", "d = (out - Y) * (1 - out ** 2)")
    assert [f.code for f in _result(wrong).findings] == ["BP301"]


# torch.nn.grad's convolution gradients called by keyword, and feedback alignment's input gradient sent back
# through a fixed random kernel of its own (on purpose not the forward's).
_CONV_GRADS = '''
    import torch


    class Conv(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w, b, w_back):
            ctx.save_for_backward(x, w, b, w_back)
            return torch.nn.functional.conv2d(x, w, bias=b, padding=1)

        @staticmethod
        def backward(ctx, g):
            x, w, b, w_back = ctx.saved_tensors
            gx = torch.nn.grad.conv2d_input(input_size=x.shape, weight=w, grad_output=g, padding=1)
            gw = torch.nn.grad.conv2d_weight(input=x, weight_size=w.shape, grad_output=g, padding=1)
            gb = g.sum((0, 2, 3))
            return gx, gw, gb, None
'''


def test_convolution_gradients_by_keyword_are_formulas_2_and_3() -> None:
    k = _kinds(_CONV_GRADS)
    assert "F2" in k.get(_line(_CONV_GRADS, "gx = torch.nn.grad.conv2d_input(input_size=x.shape, weight=w, "
                                            "grad_output=g, padding=1)"), set())
    assert "F3" in k.get(_line(_CONV_GRADS, "gw = torch.nn.grad.conv2d_weight(input=x, weight_size=w.shape, "
                                            "grad_output=g, padding=1)"), set())
    assert not _result(_CONV_GRADS).findings


def test_feedback_alignment_through_its_own_kernel_is_no_formula_and_no_finding() -> None:
    fa = _CONV_GRADS.replace("weight=w, grad_output=g", "weight=w_back, grad_output=g")
    line = _line(fa, "gx = torch.nn.grad.conv2d_input(input_size=x.shape, weight=w_back, grad_output=g, padding=1)")
    assert not {"F2", "F3"} & _kinds(fa).get(line, set())
    assert not _result(fa).findings


# The deeplearning.ai step-by-step notebook without its helper modules: `sigmoid`, `relu` and their backward
# passes imported from a module that is not there, each function tried once on test cases that module made.
_STEP_BY_STEP = '''
    import numpy as np
    from testCases_v4a import *
    from dnn_utils_v2 import sigmoid, sigmoid_backward, relu, relu_backward


    def linear_forward(A, W, b):
        Z = np.dot(W, A) + b
        return Z, (A, W, b)


    def linear_activation_forward(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        if activation == "sigmoid":
            A, activation_cache = sigmoid(Z)
        elif activation == "relu":
            A, activation_cache = relu(Z)
        return A, (linear_cache, activation_cache)


    def L_model_forward(X, parameters):
        caches = []
        A = X
        L = len(parameters) // 2
        for l in range(1, L):
            A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
            caches.append(cache)
        AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
        caches.append(cache)
        return AL, caches


    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = np.dot(dZ, A_prev.T) / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = np.dot(W.T, dZ)
        return dA_prev, dW, db


    def linear_activation_backward(dA, cache, activation):
        linear_cache, activation_cache = cache
        if activation == "relu":
            dZ = relu_backward(dA, activation_cache)
        elif activation == "sigmoid":
            dZ = sigmoid_backward(dA, activation_cache)
        return linear_backward(dZ, linear_cache)


    def L_model_backward(AL, Y, caches):
        grads = {}
        L = len(caches)
        Y = Y.reshape(AL.shape)
        dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        current_cache = caches[L - 1]
        grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = \\
            linear_activation_backward(dAL, current_cache, "sigmoid")
        for l in reversed(range(L - 1)):
            dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
            grads["dA" + str(l)] = dA_prev
            grads["dW" + str(l + 1)] = dW
            grads["db" + str(l + 1)] = db
        return grads


    X, parameters = L_model_forward_test_case_2hidden()
    AL, caches = L_model_forward(X, parameters)
    AL, Y_assess, caches = L_model_backward_test_case()
    grads = L_model_backward(AL, Y_assess, caches)
'''


def test_a_notebook_missing_its_helper_modules_still_reads_its_output_error() -> None:
    k = _kinds(_STEP_BY_STEP)
    assert "error" in k.get(_line(_STEP_BY_STEP, "dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))"), set())
    assert "F3" in k.get(_line(_STEP_BY_STEP, "dW = np.dot(dZ, A_prev.T) / m"), set())
    assert not _result(_STEP_BY_STEP).findings


# A notebook training the same weights twice, first with sigmoid hidden units, then with tanh ones.
_TWO_RUNS = '''
    import numpy as np


    def sigmoid(z):
        return 1 / (1 + np.exp(-z))


    def dsigmoid(z):
        return sigmoid(z) * (1 - sigmoid(z))


    def dtanh(z):
        return 1 - np.tanh(z) ** 2


    X = np.random.randn(2, 40)
    Y = (X[:1] > 0).astype(float)
    W1, W2 = np.random.randn(4, 2), np.random.randn(1, 4)
    for i in range(100):
        A1 = sigmoid(W1 @ X)
        A2 = sigmoid(W2 @ A1)
        dZ2 = A2 - Y
        dZ1 = (W2.T @ dZ2) * dsigmoid(W1 @ X)
        W2 -= 0.1 * dZ2 @ A1.T
        W1 -= 0.1 * dZ1 @ X.T
    for i in range(100):
        A1 = np.tanh(W1 @ X)
        A2 = sigmoid(W2 @ A1)
        dZ2 = A2 - Y
        dZ1 = (W2.T @ dZ2) * dtanh(W1 @ X)
        W2 -= 0.1 * dZ2 @ A1.T
        W1 -= 0.1 * dZ1 @ X.T
'''


def test_the_same_weights_trained_again_with_another_activation_are_judged_by_either() -> None:
    assert not _result(_TWO_RUNS).findings
    relu = _TWO_RUNS.replace("dZ1 = (W2.T @ dZ2) * dtanh(W1 @ X)", "dZ1 = (W2.T @ dZ2) * (W1 @ X > 0)")
    assert [f.code for f in _result(relu).findings] == ["BP301"]


# Nielsen's four equations in one loop counting down to 1, the output layer singled out by its index.
_COUNT_DOWN = '''
    import numpy as np


    def sigmoid(z):
        return 1 / (1 + np.exp(-z))


    sizes = [2, 5, 1]
    weights = [np.random.randn(b, a) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [np.zeros((b, 1)) for b in sizes[1:]]
    x, y = np.random.randn(2, 1), np.ones((1, 1))
    for step in range(100):
        zs, acts = [None], [x]
        for w, b in zip(weights, biases):
            zs.append(w @ acts[-1] + b)
            acts.append(sigmoid(zs[-1]))
        change_w = [np.empty((a, b)) for a, b in zip(sizes[1:], sizes[:-1])]
        change_b = [np.empty((a, 1)) for a in sizes[1:]]
        change = None
        for l in range(len(sizes) - 1, 0, -1):
            if l == len(sizes) - 1:
                change = (acts[l] - y) * acts[l] * (1 - acts[l])
            else:
                change = (weights[l].T @ change) * acts[l] * (1 - acts[l])
            change_b[l - 1] = change
            change_w[l - 1] = change @ acts[l - 1].T
        weights = [w - 0.5 * cw for w, cw in zip(weights, change_w)]
        biases = [b - 0.5 * cb for b, cb in zip(biases, change_b)]
'''


def test_a_loop_counting_down_to_one_runs_its_output_layer_apart() -> None:
    k = _kinds(_COUNT_DOWN)
    assert "F3" in k.get(_line(_COUNT_DOWN, "change_w[l - 1] = change @ acts[l - 1].T"), set())
    assert "F3" in k.get(_line(_COUNT_DOWN, "change_b[l - 1] = change"), set())
    assert not _result(_COUNT_DOWN).findings
