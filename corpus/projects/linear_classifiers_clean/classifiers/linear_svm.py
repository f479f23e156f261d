"""Multiclass SVM (hinge) loss of a linear classifier and its gradient.

W: (D, C) weights, X: (N, D) minibatch with samples as rows, y: (N,) labels in 0..C-1, reg: L2
strength. Each function returns (loss, dW) with dW shaped like W."""
# bp-corpus: clean
# bp-style: package loss module, row convention scores = X.dot(W), svm_loss_naive looping over samples and classes with `if margin > 0:` adding X[i] to dW[:, j] and subtracting it from dW[:, y[i]], svm_loss_vectorized with the indicator written `mask = (margins > 0).astype(float)` and the correct class's entry set to minus the row count, L2 term 2 * reg * W
import numpy as np


def svm_loss_naive(W, X, y, reg):
    dW = np.zeros(W.shape)
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]  # bp: F3[W]
                dW[:, y[i]] -= X[i]  # bp: F3[W]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW


def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X.dot(W)
    correct = scores[np.arange(num_train), y]
    margins = np.maximum(0, scores - correct[:, np.newaxis] + 1)
    margins[np.arange(num_train), y] = 0
    loss = margins.sum() / num_train + reg * np.sum(W * W)

    mask = (margins > 0).astype(float)  # bp: error
    mask[np.arange(num_train), y] = -mask.sum(axis=1)  # bp: error
    dW = X.T.dot(mask) / num_train + 2 * reg * W  # bp: F3[W]
    return loss, dW
