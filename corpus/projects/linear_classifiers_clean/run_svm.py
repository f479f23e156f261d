"""Trains a LinearSVM and a Softmax classifier on seeded synthetic blobs and prints their losses
and training accuracies."""
# bp-corpus: clean
# bp-style: top-level driver beside its package, absolute import `from classifiers import LinearSVM, Softmax`, seeded Gaussian blobs with a bias column appended, train() with verbose loss printing; no backward code of its own
import numpy as np

from classifiers import LinearSVM, Softmax


def make_data(n, dim, num_classes, seed):
    rng = np.random.RandomState(seed)
    centres = 2.0 * rng.randn(num_classes, dim)
    y = rng.randint(0, num_classes, size=n)
    X = centres[y] + rng.randn(n, dim)
    X = np.hstack([X, np.ones((n, 1))])  # the bias trick: W's last row is the bias
    return X, y


def main():
    np.random.seed(0)
    X, y = make_data(500, 6, 4, seed=1)
    for name, model, lr in (("svm", LinearSVM(), 1e-2), ("softmax", Softmax(), 1e-1)):
        history = model.train(X, y, learning_rate=lr, reg=1e-3, num_iters=400, batch_size=100, verbose=True)
        acc = np.mean(model.predict(X) == y)
        print("%s first loss %.4f, last loss %.4f, training accuracy %.3f" % (name, history[0], history[-1], acc))


if __name__ == "__main__":
    main()
