"""A synthetic 300-file backprop project for benchmarks/run.py (issue 15's project-mode cost).

`write_project(root)` writes:

* `synthnet/`: a package of 21 modules - functional layers (affine, activations, batchnorm,
  dropout, convolution, pooling, RNN step) returning `(out, cache)` / taking `(dout, cache)`,
  sandwich helpers reached by a package-relative star import, losses, cs231n-style update
  rules, optimiser classes, layer classes and a `Sequential`, a deeplearning.ai-style dict-keyed
  L-layer module, a model class whose `loss(X, y)` returns `(loss, grads)`, a solver, data and
  gradient-check helpers;
* `synthnet/experiments/__init__.py` and 278 files that use the package, seven kinds in turn (40
  each of the first five, 39 of the last two): scripts with explicit imports and `import synthnet.optim as optim`,
  scripts with star imports, model + solver drivers at the project root, layer-class scripts,
  dict-keyed L-layer scripts, package modules under `synthnet/experiments/` with relative
  imports (`from ..layers import *`, `from .. import optim`), and gradient-check scripts with a
  layer of their own (`import synthnet.layers as L`);
* `pyproject.toml`, so that the project root (and the cache) are where a user's would be.

Every variant differs in sizes, seeds, activation, update rule and names; all of it is ordinary
correct code of our own writing. Deterministic: the same files every run.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

PACKAGE = "synthnet"
TOTAL_FILES = 300

MODULES: dict[str, str] = {}

MODULES["__init__.py"] = '''\
"""synthnet: a small numpy network library (synthetic input of the bpscan benchmark)."""
'''

MODULES["layers.py"] = '''\
"""Layer functions: *_forward(x, ...) returns (out, cache); *_backward(dout, cache) returns the gradients."""
import numpy as np


def affine_forward(x, w, b):
    flat = x.reshape(x.shape[0], -1)
    out = flat @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    flat = x.reshape(x.shape[0], -1)
    dw = flat.T @ dout
    db = dout.sum(axis=0)
    dx = (dout @ w.T).reshape(x.shape)
    return dx, dw, db


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    dx = dout.copy()
    dx[cache <= 0] = 0
    return dx


def sigmoid_forward(x):
    out = 1.0 / (1.0 + np.exp(-x))
    return out, out


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    return dout * (1.0 - cache ** 2)


def leaky_relu_forward(x, alpha=0.01):
    out = np.where(x > 0, x, alpha * x)
    return out, (x, alpha)


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    return np.where(x > 0, dout, alpha * dout)
'''

MODULES["losses.py"] = '''\
"""Losses returning (loss, gradient with respect to the scores)."""
import numpy as np


def softmax_loss(scores, y):
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(n), y] + 1e-12))
    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1
    dscores /= n
    return loss, dscores


def svm_loss(scores, y, margin=1.0):
    n = scores.shape[0]
    correct = scores[np.arange(n), y][:, None]
    margins = np.maximum(0, scores - correct + margin)
    margins[np.arange(n), y] = 0
    loss = margins.sum() / n
    positive = (margins > 0).astype(scores.dtype)
    positive[np.arange(n), y] = -positive.sum(axis=1)
    dscores = positive / n
    return loss, dscores


def mse_loss(pred, target):
    diff = pred - target
    loss = 0.5 * np.mean(np.sum(diff ** 2, axis=1))
    dpred = diff / pred.shape[0]
    return loss, dpred
'''

MODULES["layer_utils.py"] = '''\
"""Sandwich layers built from the plain ones."""
from .layers import *


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    return affine_backward(da, fc_cache)


def affine_sigmoid_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, act_cache = sigmoid_forward(a)
    return out, (fc_cache, act_cache)


def affine_sigmoid_backward(dout, cache):
    fc_cache, act_cache = cache
    da = sigmoid_backward(dout, act_cache)
    return affine_backward(da, fc_cache)


def affine_tanh_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, act_cache = tanh_forward(a)
    return out, (fc_cache, act_cache)


def affine_tanh_backward(dout, cache):
    fc_cache, act_cache = cache
    da = tanh_backward(dout, act_cache)
    return affine_backward(da, fc_cache)
'''

MODULES["batchnorm.py"] = '''\
"""Batch normalisation over the batch axis."""
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    std = np.sqrt(var + eps)
    xhat = xc / std
    out = gamma * xhat + beta
    return out, (xhat, gamma, std)


def batchnorm_backward(dout, cache):
    xhat, gamma, std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = (n * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (n * std)
    return dx, dgamma, dbeta
'''

MODULES["dropout.py"] = '''\
"""Inverted dropout."""
import numpy as np


def dropout_forward(x, keep, rng, train=True):
    if not train:
        return x, None
    mask = (rng.rand(*x.shape) < keep) / keep
    return x * mask, mask


def dropout_backward(dout, cache):
    mask = cache
    if mask is None:
        return dout
    return dout * mask
'''

MODULES["conv.py"] = '''\
"""A naive convolution layer, NCHW."""
import numpy as np


def conv_forward_naive(x, w, b, stride=1, pad=0):
    n, c, h, wd = x.shape
    f, _, hh, ww = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    h_out = 1 + (h + 2 * pad - hh) // stride
    w_out = 1 + (wd + 2 * pad - ww) // stride
    out = np.zeros((n, f, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = xp[:, :, i * stride:i * stride + hh, j * stride:j * stride + ww]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out, (x, w, b, stride, pad)


def conv_backward_naive(dout, cache):
    x, w, b, stride, pad = cache
    f, _, hh, ww = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            window = xp[:, :, i * stride:i * stride + hh, j * stride:j * stride + ww]
            dw += np.tensordot(dout[:, :, i, j], window, axes=([0], [0]))
            dxp[:, :, i * stride:i * stride + hh, j * stride:j * stride + ww] += np.tensordot(
                dout[:, :, i, j], w, axes=([1], [0]))
    dx = dxp[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]]
    return dx, dw, db
'''

MODULES["pooling.py"] = '''\
"""Max pooling, NCHW, non-overlapping windows."""
import numpy as np


def max_pool_forward(x, size=2):
    n, c, h, w = x.shape
    blocks = x.reshape(n, c, h // size, size, w // size, size)
    out = blocks.max(axis=(3, 5))
    return out, (x, out, size)


def max_pool_backward(dout, cache):
    x, out, size = cache
    n, c, h, w = x.shape
    blocks = x.reshape(n, c, h // size, size, w // size, size)
    mask = blocks == out[:, :, :, None, :, None]
    dblocks = mask * dout[:, :, :, None, :, None]
    return dblocks.reshape(x.shape)
'''

MODULES["rnn.py"] = '''\
"""A vanilla RNN step."""
import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dz = dnext_h * (1 - next_h ** 2)
    dx = dz @ Wx.T
    dprev_h = dz @ Wh.T
    dWx = x.T @ dz
    dWh = prev_h.T @ dz
    db = dz.sum(axis=0)
    return dx, dprev_h, dWx, dWh, db
'''

MODULES["optim.py"] = '''\
"""Update rules rule(w, dw, config) -> (next_w, config); dw is the gradient of the loss."""
import numpy as np


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    w = w - config["learning_rate"] * dw
    return w, config


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    config["cache"] = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    return next_w, config


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    config["t"] += 1
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * dw ** 2
    mhat = config["m"] / (1 - config["beta1"] ** config["t"])
    vhat = config["v"] / (1 - config["beta2"] ** config["t"])
    next_w = w - config["learning_rate"] * mhat / (np.sqrt(vhat) + config["epsilon"])
    return next_w, config
'''

MODULES["schedules.py"] = '''\
"""Learning-rate schedules."""
import math


def step_decay(lr, epoch, drop=0.5, every=10):
    return lr * drop ** (epoch // every)


def exponential_decay(lr, epoch, rate=0.95):
    return lr * rate ** epoch


def cosine(lr, epoch, total):
    return 0.5 * lr * (1 + math.cos(math.pi * epoch / total))
'''

MODULES["initializers.py"] = '''\
"""Weight initialisation."""
import numpy as np


def he_normal(fan_in, fan_out, rng):
    return rng.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)


def xavier_uniform(fan_in, fan_out, rng):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def zeros(n):
    return np.zeros(n)
'''

MODULES["model.py"] = '''\
"""A two-layer classifier: affine - relu - affine - softmax."""
import numpy as np

from .layer_utils import *
from .losses import softmax_loss


class TwoLayerNet:
    def __init__(self, input_dim, hidden_dim, num_classes, weight_scale=1e-2, reg=0.0, seed=0):
        rng = np.random.RandomState(seed)
        self.reg = reg
        self.params = {
            "W1": weight_scale * rng.randn(input_dim, hidden_dim),
            "b1": np.zeros(hidden_dim),
            "W2": weight_scale * rng.randn(hidden_dim, num_classes),
            "b2": np.zeros(num_classes),
        }

    def loss(self, X, y=None):
        h, cache1 = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, cache2 = affine_forward(h, self.params["W2"], self.params["b2"])
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.sum(self.params["W1"] ** 2) + np.sum(self.params["W2"] ** 2))
        grads = {}
        dh, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dh, cache1)
        grads["W2"] += self.reg * self.params["W2"]
        grads["W1"] += self.reg * self.params["W1"]
        return loss, grads
'''

MODULES["fc_net.py"] = '''\
"""A fully connected net of any depth, parameters keyed W1, b1, ..., WL, bL."""
import numpy as np

from . import layers
from .losses import softmax_loss


class FullyConnectedNet:
    def __init__(self, dims, weight_scale=1e-2, seed=0):
        rng = np.random.RandomState(seed)
        self.num_layers = len(dims) - 1
        self.params = {}
        for i in range(self.num_layers):
            self.params["W%d" % (i + 1)] = weight_scale * rng.randn(dims[i], dims[i + 1])
            self.params["b%d" % (i + 1)] = np.zeros(dims[i + 1])

    def loss(self, X, y=None):
        caches = []
        out = X
        for i in range(1, self.num_layers):
            a, fc = layers.affine_forward(out, self.params["W%d" % i], self.params["b%d" % i])
            out, rc = layers.relu_forward(a)
            caches.append((fc, rc))
        last = self.num_layers
        scores, fc_last = layers.affine_forward(out, self.params["W%d" % last], self.params["b%d" % last])
        if y is None:
            return scores
        loss, dout = softmax_loss(scores, y)
        grads = {}
        dout, grads["W%d" % last], grads["b%d" % last] = layers.affine_backward(dout, fc_last)
        for i in reversed(range(1, self.num_layers)):
            fc, rc = caches[i - 1]
            da = layers.relu_backward(dout, rc)
            dout, grads["W%d" % i], grads["b%d" % i] = layers.affine_backward(da, fc)
        return loss, grads
'''

MODULES["solver.py"] = '''\
"""Minibatch training of any model with loss(X, y) -> (loss, grads) and a params dict."""
import numpy as np

from . import optim


class Solver:
    def __init__(self, model, X, y, update_rule="sgd", optim_config=None, batch_size=32, seed=0):
        self.model = model
        self.X = X
        self.y = y
        self.update_rule = getattr(optim, update_rule)
        self.batch_size = batch_size
        self.rng = np.random.RandomState(seed)
        self.configs = {k: dict(optim_config or {}) for k in model.params}
        self.loss_history = []

    def step(self):
        idx = self.rng.choice(self.X.shape[0], self.batch_size)
        loss, grads = self.model.loss(self.X[idx], self.y[idx])
        self.loss_history.append(loss)
        for k, w in self.model.params.items():
            next_w, self.configs[k] = self.update_rule(w, grads[k], self.configs[k])
            self.model.params[k] = next_w

    def train(self, steps):
        for _ in range(steps):
            self.step()
        return self.loss_history
'''

MODULES["modules.py"] = '''\
"""Layer objects: forward keeps what backward needs; backward stores dW and db and returns dx."""
import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dout @ self.W.T


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class SoftmaxWithLoss:
    def __init__(self):
        self.p = None
        self.t = None

    def forward(self, x, t):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.p = e / e.sum(axis=1, keepdims=True)
        self.t = t
        return -np.mean(np.log(self.p[np.arange(len(t)), t] + 1e-7))

    def backward(self, dout=1.0):
        dx = self.p.copy()
        dx[np.arange(len(self.t)), self.t] -= 1
        return dout * dx / len(self.t)
'''

MODULES["sequential.py"] = '''\
"""A stack of layer objects trained by backpropagation."""
from .modules import Affine, Relu, Sigmoid, SoftmaxWithLoss


class Sequential:
    def __init__(self, layers):
        self.layers = list(layers)
        self.last = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last.forward(self.predict(x), t)

    def gradient(self, x, t):
        loss = self.loss(x, t)
        dout = self.last.backward(1.0)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        params, grads = [], []
        for layer in self.layers:
            if isinstance(layer, Affine):
                params.extend([layer.W, layer.b])
                grads.extend([layer.dW, layer.db])
        return loss, params, grads
'''

MODULES["optimizers.py"] = '''\
"""Optimiser objects updating lists of parameter arrays in place."""
import numpy as np


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for p, g in zip(params, grads):
            p -= self.lr * g


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for i, (p, g) in enumerate(zip(params, grads)):
            self.v[i] = self.momentum * self.v[i] - self.lr * g
            p += self.v[i]


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.t = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        for i, (p, g) in enumerate(zip(params, grads)):
            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g
            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g * g
            mhat = self.m[i] / (1 - self.beta1 ** self.t)
            vhat = self.v[i] / (1 - self.beta2 ** self.t)
            p -= self.lr * mhat / (np.sqrt(vhat) + 1e-8)
'''

MODULES["dnn_utils.py"] = '''\
"""An L-layer network with column-major activations and parameters in a dict keyed W1, b1, ..."""
import numpy as np


def initialize_parameters_deep(layer_dims, seed=1):
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_activation_forward(A_prev, W, b, activation):
    Z = W @ A_prev + b
    if activation == "sigmoid":
        A = 1 / (1 + np.exp(-Z))
    else:
        A = np.maximum(0, Z)
    return A, (A_prev, W, b, Z)


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(np.squeeze(cost))


def linear_activation_backward(dA, cache, activation):
    A_prev, W, b, Z = cache
    if activation == "sigmoid":
        s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s)
    else:
        dZ = np.array(dA, copy=True)
        dZ[Z <= 0] = 0
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(
        dAL, caches[L - 1], "sigmoid")
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] -= learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] -= learning_rate * grads["db" + str(l + 1)]
    return parameters
'''

MODULES["data.py"] = '''\
"""Toy data."""
import numpy as np


def make_blobs(n_per_class, dim, classes, rng, spread=1.0):
    centres = rng.randn(classes, dim) * 3
    X = np.concatenate([c + spread * rng.randn(n_per_class, dim) for c in centres])
    y = np.repeat(np.arange(classes), n_per_class)
    return X, y


def one_hot(y, classes):
    out = np.zeros((y.shape[0], classes))
    out[np.arange(y.shape[0]), y] = 1
    return out


def minibatches(X, y, size, rng):
    order = rng.permutation(X.shape[0])
    for start in range(0, X.shape[0], size):
        idx = order[start:start + size]
        yield X[idx], y[idx]
'''

MODULES["metrics.py"] = '''\
"""Accuracy and a numerical gradient for checking backward passes."""
import numpy as np


def accuracy(scores, y):
    return float(np.mean(np.argmax(scores, axis=1) == y))


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        plus = f(x)
        x[i] = old - h
        minus = f(x)
        x[i] = old
        grad[i] = (plus - minus) / (2 * h)
        it.iternext()
    return grad


def relative_error(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
'''

ACTS = ("relu", "sigmoid", "tanh")
RULES = ("sgd", "sgd_momentum", "rmsprop", "adam")


def _v(i: int) -> dict[str, object]:
    """The knobs of variant i."""
    return {
        "i": i,
        "seed": 1000 + i,
        "dim": 3 + i % 5,
        "hidden": 8 + 4 * (i % 7),
        "classes": 2 + i % 4,
        "n": 30 + 5 * (i % 6),
        "lr": [0.1, 0.05, 0.02, 0.01, 0.005][i % 5],
        "reg": [0.0, 1e-4, 1e-3][i % 3],
        "epochs": 3 + i % 4,
        "batch": [8, 16, 32][i % 3],
        "act": ACTS[i % 3],
        "rule": RULES[i % 4],
        "scale": [0.01, 0.05, 0.1][i % 3],
    }


def fn_script(i: int) -> tuple[str, str]:
    v = _v(i)
    return f"scripts/train_fn_{i:03d}.py", f'''\
"""Two-layer net on blobs, variant {i}: functional layers, {v["act"]}, optim.{v["rule"]}."""
import numpy as np

from {PACKAGE}.data import make_blobs, minibatches
from {PACKAGE}.layers import affine_backward, affine_forward, {v["act"]}_backward, {v["act"]}_forward
from {PACKAGE}.losses import softmax_loss
import {PACKAGE}.optim as optim

rng = np.random.RandomState({v["seed"]})
X, y = make_blobs({v["n"]}, {v["dim"]}, {v["classes"]}, rng)
W1 = {v["scale"]} * rng.randn({v["dim"]}, {v["hidden"]})
b1 = np.zeros({v["hidden"]})
W2 = {v["scale"]} * rng.randn({v["hidden"]}, {v["classes"]})
b2 = np.zeros({v["classes"]})
configs = [{{"learning_rate": {v["lr"]}}} for _ in range(4)]
reg = {v["reg"]}

for epoch in range({v["epochs"]}):
    for xb, yb in minibatches(X, y, {v["batch"]}, rng):
        a1, c1 = affine_forward(xb, W1, b1)
        h1, c2 = {v["act"]}_forward(a1)
        scores, c3 = affine_forward(h1, W2, b2)
        loss, dscores = softmax_loss(scores, yb)
        loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dh1, dW2, db2 = affine_backward(dscores, c3)
        da1 = {v["act"]}_backward(dh1, c2)
        _, dW1, db1 = affine_backward(da1, c1)
        dW1 += reg * W1
        dW2 += reg * W2
        W1, configs[0] = optim.{v["rule"]}(W1, dW1, configs[0])
        b1, configs[1] = optim.{v["rule"]}(b1, db1, configs[1])
        W2, configs[2] = optim.{v["rule"]}(W2, dW2, configs[2])
        b2, configs[3] = optim.{v["rule"]}(b2, db2, configs[3])
    print("epoch", epoch, "loss", loss)
'''


def star_script(i: int) -> tuple[str, str]:
    v = _v(i)
    act = v["act"]
    return f"scripts/train_star_{i:03d}.py", f'''\
"""Variant {i}: sandwich layers and losses by star import, momentum kept per parameter."""
import numpy as np

from {PACKAGE}.layer_utils import *
from {PACKAGE}.losses import *
from {PACKAGE}.optim import sgd_momentum


def init_params(rng):
    return {{
        "W1": {v["scale"]} * rng.randn({v["dim"]}, {v["hidden"]}),
        "b1": np.zeros({v["hidden"]}),
        "W2": {v["scale"]} * rng.randn({v["hidden"]}, {v["classes"]}),
        "b2": np.zeros({v["classes"]}),
    }}


rng = np.random.RandomState({v["seed"]})
X = rng.randn({v["n"] * 2}, {v["dim"]})
y = rng.randint({v["classes"]}, size={v["n"] * 2})
params = init_params(rng)
state = {{name: {{"learning_rate": {v["lr"]}, "momentum": 0.9}} for name in params}}

for it in range({v["epochs"] * 20}):
    h, cache1 = affine_{act}_forward(X, params["W1"], params["b1"])
    scores, cache2 = affine_forward(h, params["W2"], params["b2"])
    loss, dscores = {"svm_loss" if i % 2 else "softmax_loss"}(scores, y)
    grads = {{}}
    dh, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)
    _, grads["W1"], grads["b1"] = affine_{act}_backward(dh, cache1)
    for name in params:
        params[name], state[name] = sgd_momentum(params[name], grads[name], state[name])
    if it % 10 == 0:
        print(it, loss)
'''


def model_script(i: int) -> tuple[str, str]:
    v = _v(i)
    return f"train_model_{i:03d}.py", f'''\
"""Variant {i}: the package's TwoLayerNet trained by its Solver with {v["rule"]}."""
import numpy as np

from {PACKAGE}.data import make_blobs
from {PACKAGE}.metrics import accuracy
from {PACKAGE}.model import TwoLayerNet
from {PACKAGE}.solver import Solver

rng = np.random.RandomState({v["seed"]})
X, y = make_blobs({v["n"]}, {v["dim"]}, {v["classes"]}, rng)
model = TwoLayerNet({v["dim"]}, {v["hidden"]}, {v["classes"]}, weight_scale={v["scale"]}, reg={v["reg"]}, seed={i})
solver = Solver(model, X, y, update_rule="{v["rule"]}", optim_config={{"learning_rate": {v["lr"]}}},
                batch_size={v["batch"]}, seed={i})
for epoch in range({v["epochs"]}):
    solver.train(25)
    print("epoch", epoch, "accuracy", accuracy(model.loss(X), y))
loss, grads = model.loss(X, y)
print("final loss", loss, "|dW1|", np.abs(grads["W1"]).max())
'''


def class_script(i: int) -> tuple[str, str]:
    v = _v(i)
    act = "Relu" if v["act"] != "sigmoid" else "Sigmoid"
    opt = ["SGD", "Momentum", "Adam"][i % 3]
    return f"scripts/train_cls_{i:03d}.py", f'''\
"""Variant {i}: layer objects in a Sequential, updated by {opt}."""
import numpy as np

from {PACKAGE}.modules import Affine, {act}
from {PACKAGE}.optimizers import {opt}
from {PACKAGE}.sequential import Sequential


def build(rng):
    return Sequential([
        Affine({v["scale"]} * rng.randn({v["dim"]}, {v["hidden"]}), np.zeros({v["hidden"]})),
        {act}(),
        Affine({v["scale"]} * rng.randn({v["hidden"]}, {v["classes"]}), np.zeros({v["classes"]})),
    ])


rng = np.random.RandomState({v["seed"]})
x = rng.randn({v["n"]}, {v["dim"]})
t = rng.randint({v["classes"]}, size={v["n"]})
net = build(rng)
optimizer = {opt}(lr={v["lr"]})
for step in range({v["epochs"] * 30}):
    loss, params, grads = net.gradient(x, t)
    optimizer.update(params, grads)
    if step % 30 == 0:
        print(step, loss)
'''


def dnn_script(i: int) -> tuple[str, str]:
    v = _v(i)
    depth = 2 + i % 3
    dims = [v["dim"]] + [v["hidden"]] * (depth - 1) + [1]
    return f"scripts/train_dnn_{i:03d}.py", f'''\
"""Variant {i}: a {depth}-layer binary classifier from dnn_utils, examples in columns."""
import numpy as np

import {PACKAGE}.dnn_utils as du

rng = np.random.RandomState({v["seed"]})
X = rng.randn({v["dim"]}, {v["n"] * 4})
Y = (X[0:1, :] + X[1:2, :] > 0).astype(float)
layer_dims = {dims}
parameters = du.initialize_parameters_deep(layer_dims, seed={i})
costs = []
for it in range({v["epochs"] * 100}):
    AL, caches = du.L_model_forward(X, parameters)
    cost = du.compute_cost(AL, Y)
    grads = du.L_model_backward(AL, Y, caches)
    parameters = du.update_parameters(parameters, grads, {v["lr"] * 5})
    if it % 100 == 0:
        costs.append(cost)
print(costs)
'''


def experiment_module(i: int) -> tuple[str, str]:
    v = _v(i)
    return f"{PACKAGE}/experiments/exp_{i:03d}.py", f'''\
"""Experiment {i}: a {v["act"]} net trained with optim.{v["rule"]}, called by a runner elsewhere."""
import numpy as np

from .. import optim
from ..layers import *
from ..losses import softmax_loss


def init(rng, dims=({v["dim"]}, {v["hidden"]}, {v["classes"]})):
    d, h, c = dims
    return {{"W1": {v["scale"]} * rng.randn(d, h), "b1": np.zeros(h),
            "W2": {v["scale"]} * rng.randn(h, c), "b2": np.zeros(c)}}


def loss_and_grads(p, X, y):
    a1, c1 = affine_forward(X, p["W1"], p["b1"])
    h1, c2 = {v["act"]}_forward(a1)
    scores, c3 = affine_forward(h1, p["W2"], p["b2"])
    loss, dscores = softmax_loss(scores, y)
    g = {{}}
    dh1, g["W2"], g["b2"] = affine_backward(dscores, c3)
    da1 = {v["act"]}_backward(dh1, c2)
    _, g["W1"], g["b1"] = affine_backward(da1, c1)
    return loss, g


def run_{i:03d}(X, y, steps={v["epochs"] * 50}, seed={v["seed"]}):
    p = init(np.random.RandomState(seed))
    configs = {{k: {{"learning_rate": {v["lr"]}}} for k in p}}
    history = []
    for _ in range(steps):
        loss, g = loss_and_grads(p, X, y)
        for k in p:
            p[k], configs[k] = optim.{v["rule"]}(p[k], g[k], configs[k])
        history.append(loss)
    return p, history
'''


def gradcheck_script(i: int) -> tuple[str, str]:
    v = _v(i)
    return f"scripts/gradcheck_{i:03d}.py", f'''\
"""Variant {i}: check the package's backward passes, and a scaled-{v["act"]} layer of our own, numerically."""
import numpy as np

import {PACKAGE}.layers as L
from {PACKAGE}.metrics import numerical_gradient, relative_error


def scaled_forward(x, w, gain={1 + i % 3}.0):
    z = x @ w
    out, act = L.{v["act"]}_forward(gain * z)
    return out, (x, w, gain, act)


def scaled_backward(dout, cache):
    x, w, gain, act = cache
    dz = gain * L.{v["act"]}_backward(dout, act)
    dw = x.T @ dz
    dx = dz @ w.T
    return dx, dw


rng = np.random.RandomState({v["seed"]})
x = rng.randn({v["n"] // 5}, {v["dim"]})
w = rng.randn({v["dim"]}, {v["hidden"]})
b = rng.randn({v["hidden"]})
dout = rng.randn({v["n"] // 5}, {v["hidden"]})

out, cache = L.affine_forward(x, w, b)
dx, dw, db = L.affine_backward(dout, cache)
dw_num = numerical_gradient(lambda w_: np.sum(L.affine_forward(x, w_, b)[0] * dout), w)
print("affine dw error", relative_error(dw, dw_num))

out, cache = scaled_forward(x, w)
dx, dw = scaled_backward(dout, cache)
dw_num = numerical_gradient(lambda w_: np.sum(scaled_forward(x, w_)[0] * dout), w)
print("scaled dw error", relative_error(dw, dw_num))
'''


KINDS = (fn_script, star_script, model_script, class_script, dnn_script, experiment_module, gradcheck_script)

#: the leaf script the cached-run benchmark edits: nothing imports it
LEAF = "scripts/train_fn_000.py"


def files() -> dict[str, str]:
    """Relative path -> text of every file of the project, in a fixed order."""
    out: dict[str, str] = {f"{PACKAGE}/{name}": text for name, text in MODULES.items()}
    out[f"{PACKAGE}/experiments/__init__.py"] = '"""Experiments, each a module with a run_<n>(X, y)."""\n'
    i = 0
    while len(out) < TOTAL_FILES:
        rel, text = KINDS[i % len(KINDS)](i // len(KINDS))
        out[rel] = textwrap.dedent(text)
        i += 1
    return out


def write_project(root: Path) -> list[Path]:
    """Write the project under root; return the paths of its .py files (sorted)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[project]\nname = "synthnet-bench"\nversion = "0"\n', encoding="utf-8")
    paths = []
    for rel, text in files().items():
        ast.parse(text, rel)  # the generator must produce valid Python
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(paths)


def write_isolated(paths: list[Path], root: Path, base: Path) -> list[Path]:
    """Each file copied alone into its own empty directory under base: no project import resolves."""
    out = []
    for n, path in enumerate(paths):
        d = base / f"{n:03d}"
        d.mkdir(parents=True)
        target = d / path.name
        target.write_bytes(path.read_bytes())
        out.append(target)
    return out


if __name__ == "__main__":  # write the project somewhere to look at it: python benchmarks/synth_project.py DIR
    import sys

    written = write_project(Path(sys.argv[1]))
    print(f"{len(written)} files under {sys.argv[1]}")
