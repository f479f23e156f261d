# bp-corpus: clean
# bp-style: row-convention two-layer regression whose weight gradients are batches of per-sample outer products, `np.matmul(np.expand_dims(a, 2), np.expand_dims(d, 1))` of shape (n, fan_in, fan_out), summed over the batch - exactly a^T . delta, so formula 3 with no transpose missing; tanh hidden layer, squared error, plain SGD
"""Fits y = sin(x1) + x2 / 2 with per-sample outer-product gradients."""
import numpy as np

rng = np.random.default_rng(23)
X = rng.uniform(-2.0, 2.0, (64, 2))
Y = (np.sin(X[:, 0]) + 0.5 * X[:, 1]).reshape(-1, 1)
W1 = rng.normal(0.0, 0.6, (2, 10))
b1 = np.zeros(10)
W2 = rng.normal(0.0, 0.3, (10, 1))
b2 = np.zeros(1)
lr = 0.1
n = len(X)

for epoch in range(1501):
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    if epoch % 500 == 0:
        print(f"epoch {epoch:4d} loss {0.5 * np.mean((out - Y) ** 2):.5f}")
    d2 = (out - Y) / n  # bp: error
    gW2 = np.sum(np.matmul(np.expand_dims(h, 2), np.expand_dims(d2, 1)), axis=0)  # bp: F3[W2]
    gb2 = d2.sum(axis=0)  # bp: F3[b2]
    d1 = (d2 @ W2.T) * (1 - h ** 2)  # bp: F2 F1
    gW1 = np.sum(np.matmul(np.expand_dims(X, 2), np.expand_dims(d1, 1)), axis=0)  # bp: F3[W1]
    gb1 = d1.sum(axis=0)  # bp: F3[b1]
    W2 -= lr * gW2  # bp: update[W2]
    b2 -= lr * gb2  # bp: update[b2]
    W1 -= lr * gW1  # bp: update[W1]
    b1 -= lr * gb1  # bp: update[b1]
