# bp-corpus: clean
# bp-driver: drivers/cls_accumulated_gradient_buffers_clean_driver.py
# bp-style: layer classes, row convention, one sample at a time; the product and the bias are layers
# of their own, each summing its gradient over a mini-batch into a zero-started buffer named after
# the parameter (W_acc, b_acc, _offset_grad); functions step the parameters with them and clear them
import numpy as np


class MatMul:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, 0.4, (n_in, n_out))
        self.W_acc = np.zeros_like(self.W)

    def forward(self, x):
        self.x = x
        return x @ self.W

    def backward(self, g):
        self.W_acc += np.outer(self.x, g)                            # bp: F3
        return g @ self.W.T                                          # bp: F2


class AddBias:
    def __init__(self, n):
        self.b = np.zeros(n)
        self.b_acc = np.zeros_like(self.b)

    def forward(self, x):
        return x + self.b

    def backward(self, g):
        self.b_acc += g
        return g


class Shift:
    """An output offset kept private, its gradient summed in `_offset_grad`."""

    def __init__(self, n):
        self._offset = np.zeros(n)
        self._offset_grad = np.zeros_like(self._offset)

    def forward(self, x):
        return x + self._offset

    def backward(self, g):
        self._offset_grad += g
        return g


def step_matmul(layer, lr, n):
    layer.W -= lr * layer.W_acc / n                                  # bp: update
    layer.W_acc[...] = 0


def step_bias(layer, lr, n):
    layer.b -= lr * layer.b_acc / n                                  # bp: update
    layer.b_acc[...] = 0


def step_shift(layer, lr, n):
    layer._offset -= lr * layer._offset_grad / n                     # bp: update
    layer._offset_grad[...] = 0
