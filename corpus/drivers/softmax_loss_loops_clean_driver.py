"""Fits a linear classifier on seeded Gaussian blobs (row convention, W shaped (D, C)) with the
loss functions of softmax_loss_loops_clean.py: a short run with the naive loops, then a longer one with the
vectorized version, after checking that the two agree."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import softmax_loss_loops_clean as lib  # noqa: E402


def blobs(rng, n, d, c):
    centres = rng.randn(c, d) * 2.0
    y = rng.randint(0, c, size=n)
    X = centres[y] + rng.randn(n, d)
    return np.hstack([X, np.ones((n, 1))]), y  # a constant column stands in for the bias


def main():
    rng = np.random.RandomState(3)
    X, y = blobs(rng, 300, 5, 4)
    W = 0.01 * rng.randn(X.shape[1], 4)
    reg, lr = 1e-3, 0.5

    loss_n, grad_n = lib.softmax_loss_naive(W, X, y, reg)
    loss_v, grad_v = lib.softmax_loss_vectorized(W, X, y, reg)
    assert abs(loss_n - loss_v) < 1e-8 and np.allclose(grad_n, grad_v)

    print("naive step 0 loss %.4f" % loss_n)
    for step in range(1, 21):
        loss, dW = lib.softmax_loss_naive(W, X, y, reg)
        W -= lr * dW
    print("naive step 20 loss %.4f" % lib.softmax_loss_naive(W, X, y, reg)[0])
    for step in range(21, 201):
        idx = rng.choice(X.shape[0], 64)
        loss, dW = lib.softmax_loss_vectorized(W, X[idx], y[idx], reg)
        W -= lr * dW
        if step % 60 == 0:
            print("vectorized step %d loss %.4f" % (step, lib.softmax_loss_vectorized(W, X, y, reg)[0]))
    print("final loss %.4f" % lib.softmax_loss_vectorized(W, X, y, reg)[0])


if __name__ == "__main__":
    main()
