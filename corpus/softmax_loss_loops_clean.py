"""Softmax (cross-entropy) loss of a linear classifier, cs231n-assignment style: a naive version
with explicit loops and a vectorized one. Nothing here trains; the driver fits a classifier with
each function.

W is (D, C), X is (N, D) with samples as rows, y is (N,) integer labels in 0..C-1."""
# bp-corpus: clean
# bp-style: linear classifier loss library (no hidden layer), row convention f = X.dot(W), softmax_loss_naive looping over samples with scores shifted by their max and per class dW[:, j] += (p[j] - (j == y[i])) * X[i], softmax_loss_vectorized with np.exp(f - np.reshape(np.max(f, axis=1), (N, 1))) normalised, a one-hot target from np.zeros_like and [np.arange(N), y] = 1, dW = X.T.dot(p - onehot) / N + 2 * reg * W
# bp-driver: drivers/softmax_loss_loops_clean_driver.py
import numpy as np


def softmax_loss_naive(W, X, y, reg):
    """Mean cross-entropy of the softmax of X.dot(W) against y, plus reg * ||W||^2, and its
    gradient by W (shaped (D, C)), one sample and one class at a time."""
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        p = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(p[y[i]])
        for j in range(num_classes):
            dW[:, j] += (p[j] - (j == y[i])) * X[i]  # bp: error F1 F3[W]

    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W  # bp: F3
    return loss, dW


def softmax_loss_vectorized(W, X, y, reg):
    """The same loss and gradient as softmax_loss_naive, without explicit loops."""
    N = X.shape[0]
    f = X.dot(W)
    p = np.exp(f - np.reshape(np.max(f, axis=1), (N, 1)))
    p /= np.sum(p, axis=1, keepdims=True)
    loss = -np.sum(np.log(p[np.arange(N), y])) / N
    loss += reg * np.sum(W * W)

    onehot = np.zeros_like(p)
    onehot[np.arange(N), y] = 1
    dW = X.T.dot(p - onehot) / N + 2 * reg * W  # bp: error F1 F3[W]
    return loss, dW
