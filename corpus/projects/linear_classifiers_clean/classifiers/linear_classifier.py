"""A linear classifier trained by minibatch stochastic gradient descent; the subclasses choose
the loss (multiclass SVM or softmax)."""
# bp-corpus: clean
# bp-style: package classifier class, self.W made lazily in train() (shape (D, C) from the data), minibatch drawn with np.random.choice, loss(X_batch, y_batch, reg) returning (loss, grad) from the subclass, plain SGD self.W -= learning_rate * grad, predict by argmax of X.dot(self.W); subclasses LinearSVM / Softmax calling the vectorized losses of sibling modules through package-relative imports
import numpy as np

from .linear_svm import svm_loss_vectorized
from .softmax import softmax_loss_vectorized


class LinearClassifier(object):
    def __init__(self):
        self.W = None

    def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200, verbose=False):
        """X: (N, D), y: (N,) labels in 0..C-1. Returns the loss of every iteration."""
        num_train, dim = X.shape
        num_classes = np.max(y) + 1
        if self.W is None:
            self.W = 0.001 * np.random.randn(dim, num_classes)

        loss_history = []
        for it in range(num_iters):
            idx = np.random.choice(num_train, batch_size, replace=True)
            X_batch = X[idx]
            y_batch = y[idx]

            loss, grad = self.loss(X_batch, y_batch, reg)  # bp: F3
            loss_history.append(loss)

            self.W -= learning_rate * grad  # bp: update[self.W]

            if verbose and it % 100 == 0:
                print("iteration %d / %d: loss %f" % (it, num_iters, loss))
        return loss_history

    def predict(self, X):
        return np.argmax(X.dot(self.W), axis=1)

    def loss(self, X_batch, y_batch, reg):
        """(loss, gradient by self.W); the subclasses define it."""
        raise NotImplementedError


class LinearSVM(LinearClassifier):
    """Multiclass SVM loss."""

    def loss(self, X_batch, y_batch, reg):
        return svm_loss_vectorized(self.W, X_batch, y_batch, reg)


class Softmax(LinearClassifier):
    """Softmax cross-entropy loss."""

    def loss(self, X_batch, y_batch, reg):
        return softmax_loss_vectorized(self.W, X_batch, y_batch, reg)
