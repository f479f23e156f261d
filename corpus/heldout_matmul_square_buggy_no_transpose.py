"""Three layers via np.matmul (ReLU, tanh, linear) with a square middle weight; one backward matmul lacks its transpose."""
# bp-corpus: buggy
# bp-layers: A:relu B:tanh C:linear
# bp-style: row convention, np.matmul / np.transpose spelled out, square 8x8 hidden weight
# defect: the error is sent back through B without transposing it; B is square so the shapes
# still agree and the script runs.
import numpy as np

rng = np.random.default_rng(2718)
n, d, w = 160, 4, 8
X = rng.normal(size=(n, d))
target = np.sum(np.sin(X[:, :2]), axis=1, keepdims=True) - 0.5 * X[:, 2:3] * X[:, 3:4]

A = rng.normal(0, np.sqrt(2.0 / d), (d, w))
a = np.zeros(w)
B = rng.normal(0, np.sqrt(1.0 / w), (w, w))
b = np.zeros(w)
C = rng.normal(0, np.sqrt(1.0 / w), (w, 1))
c = np.zeros(1)
lr = 0.05

for it in range(500):
    s1 = np.matmul(X, A) + a
    h1 = np.maximum(s1, 0)
    h2 = np.tanh(np.matmul(h1, B) + b)
    yhat = np.matmul(h2, C) + c
    cost = np.mean((yhat - target) ** 2)
    if it % 100 == 0 or it == 499:
        print(f"it {it:3d} loss {cost:.5f}")

    dz3 = 2.0 * (yhat - target) / n                            # bp: error
    gC = np.matmul(np.transpose(h2), dz3)                      # bp: F3[C]
    gc = np.sum(dz3, axis=0)                                   # bp: F3[c]
    e2 = np.matmul(dz3, np.transpose(C))                       # bp: F2
    dz2 = e2 * (1.0 - np.square(h2))                           # bp: F1
    gB = np.matmul(np.transpose(h1), dz2)                      # bp: F3[B]
    gb = np.sum(dz2, axis=0)                                   # bp: F3[b]
    e1 = np.matmul(dz2, B)                                     # bp: F2 BP304
    dz1 = np.where(s1 > 0, e1, 0.0)                            # bp: F1
    gA = np.matmul(np.transpose(X), dz1)                       # bp: F3[A]
    ga = np.sum(dz1, axis=0)                                   # bp: F3[a]

    for P, G in ((A, gA), (a, ga), (B, gB), (b, gb), (C, gC), (c, gc)):
        P -= lr * G                                            # bp: update
