"""Softmax (cross-entropy) loss of a linear classifier and its gradient.

W: (D, C) weights, X: (N, D) minibatch with samples as rows, y: (N,) labels in 0..C-1, reg: L2
strength. Each function returns (loss, dW) with dW shaped like W."""
# bp-corpus: clean
# bp-style: package loss module, row convention f = X.dot(W), softmax_loss_naive looping over samples with scores shifted by their max and per class dW[:, j] += (p[j] - (j == y[i])) * X[i], softmax_loss_vectorized with np.exp(f - np.reshape(np.max(f, axis=1), (N, 1))) normalised and a one-hot target from np.zeros_like, L2 term 2 * reg * W
import numpy as np


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores = scores - np.max(scores)
        p = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(p[y[i]])
        for j in range(W.shape[1]):
            dW[:, j] += (p[j] - (j == y[i])) * X[i]  # bp: error F1 F3[W]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW


def softmax_loss_vectorized(W, X, y, reg):
    N = X.shape[0]
    f = X.dot(W)
    p = np.exp(f - np.reshape(np.max(f, axis=1), (N, 1)))
    p = p / np.sum(p, axis=1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(N), y])) + reg * np.sum(W * W)

    onehot = np.zeros_like(p)
    onehot[np.arange(N), y] = 1
    dW = X.T.dot(p - onehot) / N + 2 * reg * W  # bp: error F1 F3[W]
    return loss, dW
