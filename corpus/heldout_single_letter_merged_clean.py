"""Terse tanh regressor in single-letter names: F2 and F1 merged, F3 merged into updates, two updates on one line."""
# bp-corpus: clean
# bp-layers: U:tanh V:linear
# bp-style: row convention, single-letter names, merged statements, semicolon-joined updates
import numpy as np

np.random.seed(17)


def f(t):
    return np.sin(t) + 0.1 * t ** 2


def q(t):
    # second input feature: a scaled square, so a small net fits the bowl quickly
    return np.hstack([t, t ** 2 / 3])


n = 150
x = np.random.uniform(-3, 3, (n, 1))
y = f(x) + 0.05 * np.random.randn(n, 1)
x = q(x)

U = np.random.randn(2, 20) * 0.5
u = np.zeros(20)
V = np.random.randn(20, 1) * 0.2
v = np.zeros(1)
r = 0.05

for i in range(800):
    h = np.tanh(x @ U + u)
    o = h @ V + v
    L = np.mean((o - y) ** 2)
    if i % 160 == 0 or i == 799:
        print(i, "loss", round(L, 5))
    e = (o - y) * (2.0 / n)                                # bp: error
    g = e @ V.T * (1 - h * h)                              # bp: F2 F1
    V -= r * h.T @ e; v -= r * e.sum(0)                    # bp: F3[V] update[V] F3[v] update[v]
    U -= r * x.T @ g                                       # bp: F3[U] update[U]
    u -= r * g.sum(axis=0)                                 # bp: F3[u] update[u]

z = np.linspace(-3, 3, 61).reshape(-1, 1)
w = np.tanh(q(z) @ U + u) @ V + v
print("grid error", round(float(np.mean((w - f(z)) ** 2)), 5))
print("worst point", round(float(z[np.argmax(np.abs(w - f(z)))][0]), 2))
