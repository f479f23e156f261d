# bp-corpus: clean
# bp-layers: W1:relu W2:softmax
# bp-style: script, row convention, mini-batches; the softmax error written in three statements (zeros, minus one
# at each sample's label, plus the probabilities), then scaled by the batch size in place
"""Three interleaved spirals, classified by a two-layer ReLU network."""
import numpy as np

rng = np.random.default_rng(3)
n_per, n_cls = 60, 3
X = np.zeros((n_per * n_cls, 2))
y = np.zeros(n_per * n_cls, dtype=int)
for c in range(n_cls):
    r = np.linspace(0.05, 1.0, n_per)
    th = np.linspace(c * 4.0, (c + 1) * 4.0, n_per) + rng.normal(0.0, 0.2, n_per)
    X[c * n_per:(c + 1) * n_per] = np.c_[r * np.sin(th), r * np.cos(th)]
    y[c * n_per:(c + 1) * n_per] = c

W1 = 0.5 * rng.standard_normal((2, 64))
b1 = np.zeros((1, 64))
W2 = 0.5 * rng.standard_normal((64, n_cls))
b2 = np.zeros((1, n_cls))
rate = 0.5

for it in range(300):
    idx = rng.choice(len(X), 64, replace=False)
    xb, yb = X[idx], y[idx]
    n = xb.shape[0]
    h = np.maximum(0, xb @ W1 + b1)
    s = h @ W2 + b2
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    loss = -np.log(p[np.arange(n), yb]).mean()
    d = np.zeros_like(p)
    d[np.arange(n), yb] -= 1
    d += p                                          # bp: error F1
    d /= n  # bp: error
    dW2 = h.T @ d                                   # bp: F3[W2]
    db2 = np.sum(d, axis=0)                         # bp: F3[b2]
    dh = d @ W2.T                                   # bp: F2
    dh[h <= 0] = 0                                  # bp: F1
    dW1 = xb.T @ dh                                 # bp: F3[W1]
    db1 = np.sum(dh, axis=0, keepdims=True)         # bp: F3[b1]
    W1 -= rate * dW1                                # bp: update[W1]
    b1 -= rate * db1                                # bp: update[b1]
    W2 -= rate * dW2                                # bp: update[W2]
    b2 -= rate * db2                                # bp: update[b2]
    if it % 50 == 0 or it == 299:
        print(f"iteration {it} loss {loss:.4f}")
