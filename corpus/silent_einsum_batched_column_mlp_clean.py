# bp-corpus: clean
# bp-style: batched column vectors of shape (batch, features, 1) and every product written with np.einsum - 'ij,bjk->bik' for W . a in the forward pass, 'ji,bjk->bik' for W^T . delta, 'bij,bkj->bik' for delta . a^T averaged over the batch - so each einsum is a matrix product and reads as formula 2 or 3, not as an elementwise layer; a (n, 1) bias per layer stepped with the batch mean of its own delta; sigmoid hidden layer, linear output on squared error
"""Fits a smooth bump with a small network whose products are all einsums."""
import numpy as np

rng = np.random.default_rng(11)
n, hidden = 64, 12
x = rng.uniform(-2.0, 2.0, (n, 1, 1))
target = np.exp(-x ** 2)
W1 = rng.normal(0.0, 0.8, (hidden, 1))
b1 = np.zeros((hidden, 1))
W2 = rng.normal(0.0, 0.3, (1, hidden))
b2 = np.zeros((1, 1))
step = 0.2

for epoch in range(2001):
    z1 = np.einsum('ij,bjk->bik', W1, x) + b1
    a1 = 1.0 / (1.0 + np.exp(-z1))
    out = np.einsum('ij,bjk->bik', W2, a1) + b2
    loss = 0.5 * np.mean((out - target) ** 2)
    if epoch % 500 == 0:
        print(f"epoch {epoch:4d} loss {loss:.5f}")

    d2 = out - target  # bp: error
    gW2 = np.einsum('bij,bkj->bik', d2, a1).mean(axis=0)  # bp: F3[W2]
    gb2 = d2.mean(axis=0)  # bp: F3[b2]
    d1 = np.einsum('ji,bjk->bik', W2, d2) * a1 * (1 - a1)  # bp: F2 F1
    gW1 = np.einsum('bij,bkj->bik', d1, x).mean(axis=0)  # bp: F3[W1]
    gb1 = d1.mean(axis=0)  # bp: F3[b1]
    W2 -= step * gW2  # bp: update[W2]
    b2 -= step * gb2  # bp: update[b2]
    W1 -= step * gW1  # bp: update[W1]
    b1 -= step * gb1  # bp: update[b1]
