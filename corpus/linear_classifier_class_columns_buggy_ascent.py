# bp-corpus: buggy
# bp-style: cs231n's first assignment: a linear classifier (row convention, scores = X[i].dot(W)) whose losses are
# written with loops over samples and classes, each class's column of the gradient built on its own - a multiclass
# hinge that counts the violated margins and subtracts that many input rows from the correct class's column after
# the loop over classes; a softmax whose per-class probability is written into `(p - 1) * X[i]` for the correct
# class and `p * X[i]` for the others; a softmax that adds `probs[j] * X[i]` for every class and then subtracts the
# input row from the correct class's column; a `LinearClassifier` base class whose `train` steps `self.W` with what
# the subclass's `loss` returns; the step climbs
import numpy as np


def svm_loss_naive(W, X, y, reg):
    dW = np.zeros(W.shape)
    n_cls = W.shape[1]
    n = X.shape[0]
    loss = 0.0
    for i in range(n):
        scores = X[i].dot(W)
        correct = scores[y[i]]
        violated = 0
        for j in range(n_cls):
            if j == y[i]:
                continue
            margin = scores[j] - correct + 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]  # bp: F3
                violated += 1
        dW[:, y[i]] -= violated * X[i]  # bp: F3
    loss /= n
    dW /= n
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W  # bp: F3
    return loss, dW


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)
    n_cls = W.shape[1]
    n = X.shape[0]
    for i in range(n):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        total = np.sum(np.exp(scores))
        loss += np.log(total) - scores[y[i]]
        for j in range(n_cls):
            p = np.exp(scores[j]) / total
            if j == y[i]:
                dW[:, j] += (p - 1) * X[i]  # bp: error F1 F3
            else:
                dW[:, j] += p * X[i]  # bp: F3
    loss /= n
    dW /= n
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W  # bp: F3
    return loss, dW


def softmax_loss_columns(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)
    n_cls = W.shape[1]
    n = X.shape[0]
    for i in range(n):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        probs = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(probs[y[i]])
        for j in range(n_cls):
            dW[:, j] += probs[j] * X[i]  # bp: F3
        dW[:, y[i]] -= X[i]  # bp: F3
    loss /= n
    dW /= n
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W  # bp: F3
    return loss, dW


class LinearClassifier:
    def __init__(self, dim, n_cls, seed=0):
        self.W = 0.01 * np.random.RandomState(seed).randn(dim, n_cls)

    def train(self, X, y, learning_rate=0.5, reg=1e-3, num_iters=60):
        history = []
        for it in range(num_iters):
            loss, grad = self.loss(X, y, reg)
            history.append(loss)
            self.W += learning_rate * grad  # bp: update BP201
        return history

    def loss(self, X, y, reg):
        raise NotImplementedError


class LinearSVM(LinearClassifier):
    def loss(self, X, y, reg):
        return svm_loss_naive(self.W, X, y, reg)


class Softmax(LinearClassifier):
    def loss(self, X, y, reg):
        return softmax_loss_naive(self.W, X, y, reg)


class SoftmaxColumns(LinearClassifier):
    def loss(self, X, y, reg):
        return softmax_loss_columns(self.W, X, y, reg)


rng = np.random.RandomState(4)
n, d, c = 150, 4, 3
centres = 2.0 * rng.randn(c, d)
labels = rng.randint(0, c, size=n)
data = np.hstack([centres[labels] + rng.randn(n, d), np.ones((n, 1))])
for model in (LinearSVM(d + 1, c), Softmax(d + 1, c), SoftmaxColumns(d + 1, c)):
    history = model.train(data, labels)
    print(type(model).__name__, "loss", round(float(history[0]), 4), "->", "loss", round(float(history[-1]), 4))
