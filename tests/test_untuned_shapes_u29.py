"""Shapes of real code met in the U29 probes and the ninth precision probe (2026-12-06), in our own words.
Each test failed on the checkout before its fix, except the guards that say so."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# ------------------------------------------------------------------ library modules of losses and activations

# A loss module of its own: an abstract base class (named `...Function`, as many are) and losses whose
# `derivative(pred, target)` is the output error; nothing in the file calls them.
_LOSSES = '''
    from abc import ABC, abstractmethod
    import numpy as np


    class LossFunction(ABC):
        @abstractmethod
        def loss(self, pred, target):
            pass

        @abstractmethod
        def derivative(self, pred, target):
            pass


    class MeanSquaredError(LossFunction):
        def loss(self, pred, target):
            return np.mean((pred - target) ** 2)

        def derivative(self, pred, target):
            n = pred.shape[0]
            return 2 * (pred - target) / n
'''


def test_a_loss_deriving_from_an_interface_named_function_is_no_autograd_function() -> None:
    assert "error" in _kinds(_LOSSES).get(_line(_LOSSES, "return 2 * (pred - target) / n"), set())


# Activation objects whose forward is `activate(x)` and whose backward is handed the input again beside the
# gradient: `backward(z, grads)`, computing the activation again from z.
_ACTIVATIONS = '''
    import numpy as np


    class Activation:
        def activate(self, x):
            raise NotImplementedError

        def backward(self, z, grads):
            raise NotImplementedError


    class Relu(Activation):
        def activate(self, x):
            return np.where(x > 0, x, 0)

        def backward(self, z, grads):
            return grads * np.where(z > 0, 1, 0)


    class Logistic(Activation):
        def activate(self, x):
            return 1 / (1 + np.exp(-x))

        def backward(self, z, grads):
            s = self.activate(z)
            return grads * s * (1 - s)
'''


def test_an_activation_whose_forward_has_another_name_is_read_with_its_backward() -> None:
    k = _kinds(_ACTIVATIONS)
    assert "F1" in k.get(_line(_ACTIVATIONS, "return grads * np.where(z > 0, 1, 0)"), set())
    assert "F1" in k.get(_line(_ACTIVATIONS, "return grads * s * (1 - s)"), set())


# A keras-like package's loss: `forward(y_true, y_pred)` and `backward(y_true, dx)`, the prediction renamed in
# the backward; and a dense layer whose `backward(inputs)` names its incoming gradient as its forward names the
# data (the data it needs is on self already).
_RENAMED = '''
    import numpy as np


    class MSE:
        def forward(self, y_true, y_pred):
            return np.mean((y_true - y_pred) ** 2)

        def backward(self, y_true, dx):
            self.dinputs = -2 * (y_true - dx) / len(dx)


    class Dense:
        def __init__(self, n_in, n_out):
            self.weights = 0.1 * np.random.randn(n_in, n_out)
            self.biases = np.zeros(n_out)

        def forward(self, inputs):
            self.inputs = inputs
            self.output = np.dot(self.inputs, self.weights) + self.biases

        def backward(self, inputs):
            self.dweights = np.dot(self.inputs.T, inputs)
            self.dbiases = np.sum(inputs, axis=0)
            self.dinputs = np.dot(inputs, self.weights.T)
'''


def test_a_loss_backward_renaming_the_prediction_still_computes_the_error() -> None:
    assert "error" in _kinds(_RENAMED).get(_line(_RENAMED, "self.dinputs = -2 * (y_true - dx) / len(dx)"), set())


def test_a_backward_handed_its_gradient_under_the_forward_input_s_name_is_read_as_the_layer_s() -> None:
    k = _kinds(_RENAMED)
    assert "F3" in k.get(_line(_RENAMED, "self.dweights = np.dot(self.inputs.T, inputs)"), set())
    assert "F3" in k.get(_line(_RENAMED, "self.dbiases = np.sum(inputs, axis=0)"), set())
    assert "F2" in k.get(_line(_RENAMED, "self.dinputs = np.dot(inputs, self.weights.T)"), set())


# An optimiser module with a smoke test that tries each optimiser on made-up dicts: its loops walk a list of
# classes and the dict's keys, which repeat no training step.
_OPTIMISERS = '''
    import numpy as np


    class SGD:
        def __init__(self, lr=0.01):
            self.lr = lr

        def update(self, params, grads):
            for key in params.keys():
                params[key] -= self.lr * grads[key]


    class Momentum:
        def __init__(self, lr=0.01, momentum=0.9):
            self.lr = lr
            self.momentum = momentum
            self.v = None

        def update(self, params, grads):
            if self.v is None:
                self.v = {}
                for key, val in params.items():
                    self.v[key] = np.zeros_like(val)
            for key in params.keys():
                self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
                params[key] += self.v[key]


    if __name__ == "__main__":
        for cls in [SGD, Momentum]:
            opt = cls()
            params = {"W": np.random.randn(2, 3)}
            grads = {"W": np.random.randn(2, 3)}
            opt.update(params, grads)
            print(params)
'''


def test_an_optimiser_module_whose_smoke_test_walks_its_classes_is_still_read() -> None:
    k = _kinds(_OPTIMISERS)
    assert "update" in k.get(_line(_OPTIMISERS, "params[key] -= self.lr * grads[key]"), set())
    assert "update" in k.get(_line(_OPTIMISERS, "params[key] += self.v[key]"), set())


# ------------------------------------------------------------------ calls that hand a formula's result on

# A network composed of layer objects and a loss object, trained by a function: each call that hands on a
# gradient its callee computed is a backward statement of its own.
_COMPOSED = '''
    import numpy as np


    class Layer:
        def __init__(self):
            self.params = {}
            self.grads = {}


    class Linear(Layer):
        def __init__(self, n_in, n_out):
            super().__init__()
            self.params["w"] = np.random.randn(n_in, n_out)
            self.params["b"] = np.zeros(n_out)

        def __call__(self, inputs):
            self.inputs = inputs
            return inputs @ self.params["w"] + self.params["b"]

        def backward(self, grads):
            self.grads["w"] = self.inputs.T @ grads
            self.grads["b"] = np.sum(grads, axis=0)
            return grads @ self.params["w"].T


    class Tanh(Layer):
        def __call__(self, inputs):
            self.inputs = inputs
            return np.tanh(inputs)

        def backward(self, grads):
            return (1 - np.tanh(self.inputs) ** 2) * grads


    class Sequential:
        def __init__(self, *layers):
            self.layers = layers

        def __call__(self, inputs):
            for layer in self.layers:
                inputs = layer(inputs)
            return inputs

        def backward(self, grads):
            for layer in reversed(self.layers):
                grads = layer.backward(grads)
            return grads

        def params_and_grads(self):
            for layer in self.layers:
                for name, weights in layer.params.items():
                    yield weights, layer.grads[name]


    class SGD:
        def __init__(self, lr=0.01):
            self.lr = lr

        def step(self, nn):
            for param, grad in nn.params_and_grads():
                param -= self.lr * grad


    class MSE:
        def __call__(self, predicted, actual):
            return np.mean((predicted - actual) ** 2)

        def grad(self, predicted, actual):
            return 2 * (predicted - actual)


    def train(x, y, nn, loss=MSE(), optim=SGD(), epochs=100):
        for epoch in range(epochs):
            predicted = nn(x)
            total = loss(predicted, y)
            grads = loss.grad(predicted, y)
            nn.backward(grads)
            optim.step(nn)
            print(epoch, total)


    x = np.random.randn(16, 3)
    y = np.random.randn(16, 2)
    train(x, y, Sequential(Linear(3, 4), Tanh(), Linear(4, 2)), epochs=50)
'''


def test_an_activation_layer_with_no_parameters_does_not_hide_the_others_from_the_optimiser() -> None:
    res = _result(_COMPOSED)
    assert not res.findings, res.findings
    assert "update" in _kinds(_COMPOSED).get(_line(_COMPOSED, "param -= self.lr * grad"), set())


def test_calls_that_hand_on_a_callee_s_gradient_are_tagged_with_its_formula() -> None:
    k = _kinds(_COMPOSED)
    assert "F2" in k.get(_line(_COMPOSED, "grads = layer.backward(grads)"), set())
    assert "error" in k.get(_line(_COMPOSED, "grads = loss.grad(predicted, y)"), set())
    # (a call that computes no gradient is not tagged: the forward pass through the same objects)
    assert not k.get(_line(_COMPOSED, "inputs = layer(inputs)"), set()) & {"error", "F1", "F2", "F3"}


# Helper functions of the cs231n shape: the caller's `dx, dw, db = affine_backward(dout, cache)` is formula 2 and
# 3 handed on; a loss evaluated only for its value (its gradient thrown away as `_`) is no error there.
_HELPERS = '''
    import numpy as np


    def affine_forward(x, w, b):
        return x @ w + b, (x, w)


    def affine_backward(dout, cache):
        x, w = cache
        return dout @ w.T, x.T @ dout, dout.sum(axis=0)


    def softmax_loss(scores, y):
        p = np.exp(scores - scores.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(p[np.arange(len(y)), y]))
        dx = p.copy()
        dx[np.arange(len(y)), y] -= 1
        return loss, dx / len(y)


    X = np.random.randn(32, 5)
    y = np.random.randint(0, 3, 32)
    W = 0.01 * np.random.randn(5, 3)
    b = np.zeros(3)
    for it in range(100):
        scores, cache = affine_forward(X, W, b)
        loss, dscores = softmax_loss(scores, y)
        dx, dW, db = affine_backward(dscores, cache)
        W -= 0.5 * dW
        b -= 0.5 * db
    final, _ = softmax_loss(affine_forward(X, W, b)[0], y)
    print(final)
'''


def test_helper_calls_carry_the_helper_s_formula_and_a_thrown_away_gradient_none() -> None:
    k = _kinds(_HELPERS)
    assert "error" in k.get(_line(_HELPERS, "loss, dscores = softmax_loss(scores, y)"), set())
    assert "F3" in k.get(_line(_HELPERS, "dx, dW, db = affine_backward(dscores, cache)"), set())
    assert "error" not in k.get(_line(_HELPERS, "final, _ = softmax_loss(affine_forward(X, W, b)[0], y)"), set())


# ------------------------------------------------------------------ precision

# A gradient's statistics printed: a reduction inside `print` is shown, not a bias gradient summed wrongly.
_PRINTED = '''
    import numpy as np

    X = np.random.randn(32, 4)
    T = np.random.randn(32, 3)
    W = 0.1 * np.random.randn(4, 3)
    b = np.zeros(3)
    for it in range(200):
        out = X @ W + b
        delta = (out - T) / len(X)
        dW = X.T @ delta
        db = delta.sum(axis=0)
        print(f"mean bias gradient {np.mean(delta):.5f}")
        W -= 0.1 * dW
        b -= 0.1 * db
'''


def test_a_reduction_printed_is_no_bias_gradient() -> None:
    res = _result(_PRINTED)
    assert not res.findings, res.findings
    assert not _kinds(_PRINTED).get(_line(_PRINTED, 'print(f"mean bias gradient {np.mean(delta):.5f}")'))


def test_guard_the_same_reduction_stepping_the_bias_is_still_reported() -> None:
    # (guard: passed before the fix too) the bias stepped by the all-axes mean is the fault BP401 names
    src = _PRINTED.replace("db = delta.sum(axis=0)", "db = np.mean(delta)")
    assert "BP401" in {f.code for f in _result(src).findings}


# A GRU whose gates are slices of one packed product, through activation objects that keep their output: the
# candidate's tanh takes its slice plus the reset gate's share, and the reset gate's own derivative is the
# sigmoid's, r * (1 - r).
_GRU = '''
    import numpy as np


    class Sigmoid:
        def __call__(self, x):
            self.y = 1 / (1 + np.exp(-x))
            return self.y


    class Tanh:
        def __call__(self, x):
            self.y = np.tanh(x)
            return self.y

        def backward(self, dy):
            return dy * (1 - self.y ** 2)


    class GRU:
        def __init__(self, n_in, n_h):
            self.n_in, self.n_h = n_in, n_h
            self.w = 0.1 * np.random.randn(3 * n_h, n_in + n_h)
            self.b = np.zeros(3 * n_h)
            self.dw = np.zeros_like(self.w)
            self.db = np.zeros_like(self.b)

        def forward(self, x, h_prev):
            z_act, r_act, c_act = Sigmoid(), Sigmoid(), Tanh()
            self.xh = np.concatenate([x, h_prev], axis=1)
            gates = self.xh @ self.w.T + self.b
            H = self.n_h
            z = z_act(gates[:, :H])
            r = r_act(gates[:, H:2 * H])
            c = gates[:, 2 * H:] + r * self.xh[:, self.n_in:]
            c = c_act(c)
            self.acts = (z_act, r_act, c_act)
            return (1 - z) * c + z * h_prev

        def backward(self, dh):
            z_act, r_act, c_act = self.acts
            r = r_act.y
            z = z_act.y
            dc = c_act.backward(dh * (1 - z))
            h_prev = self.xh[:, self.n_in:]
            dr = dc * h_prev * r * (1 - r)
            dz = dh * (h_prev - c_act.y) * z * (1 - z)
            dgates = np.concatenate([dz, dr, dc], axis=1)
            self.dw += dgates.T @ self.xh
            self.db += dgates.sum(axis=0)
            return (dgates @ self.w)[:, :self.n_in]
'''


def test_a_sigmoid_gate_beside_a_tanh_candidate_of_one_packed_product_is_no_derivative_mismatch() -> None:
    assert "BP301" not in {f.code for f in _result(_GRU).findings}


# A layer that lays formula 3's operands out by the shapes it is handed (batch-first input or not).
_SHAPED = '''
    import numpy as np


    class Linear:
        def __init__(self, n_in, n_out):
            self.W = np.random.normal(0, 1, (n_out, n_in))
            self.b = np.zeros((n_out, 1))

        def forward(self, x):
            if len(x) != len(self.W[0]):
                x = x.T
            return self.W @ x + self.b

        def backprop(self, x, dLdy):
            if len(x) == len(dLdy[0]):
                dLdW = dLdy @ x
            else:
                dLdW = dLdy @ x.T
            dLdb = np.sum(dLdy, axis=1, keepdims=True)
            dLdx = self.W.T @ dLdy
            return dLdW, dLdb, dLdx

        def update_weights(self, dLdW, dLdb, lr):
            self.W = self.W - lr * dLdW
            self.b = self.b - lr * dLdb
'''


def test_a_product_laid_out_by_a_shape_test_is_no_missing_transpose() -> None:
    assert "BP304" not in {f.code for f in _result(_SHAPED).findings}


# A unit test that checks a two-layer network's gradients by hand: what it computes is a reference (here with
# a transpose missing), not the project's training code, so its finding is uncertain, not a default report.
_UNIT_TEST = '''
    import numpy as np


    def test_two_layer_gradients():
        x = np.random.randn(5, 3)
        t = np.random.randn(5, 2)
        w1 = np.random.randn(3, 4)
        w2 = np.random.randn(4, 2)
        h = np.tanh(x @ w1)
        y = h @ w2
        d2 = y - t
        dw2 = h.T @ d2
        dh = d2 @ w2
        d1 = dh * (1 - h ** 2)
        dw1 = x.T @ d1
        w1 -= 0.1 * dw1
        w2 -= 0.1 * dw2
        assert dw1.shape == w1.shape
'''


def test_a_finding_inside_a_test_function_is_uncertain() -> None:
    res = _result(_UNIT_TEST)
    assert [(f.code, f.confidence) for f in res.findings] == [("BP304", "medium")], res.findings
    assert any("test_two_layer_gradients is a test" in n for n in res.notes)
    # (the same statements outside a test are reported as before)
    body = _UNIT_TEST.replace("def test_two_layer_gradients():", "def check_two_layer_gradients():")
    assert [(f.code, f.confidence) for f in _result(body).findings] == [("BP304", "high")]


# ------------------------------------------------------------------ module protocols of course frameworks

# The packed-argument protocol of a course framework: `forward(self, *input)` reads `input[0]`,
# `backward(self, *gradwrtoutput)` reads `gradwrtoutput[0]`, torch tensors without autograd.
_PACKED = '''
    import torch


    class Module:
        def forward(self, *input):
            raise NotImplementedError

        def backward(self, *gradwrtoutput):
            raise NotImplementedError


    class Linear(Module):
        def __init__(self, n_in, n_out):
            self.w = torch.empty(n_out, n_in).normal_(0, 1e-1)
            self.b = torch.empty(n_out).zero_()
            self.dw = torch.zeros(n_out, n_in)
            self.db = torch.zeros(n_out)

        def forward(self, *input):
            self.x = input[0]
            return self.x.mm(self.w.t()) + self.b

        def backward(self, *gradwrtoutput):
            g = gradwrtoutput[0]
            self.dw.add_(g.t().mm(self.x))
            self.db.add_(g.sum(0))
            return g.mm(self.w)


    class Tanh(Module):
        def forward(self, *input):
            self.s = input[0]
            return self.s.tanh()

        def backward(self, *gradwrtoutput):
            return (1 - self.s.tanh() ** 2) * gradwrtoutput[0]
'''


def test_a_module_whose_one_argument_comes_packed_is_driven_with_it() -> None:
    k = _kinds(_PACKED)
    assert "F3" in k.get(_line(_PACKED, "self.dw.add_(g.t().mm(self.x))"), set())
    assert "F2" in k.get(_line(_PACKED, "return g.mm(self.w)"), set())
    assert "F1" in k.get(_line(_PACKED, "return (1 - self.s.tanh() ** 2) * gradwrtoutput[0]"), set())


# A container of layers its user adds: whatever each layer is, `grad = layer.backward(grad)` hands the gradient
# back to the layer's input (formula 2 by the protocol; a guess, as the layers are not in the file).
_CONTAINER = '''
    class Sequential:
        def __init__(self):
            self.layers = []

        def add(self, layer):
            self.layers.append(layer)

        def forward(self, x):
            for layer in self.layers:
                x = layer.forward(x)
            return x

        def backward(self, grad):
            for layer in reversed(self.layers):
                grad = layer.backward(grad)
            return grad
'''


def test_a_container_s_dispatch_to_layers_it_does_not_show_is_formula_two_with_low_confidence() -> None:
    tags = [t for t in _result(_CONTAINER).tags if t.line == _line(_CONTAINER, "grad = layer.backward(grad)")]
    assert [(t.kind, t.confidence) for t in tags] == [("F2", "low")]
    # (the forward dispatch is no backward statement)
    assert not _kinds(_CONTAINER).get(_line(_CONTAINER, "x = layer.forward(x)"))


# An attention's backward: `dp = g @ v.T` (the scores' gradient, here taken from the block's incoming gradient
# where the output projection's would be right) goes on into the softmax's backward. A product carried on as the
# error is no weight's gradient, so it is no formula 3 with a wrong input either.
_ATTENTION = '''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = 0.1 * np.random.randn(n_in, n_out)
            self.dW = np.zeros_like(self.W)

        def forward(self, x):
            self.x = x
            return x @ self.W

        def backward(self, g):
            self.dW = self.x.T @ g
            return g @ self.W.T


    def softmax_backward(p, g):
        return p * (g - (g * p).sum(axis=-1, keepdims=True))


    class Attention:
        def __init__(self, d):
            self.q = Dense(d, d)
            self.k = Dense(d, d)
            self.v = Dense(d, d)
            self.o = Dense(d, d)

        def forward(self, x):
            q, k, v = self.q.forward(x), self.k.forward(x), self.v.forward(x)
            s = q @ k.T
            p = np.exp(s - s.max(axis=-1, keepdims=True))
            p /= p.sum(axis=-1, keepdims=True)
            self.cache = (q, k, v, p)
            return self.o.forward(p @ v)

        def backward(self, g):
            q, k, v, p = self.cache
            d_out = self.o.backward(g)
            dv = self.v.backward(p.T @ d_out)
            dp = g @ v.T
            ds = softmax_backward(p, dp)
            dq = self.q.backward(ds @ k)
            dk = self.k.backward(ds.T @ q)
            return dq + dk + dv


    x = np.random.randn(6, 4)
    t = np.random.randn(6, 4)
    att = Attention(4)
    for it in range(100):
        y = att.forward(x)
        att.backward((y - t) / len(x))
        for layer in (att.q, att.k, att.v, att.o):
            layer.W -= 0.1 * layer.dW
'''


def test_a_product_handed_on_as_the_error_is_no_weight_gradient_with_a_wrong_input() -> None:
    assert "BP305" not in {f.code for f in _result(_ATTENTION).findings}


_HANDED = '''
    class Sequential:
        def __init__(self, modules):
            self.modules = modules

        def forward(self, inputs):
            out = inputs
            for module in self.modules:
                out = module.forward(out)
            return out

        def backward(self, gradwrtoutput):
            g = gradwrtoutput
            for module in self.modules[::-1]:
                g = module.backward(g)
            return g
'''


def test_the_same_dispatch_over_a_list_handed_to_the_constructor() -> None:
    # (`for module in self.modules[::-1]` of a course framework's container given its modules)
    tags = [t for t in _result(_HANDED).tags if t.line == _line(_HANDED, "g = module.backward(g)")]
    assert [(t.kind, t.confidence) for t in tags] == [("F2", "low")]


# The L1 penalty of the "from scratch" book's dense layer: its derivative, the sign of the weights built as an
# array of ones set to -1 where a weight is negative, added to the weight's gradient.
_L1 = '''
    import numpy as np


    class Layer_Dense:
        def __init__(self, n_inputs, n_neurons, weight_regularizer_l1=0, weight_regularizer_l2=0):
            self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
            self.biases = np.zeros((1, n_neurons))
            self.weight_regularizer_l1 = weight_regularizer_l1
            self.weight_regularizer_l2 = weight_regularizer_l2

        def forward(self, inputs):
            self.inputs = inputs
            self.output = np.dot(inputs, self.weights) + self.biases

        def backward(self, dvalues):
            self.dweights = np.dot(self.inputs.T, dvalues)
            self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
            if self.weight_regularizer_l1 > 0:
                dL1 = np.ones_like(self.weights)
                dL1[self.weights < 0] = -1
                self.dweights += self.weight_regularizer_l1 * dL1
            if self.weight_regularizer_l2 > 0:
                self.dweights += 2 * self.weight_regularizer_l2 * self.weights
            self.dinputs = np.dot(dvalues, self.weights.T)

'''


def test_an_l1_penalty_s_sign_array_added_to_a_gradient_is_part_of_formula_three() -> None:
    k = _kinds(_L1)
    assert "F3" in k.get(_line(_L1, "self.dweights += self.weight_regularizer_l1 * dL1"), set())
    # (guard) the L2 penalty beside it was read before too
    assert "F3" in k.get(_line(_L1, "self.dweights += 2 * self.weight_regularizer_l2 * self.weights"), set())


# An optimiser module of a keras-like package: `update_weights(self, layers, dW, db, learning_rate)` walks the
# network's list of layers by position, stepping each one's W and b with the gradient lists handed beside it.
_POSITIONAL_OPTIMISER = '''
    import numpy as np


    class GradientDescent:
        def update_weights(self, layers, dW, db, learning_rate):
            n_layers = len(layers)
            for i in range(n_layers - 1, 0, -1):
                layers[i].W -= learning_rate * dW[n_layers - 1 - i]
                layers[i].b -= learning_rate * db[n_layers - 1 - i]
'''


def test_an_optimiser_stepping_layers_by_position_in_the_list_it_is_handed() -> None:
    k = _kinds(_POSITIONAL_OPTIMISER)
    assert "update" in k.get(_line(_POSITIONAL_OPTIMISER, "layers[i].W -= learning_rate * dW[n_layers - 1 - i]"), set())
    assert "update" in k.get(_line(_POSITIONAL_OPTIMISER, "layers[i].b -= learning_rate * db[n_layers - 1 - i]"), set())


# A softmax taken one sample at a time (`np.array([softmax(z[b, :]) for b in range(B)])`): one row of the output
# layer's pre-activation is a sample, not a gate's slice, so the stacked rows are the layer's output and the
# per-sample cross-entropy derivative (`x[index] -= 1`) is the output error.
_PER_SAMPLE = '''
    import numpy as np


    def softmax(x):
        e = np.exp(x - np.max(x))
        return e / np.sum(e)


    def cross_entropy_d(x, index):
        x[index] -= 1
        return x


    X = np.random.randn(8, 4)
    Y = np.random.randint(0, 3, 8)
    W = 0.1 * np.random.randn(4, 3)
    b = np.zeros((1, 3))
    for it in range(100):
        z = np.dot(X, W) + b
        y_hat = np.array([softmax(z[i, :]) for i in range(8)])
        dy = np.array([cross_entropy_d(y_hat[i, :], Y[i]) for i in range(8)]) / 8
        dW = np.dot(X.T, dy)
        db = dy.sum(axis=0)
        W -= 0.5 * dW
        b -= 0.5 * db
'''


def test_a_softmax_taken_one_sample_at_a_time_is_the_layer_s_output() -> None:
    k = _kinds(_PER_SAMPLE)
    assert "error" in k.get(_line(_PER_SAMPLE, "x[index] -= 1"), set())
    assert "F3" in k.get(_line(_PER_SAMPLE, "dW = np.dot(X.T, dy)"), set())
    assert not _result(_PER_SAMPLE).findings


def test_a_call_returning_a_dict_of_gradients_is_tagged_with_what_its_entries_are() -> None:
    # `gradients = rnn_cell_backward(da, cache)`, `grads = L_model_backward(AL, Y, caches)`: a dict of gradients
    src = _HELPERS.replace("    return dout @ w.T, x.T @ dout, dout.sum(axis=0)\n",
                           "    return {'dx': dout @ w.T, 'dw': x.T @ dout, 'db': dout.sum(axis=0)}\n").replace(
        "        dx, dW, db = affine_backward(dscores, cache)\n        W -= 0.5 * dW\n        b -= 0.5 * db\n",
        "        grads = affine_backward(dscores, cache)\n        W -= 0.5 * grads['dw']\n        b -= 0.5 * grads['db']\n")
    assert "grads = affine_backward(dscores, cache)" in src
    assert "F3" in _kinds(src).get(_line(src, "grads = affine_backward(dscores, cache)"), set())
