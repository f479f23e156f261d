"""Loss functions as objects: calling one gives the mean loss, ``gradient`` gives its derivative
with respect to the network's output, which is where a backward pass starts.

All three take the output first and the labels second.  ``SoftmaxCrossEntropy`` takes raw scores
and integer labels; its gradient is with respect to the scores, so the softmax derivative has
already cancelled into ``probs - onehot``.
"""
# bp-corpus: clean
# bp-style: loss classes with no driver in the file, __call__(self, predictions, labels) returning the mean loss and gradient(self, predictions, labels) returning dL/d(output): MSE 2 * (predictions - labels) / labels.size, binary cross-entropy written out term by term with an eps, softmax cross-entropy on logits returning (probs - onehot) / n
# bp-driver: drivers/objs_loss_classes_gradient_clean_driver.py
import numpy as np


class MeanSquaredError:
    def __call__(self, predictions, labels):
        return float(np.mean((predictions - labels) ** 2))

    def gradient(self, predictions, labels):
        return 2 * (predictions - labels) / labels.size  # bp: error


class BinaryCrossEntropy:
    """Expects probabilities (a sigmoid output) and 0/1 labels of the same shape."""

    def __init__(self, eps=1e-12):
        self.eps = eps

    def __call__(self, predictions, labels):
        eps = self.eps
        terms = labels * np.log(predictions + eps) + (1 - labels) * np.log(1 - predictions + eps)
        return float(-np.mean(terms))

    def gradient(self, predictions, labels):
        eps = self.eps
        grad = -(labels / (predictions + eps) - (1 - labels) / (1 - predictions + eps))  # bp: error
        return grad / labels.size  # bp: error


class SoftmaxCrossEntropy:
    """Expects raw class scores of shape (n, k) and integer labels of shape (n,)."""

    @staticmethod
    def _probs(logits):
        shifted = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        return e / e.sum(axis=1, keepdims=True)

    def __call__(self, logits, labels):
        probs = self._probs(logits)
        n = logits.shape[0]
        return float(-np.mean(np.log(probs[np.arange(n), labels] + 1e-12)))

    def gradient(self, logits, labels):
        probs = self._probs(logits)
        n, k = logits.shape
        onehot = np.zeros((n, k))
        onehot[np.arange(n), labels] = 1.0
        return (probs - onehot) / n  # bp: error F1
