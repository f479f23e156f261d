# bp-corpus: clean
# bp-style: a 1-D convolution written as a batched matmul over unfolded patches (N, k, P): the kernel is column convention per sample, `np.matmul(K, patches)`, so its gradient takes each sample's patches transposed with `.transpose(0, 2, 1)` and sums over the batch; tanh feature maps flattened into a linear read-out trained on squared error
"""Learns to detect a bump in noisy 1-D signals with one convolution filter bank."""
import numpy as np

rng = np.random.default_rng(5)
N, L, k, F = 96, 24, 5, 4


def unfold(x, k):
    """(N, L) signals -> (N, k, L - k + 1) patches, one column per position."""
    P = x.shape[1] - k + 1
    out = np.empty((x.shape[0], k, P))
    for p in range(P):
        out[:, :, p] = x[:, p:p + k]
    return out


x = rng.normal(0, 0.3, size=(N, L))
y = rng.integers(0, 2, size=(N, 1)).astype(float)
centres = rng.integers(k, L - k, size=N)
for i in range(N):
    if y[i, 0]:
        x[i, centres[i] - 2:centres[i] + 3] += np.array([0.5, 1.0, 1.5, 1.0, 0.5])

K = rng.normal(0, 0.3, size=(F, k))
c = np.zeros((1, F, 1))
V = rng.normal(0, 0.1, size=(F * (L - k + 1), 1))
d = np.zeros((1, 1))
lr = 0.1
patches = unfold(x, k)
P = patches.shape[2]

for step in range(401):
    Z = np.matmul(K, patches) + c
    H = np.tanh(Z)
    feat = H.reshape(N, -1)
    out = feat @ V + d
    loss = 0.5 * np.mean((out - y) ** 2)
    if step % 100 == 0:
        print("step %d loss %.5f" % (step, loss))
    err = (out - y) / N  # bp: error
    dV = feat.T @ err  # bp: F3[V]
    dd = err.sum(axis=0, keepdims=True)  # bp: F3[d]
    dfeat = err @ V.T  # bp: F2
    dH = dfeat.reshape(H.shape)
    dZ = dH * (1 - H ** 2)  # bp: F1
    dK = np.matmul(dZ, patches.transpose(0, 2, 1)).sum(axis=0)  # bp: F3[K]
    dc = dZ.sum(axis=(0, 2), keepdims=True)  # bp: F3[c]
    K -= lr * dK  # bp: update[K]
    c -= lr * dc  # bp: update[c]
    V -= lr * dV  # bp: update[V]
    d -= lr * dd  # bp: update[d]
