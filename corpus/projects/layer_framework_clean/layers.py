"""Layer objects: forward(x) remembers what backward needs; backward(grad) returns the input gradient.

Dense keeps its parameter gradients in self.dW and self.db for the optimiser to apply.
Row convention: x is (N, n_in), W is (n_in, n_out).
"""
# bp-corpus: clean
# bp-style: layer classes module beside the script, row convention, @ operator, class Dense keeping self.x and setting self.dW/self.db in backward, class ReLU keeping its input, class SoftmaxCrossEntropy with forward(logits, labels) and backward() returning (probs - onehot) / n
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
        self.b = np.zeros(n_out)
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        self.dW = self.x.T @ grad  # bp: F3[self.W]
        self.db = grad.sum(axis=0)  # bp: F3[self.b]
        return grad @ self.W.T  # bp: F2


class ReLU:
    def __init__(self):
        self.x = None

    def forward(self, x):
        self.x = x
        return np.maximum(x, 0.0)

    def backward(self, grad):
        return grad * (self.x > 0)  # bp: F1


class SoftmaxCrossEntropy:
    def __init__(self):
        self.probs = None
        self.labels = None

    def forward(self, logits, labels):
        shifted = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        self.probs = e / e.sum(axis=1, keepdims=True)
        self.labels = labels
        n = logits.shape[0]
        return -np.mean(np.log(self.probs[np.arange(n), labels] + 1e-12))

    def backward(self):
        n = self.probs.shape[0]
        onehot = np.zeros_like(self.probs)
        onehot[np.arange(n), self.labels] = 1.0
        return (self.probs - onehot) / n  # bp: error F1
