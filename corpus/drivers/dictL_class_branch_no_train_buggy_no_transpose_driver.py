"""Trains the exercise's DeepNeuralNetwork (which has no train method) on two noisy moons: forward_prop,
cost and gradient_descent called from here, the way the exercise's own test files call them.
With the buggy library the first hidden pass stops on a shape error: W3 is (1, 6), not (6, 1)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import dictL_class_branch_no_train_buggy_no_transpose as lib  # noqa: E402


def make_moons(m, seed=4):
    rng = np.random.RandomState(seed)
    t = rng.rand(m) * np.pi
    upper = rng.rand(m) < 0.5
    x0 = np.where(upper, np.cos(t), 1 - np.cos(t))
    x1 = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    X = np.vstack([x0, x1]) + 0.15 * rng.randn(2, m)
    Y = upper.astype(float).reshape(1, m)
    return X, Y


def main():
    np.random.seed(1)
    X, Y = make_moons(400)
    net = lib.DeepNeuralNetwork(X.shape[0], [10, 6, 1])
    for it in range(3001):
        A, cache = net.forward_prop(X)
        if it % 750 == 0:
            print("iteration {} loss {:.5f}".format(it, net.cost(Y, A)))
        net.gradient_descent(Y, cache, alpha=0.5)
    _, cost = net.evaluate(X, Y)
    print("final loss {:.5f}".format(cost))


if __name__ == "__main__":
    main()
