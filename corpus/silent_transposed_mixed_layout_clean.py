# bp-corpus: clean
# bp-style: mixed layouts (pattern 3): data kept in rows (samples x features) but the weights act on columns, `z2 = w1.dot(X.T)` (hidden x samples), `z3 = w2.dot(a2)`, so the first layer's gradient is `d2.dot(X)` with no transpose and the update merges it: `w1 -= eta * d2.dot(X)`; sigmoid hidden, sigmoid + cross-entropy output, targets transposed once `Y.T`
"""Two concentric rings, rows of data fed through column-oriented weights."""
import numpy as np

rng = np.random.default_rng(44)

n = 200
angle = rng.uniform(0, 2 * np.pi, n)
radius = np.where(np.arange(n) < n // 2, 0.5, 1.2) + 0.1 * rng.standard_normal(n)
X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])   # (n, 2) rows
Y = (np.arange(n) < n // 2).astype(float).reshape(n, 1)                   # (n, 1)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


hidden = 10
w1 = rng.standard_normal((hidden, 2))
c1 = np.zeros((hidden, 1))
w2 = rng.standard_normal((1, hidden)) * 0.5
c2 = np.zeros((1, 1))
eta = 0.02

for epoch in range(1000):
    z2 = w1.dot(X.T) + c1          # (hidden, n)
    a2 = sigmoid(z2)
    z3 = w2.dot(a2) + c2           # (1, n)
    a3 = sigmoid(z3)
    J = -np.mean(Y.T * np.log(a3) + (1 - Y.T) * np.log(1 - a3))
    if epoch % 200 == 0 or epoch == 999:
        print("epoch %4d loss %.4f" % (epoch, J))

    d3 = a3 - Y.T  # bp: error F1
    d2 = w2.T.dot(d3) * a2 * (1 - a2)  # bp: F2 F1
    w2 -= eta * d3.dot(a2.T)  # bp: F3[w2] update[w2]
    c2 -= eta * d3.sum(axis=1, keepdims=True)  # bp: F3[c2] update[c2]
    w1 -= eta * d2.dot(X)  # bp: F3[w1] update[w1]
    c1 -= eta * d2.sum(axis=1, keepdims=True)  # bp: F3[c1] update[c1]
