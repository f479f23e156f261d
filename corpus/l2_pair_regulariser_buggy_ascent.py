# bp-corpus: buggy
# bp-style: l2_pair_regulariser_clean.py with fit stepping self.W += learning_rate * dW; otherwise the same: course
# assignment functions, row convention (X @ W), labels as class indices (target_index): softmax_with_cross_entropy
# returning (loss, dprediction), l2_regularization(W, reg_strength) returning (loss, grad) with grad = 2 *
# reg_strength * W, linear_softmax returning (loss, dW), a LinearSoftmaxClassifier whose fit adds the regulariser's
# grad to dW and steps self.W
"""Buggy: the step adds the gradient to the weights, climbing the regularised loss.

A linear softmax classifier on three Gaussian blobs in five dimensions (a column of ones stands in for the bias),
trained with mini-batch gradient descent and an L2 penalty whose loss and gradient come back as a pair."""
import numpy as np


def softmax(predictions):
    shifted = predictions - np.max(predictions, axis=1, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=1, keepdims=True)


def cross_entropy_loss(probs, target_index):
    batch_size = probs.shape[0]
    return -np.mean(np.log(probs[np.arange(batch_size), target_index] + 1e-12))


def softmax_with_cross_entropy(predictions, target_index):
    probs = softmax(predictions)
    loss = cross_entropy_loss(probs, target_index)
    batch_size = predictions.shape[0]
    dprediction = probs.copy()  # bp: error
    dprediction[np.arange(batch_size), target_index] -= 1  # bp: error F1
    dprediction /= batch_size  # bp: error
    return loss, dprediction


def l2_regularization(W, reg_strength):
    loss = reg_strength * np.sum(W * W)
    grad = 2 * reg_strength * W  # bp: F3
    return loss, grad


def linear_softmax(X, W, target_index):
    predictions = np.dot(X, W)
    loss, dprediction = softmax_with_cross_entropy(predictions, target_index)  # bp: error F1
    dW = np.dot(X.T, dprediction)  # bp: F3
    return loss, dW


class LinearSoftmaxClassifier:
    def __init__(self):
        self.W = None

    def fit(self, X, y, batch_size=100, learning_rate=1e-7, reg=1e-5, epochs=1):
        num_train = X.shape[0]
        num_features = X.shape[1]
        num_classes = np.max(y) + 1
        if self.W is None:
            self.W = 0.001 * np.random.randn(num_features, num_classes)

        loss_history = []
        for epoch in range(epochs):
            shuffled_indices = np.arange(num_train)
            np.random.shuffle(shuffled_indices)
            sections = np.arange(batch_size, num_train, batch_size)
            batches_indices = np.array_split(shuffled_indices, sections)
            batch_losses = []
            for batch in batches_indices:
                loss, dW = linear_softmax(X[batch], self.W, y[batch])  # bp: F3
                reg_loss, reg_grad = l2_regularization(self.W, reg)
                loss += reg_loss
                dW += reg_grad  # bp: F3
                self.W += learning_rate * dW  # bp: update BP201
                batch_losses.append(loss)
            loss = np.mean(batch_losses)
            loss_history.append(loss)
            if epoch % 5 == 0 or epoch == epochs - 1:
                print("Epoch %i, loss %f" % (epoch, loss))
        return loss_history

    def predict(self, X):
        return np.argmax(np.dot(X, self.W), axis=1)


np.random.seed(5)
centres = np.random.randn(3, 5) * 1.5
labels = np.repeat(np.arange(3), 100)
features = centres[labels] + np.random.randn(300, 5)
X_train = np.hstack([features, np.ones((300, 1))])

classifier = LinearSoftmaxClassifier()
history = classifier.fit(X_train, labels, batch_size=30, learning_rate=0.1, reg=1e-3, epochs=30)
print("accuracy", np.mean(classifier.predict(X_train) == labels))
