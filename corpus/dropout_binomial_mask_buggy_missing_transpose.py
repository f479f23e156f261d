# bp-corpus: buggy
# bp-style: a ReLU network with inverted dropout whose mask is drawn as zeros and ones by
# `np.random.binomial(1, keep, size=h.shape)` and scaled by the keep probability; the backward pass applies the same
# mask to the gradient at the dropped layer's output (formula 1's kind: the dropout's derivative), then the ReLU's;
# the output weight's gradient lacks the transpose of the dropped layer's output
import numpy as np

rng = np.random.default_rng(0)
np.random.seed(1)
X = rng.standard_normal((128, 3))
T = X[:, :1] * X[:, 1:2] + 0.5 * X[:, 2:]
W1 = rng.standard_normal((3, 32)) * 0.5
b1 = np.zeros(32)
W2 = rng.standard_normal((32, 1)) * 0.2
b2 = np.zeros(1)
keep, lr = 0.9, 0.5
for it in range(400):
    h = np.maximum(X @ W1 + b1, 0)
    mask = np.random.binomial(1, keep, size=h.shape) / keep
    hd = h * mask
    y = hd @ W2 + b2
    loss = 0.5 * np.mean((y - T) ** 2)
    if it % 100 == 0 or it == 399:
        print("iteration", it, "loss", round(float(loss), 4))
    e = (y - T) / len(X)  # bp: error
    dW2 = hd @ e  # bp: F3 BP304
    db2 = e.sum(axis=0)  # bp: F3
    dhd = e @ W2.T  # bp: F2
    dh = dhd * mask  # bp: F1
    dz = dh * (h > 0)  # bp: F1
    dW1 = X.T @ dz  # bp: F3
    db1 = dz.sum(axis=0)  # bp: F3
    W1 -= lr * dW1  # bp: update
    b1 -= lr * db1  # bp: update
    W2 -= lr * dW2  # bp: update
    b2 -= lr * db2  # bp: update
