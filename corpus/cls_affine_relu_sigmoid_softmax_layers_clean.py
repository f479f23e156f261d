"""Layer objects with forward/backward methods, in the style of small from-scratch textbooks.

Each layer remembers what its backward pass needs; Affine keeps its gradients in self.dW and
self.db for whoever applies the update.
"""
# bp-corpus: clean
# bp-style: layer classes with no driver in the file, row convention, np.dot, class Affine storing self.x and setting self.dW/self.db, class Relu with self.mask, class Sigmoid with self.out, class SoftmaxWithLoss with backward(dout=1) returning (self.y - self.t) / batch_size on one-hot targets
# bp-driver: drivers/cls_affine_relu_sigmoid_softmax_layers_clean_driver.py
import numpy as np


def softmax(x):
    x = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy_error(y, t):
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + 1e-7)) / batch_size


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)  # bp: F2
        self.dW = np.dot(self.x.T, dout)  # bp: F3[self.W]
        self.db = np.sum(dout, axis=0)  # bp: F3[self.b]
        return dx


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0  # bp: F1
        dx = dout
        return dx


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        dx = dout * (1.0 - self.out) * self.out  # bp: F1
        return dx


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = (self.y - self.t) / batch_size  # bp: error F1
        return dx
