"""Structured (multiclass) SVM loss of a linear classifier, cs231n-assignment style: a naive
version with loops over samples and classes and a vectorized one. Nothing here trains; the
driver fits a classifier with each function.

W is (D, C), X is (N, D) with samples as rows, y is (N,) integer labels in 0..C-1."""
# bp-corpus: clean
# bp-style: linear classifier loss library (no hidden layer), row convention scores = X.dot(W), svm_loss_naive with loops over samples and classes and `if margin > 0:` adding X[i] to dW[:, j] and subtracting it from dW[:, y[i]], svm_loss_vectorized with np.maximum margins, the indicator written `binary = margins; binary[margins > 0] = 1`, the correct class's entry set to minus the row count, L2 term 2 * reg * W
# bp-driver: drivers/linear_svm_loops_clean_driver.py
import numpy as np


def svm_loss_naive(W, X, y, reg):
    """Hinge loss with margin 1 and its gradient, one sample and one class at a time.

    Returns (loss, dW) with dW shaped like W (D, C)."""
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
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]  # bp: F3[W]
                dW[:, y[i]] -= X[i]  # bp: F3[W]

    loss /= num_train
    dW /= num_train

    loss += reg * np.sum(W * W)
    dW += 2 * reg * W  # bp: F3
    return loss, dW


def svm_loss_vectorized(W, X, y, reg):
    """The same loss and gradient as svm_loss_naive, without explicit loops."""
    num_train = X.shape[0]
    scores = X.dot(W)
    correct_class_scores = scores[np.arange(num_train), y]
    margins = np.maximum(0, scores - correct_class_scores[:, np.newaxis] + 1)
    margins[np.arange(num_train), y] = 0
    loss = np.sum(margins) / num_train
    loss += reg * np.sum(W * W)

    binary = margins
    binary[margins > 0] = 1  # bp: error
    row_sum = np.sum(binary, axis=1)
    binary[np.arange(num_train), y] = -row_sum  # bp: error
    dW = X.T.dot(binary) / num_train + 2 * reg * W  # bp: F3[W]
    return loss, dW
