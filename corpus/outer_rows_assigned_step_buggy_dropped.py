# bp-corpus: buggy
# bp-style: one sample at a time in NumPy with column vectors made by `np.outer`: a tanh hidden layer and a linear output, the gradients of both weights written `np.outer(delta, input)` into names, each weight's step an assignment of the new value after both gradients are made, the hidden weight's written without the weight (`W1 = -eta * gW1`)
# bp-layers: W1:tanh W2:linear
"""y = x0 * x1 sample by sample: the hidden weight is replaced by its step on every sample."""
import numpy as np

rng = np.random.default_rng(9)
X = rng.uniform(-1.0, 1.0, size=(64, 2))
T = X[:, 0] * X[:, 1]
W1 = rng.standard_normal((8, 2)) * 0.7
W2 = rng.standard_normal((1, 8)) * 0.7
eta = 0.05


def mean_loss():
    H = np.tanh(X @ W1.T)
    return float(np.mean((H @ W2.T - T[:, None]) ** 2))


print("epoch 0 loss %.5f" % mean_loss())
for epoch in range(1, 301):
    for x, t in zip(X, T):
        h = np.tanh(W1 @ x)
        y = W2 @ h
        e = y - t  # bp: error
        gW2 = np.outer(e, h)  # bp: F3
        d1 = (W2.T @ e) * (1 - h ** 2)  # bp: F2 F1
        gW1 = np.outer(d1, x)  # bp: F3
        W2 = W2 - eta * gW2  # bp: update
        W1 = -eta * gW1  # bp: update BP202
    if epoch % 100 == 0:
        print("epoch %d loss %.5f" % (epoch, mean_loss()))
