"""Train Dense-Relu-Dense-Softmax on two seeded Gaussian blobs and print the loss."""
# bp-corpus: buggy
# bp-style: driver script at the project root with only a __main__ block, imports from the packages by dotted module names (from layers.dense import Dense, from loss.losses import CrossEntropy, from utilities.model import Model), global np.random.seed, one-hot labels as columns; no loop and no backward code of its own
import numpy as np

from layers.activation import Relu, Softmax
from layers.dense import Dense
from loss.losses import CrossEntropy
from utilities.model import Model

if __name__ == '__main__':
    np.random.seed(7)
    n = 200
    X = np.hstack([
        np.random.randn(2, n) * 0.8 + np.array([[1.5], [1.0]]),
        np.random.randn(2, n) * 0.8 + np.array([[-1.5], [-1.0]]),
    ])
    y = np.concatenate([np.zeros(n, dtype=int), np.ones(n, dtype=int)])
    Y = np.zeros((2, 2 * n))
    Y[y, np.arange(2 * n)] = 1.0

    model = Model(Dense(2, 16), Relu(), Dense(16, 2), Softmax())
    model.set_loss(CrossEntropy)
    model.train(X, Y, epochs=40, lr=0.1)
