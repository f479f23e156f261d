"""Trains an affine-relu-affine-sigmoid-affine-softmax classifier on Gaussian blobs (row
convention), with the forward functions here and the backward ones from the library."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bwdonly_row_affine_helpers_clean as layers  # noqa: E402


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1).dot(w) + b
    return out, (x, w, b)


def relu_forward(x):
    return np.maximum(0, x), x


def sigmoid_forward(x):
    s = 1.0 / (1.0 + np.exp(-x))
    return s, s


def main():
    rng = np.random.RandomState(7)
    N, D, H1, H2, C = 600, 6, 20, 12, 4
    centers = rng.randn(C, D) * 1.5
    y = rng.randint(0, C, size=N)
    X = (centers[y] + rng.randn(N, D)).reshape(N, 2, 3)  # rows flattened by the affine layer

    p = {
        "w1": rng.randn(D, H1) * np.sqrt(2.0 / D), "b1": np.zeros(H1),
        "w2": rng.randn(H1, H2) * np.sqrt(1.0 / H1), "b2": np.zeros(H2),
        "w3": rng.randn(H2, C) * 0.1, "b3": np.zeros(C),
    }
    lr, batch = 0.3, 50

    def forward(xb, yb):
        h1, c1 = affine_forward(xb, p["w1"], p["b1"])
        a1, r1 = relu_forward(h1)
        h2, c2 = affine_forward(a1, p["w2"], p["b2"])
        a2, s2 = sigmoid_forward(h2)
        scores, c3 = affine_forward(a2, p["w3"], p["b3"])
        loss, dscores = layers.softmax_loss(scores, yb)
        return loss, dscores, (c1, r1, c2, s2, c3)

    print("epoch 0 loss %.4f" % forward(X, y)[0])
    for epoch in range(1, 31):
        order = rng.permutation(N)
        for start in range(0, N, batch):
            idx = order[start:start + batch]
            _, dscores, (c1, r1, c2, s2, c3) = forward(X[idx], y[idx])
            da2, dw3, db3 = layers.affine_backward(dscores, c3)
            dh2 = layers.sigmoid_backward(da2, s2)
            da1, dw2, db2 = layers.affine_backward(dh2, c2)
            dh1 = layers.relu_backward(da1, r1)
            _, dw1, db1 = layers.affine_backward(dh1, c1)
            for name, g in (("w1", dw1), ("b1", db1), ("w2", dw2), ("b2", db2), ("w3", dw3), ("b3", db3)):
                p[name] -= lr * g
        if epoch % 10 == 0:
            print("epoch %d loss %.4f" % (epoch, forward(X, y)[0]))


if __name__ == "__main__":
    main()
