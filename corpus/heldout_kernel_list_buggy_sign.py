"""Two sigmoid layers whose kernels live in a Python list and are replaced by a comprehension each step."""
# bp-corpus: buggy
# bp-style: row convention, weights in a list, bias folded into a constant input column, comprehension update
# defect: the output error is written output-minus-target, so the gradients are true gradients,
# yet the comprehension ADDS them: gradient ascent on the cross-entropy.
import numpy as np


def logistic(v):
    return 1.0 / (1.0 + np.exp(-v))


def pad(a):
    return np.concatenate([a, np.ones((len(a), 1))], axis=1)


rng = np.random.default_rng(31)
X = rng.normal(size=(180, 2))
Y = ((X[:, :1] - 0.3) * (X[:, 1:] + 0.2) > 0).astype(float)

kernels = [rng.normal(0.0, 0.9, (3, 8)), rng.normal(0.0, 0.5, (9, 1))]
rate = 0.8


def forward(k, inputs):
    a = logistic(pad(inputs) @ k[0])
    return a, logistic(pad(a) @ k[1])


def xent(p, t):
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))


for round_ in range(1000):
    hidden, p = forward(kernels, X)
    if round_ % 200 == 0 or round_ == 999:
        print(f"round {round_:4d} loss {xent(p, Y):.4f}")

    d_top = (p - Y) / len(X)                                          # bp: error F1
    g_top = pad(hidden).T @ d_top                                     # bp: F3
    d_hid = (d_top @ kernels[1][:-1].T) * hidden * (1.0 - hidden)     # bp: F2 F1
    g_bottom = pad(X).T @ d_hid                                       # bp: F3
    kernels = [k + rate * g for k, g in zip(kernels, (g_bottom, g_top))]  # bp: update BP201
