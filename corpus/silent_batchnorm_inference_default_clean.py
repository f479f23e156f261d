# bp-corpus: clean
# bp-driver: drivers/silent_batchnorm_inference_default_clean_driver.py
# bp-style: batch-norm layer class whose forward defaults to inference (`forward(x, training=False)`: running statistics, no cache) and whose backward reads what the training branch keeps (`self.xhat`, `self.inv`); parameters made by a `setup(shape)` method; the scale's gradient is `sum(dout * xhat)` and the shift's `sum(dout)`, each applied to its own parameter - read through the training pass that backward follows, nothing is crossed; a layer library trained by its driver
"""A batch-norm layer that runs in inference mode unless told it is training."""
import numpy as np


class Norm:
    def __init__(self, eps=1e-5, momentum=0.9):
        self.eps = eps
        self.momentum = momentum

    def setup(self, shape):
        c = shape[-1]
        self.scale = np.ones(c)
        self.shift = np.zeros(c)
        self.run_mu, self.run_var = np.zeros(c), np.ones(c)

    def forward(self, x, training=False):
        if training:
            mu, var = x.mean(axis=0), x.var(axis=0)
            self.inv = 1.0 / np.sqrt(var + self.eps)
            self.xhat = (x - mu) * self.inv
            self.run_mu = self.momentum * self.run_mu + (1 - self.momentum) * mu
            self.run_var = self.momentum * self.run_var + (1 - self.momentum) * var
            return self.scale * self.xhat + self.shift
        xhat = (x - self.run_mu) / np.sqrt(self.run_var + self.eps)
        return self.scale * xhat + self.shift

    def backward(self, dout, lr):
        n = dout.shape[0]
        g_scale = np.sum(dout * self.xhat, axis=0)  # bp: F3[self.scale]
        g_shift = np.sum(dout, axis=0)  # bp: F3[self.shift]
        dxhat = dout * self.scale  # bp: F2
        dx = self.inv / n * (n * dxhat - dxhat.sum(axis=0) - self.xhat * (dxhat * self.xhat).sum(axis=0))  # bp: F1
        self.scale -= lr * g_scale  # bp: update[self.scale]
        self.shift -= lr * g_shift  # bp: update[self.shift]
        return dx
