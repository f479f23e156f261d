# bp-corpus: buggy
# bp-layers: w1:sigmoid w2:linear
# bp-style: numpy, row convention, sigmoid hidden, linear output with MSE, every step split into its own statement; the hidden bias gradient is computed and then forgotten
"""Sigmoid-hidden regressor; db1 is computed each step but the b1 update is missing."""
import numpy as np

rs = np.random.RandomState(19)

n, d, k = 160, 2, 14
x = rs.uniform(-3, 3, size=(n, d))
t = np.sin(x[:, [0]]) * np.cos(0.5 * x[:, [1]])  # smooth surface to fit

w1 = rs.normal(scale=0.8, size=(d, k))
b1 = rs.normal(scale=0.5, size=(1, k))
w2 = rs.normal(scale=0.3, size=(k, 1))
b2 = np.zeros((1, 1))
eta = 0.1


def logistic(v):
    return 1.0 / (1.0 + np.exp(-v))


for epoch in range(700):
    # ---- forward ----
    z1 = x.dot(w1) + b1  # bp: BP101
    h = logistic(z1)
    y = h.dot(w2) + b2
    mse = np.mean((y - t) ** 2)
    if epoch % 140 == 0 or epoch == 699:
        print("epoch", epoch, "loss", mse)

    # ---- backward ----
    e = y - t  # bp: error
    e = e / n  # bp: error
    g_w2 = h.T.dot(e)  # bp: F3[w2]
    g_b2 = e.sum(axis=0, keepdims=True)  # bp: F3[b2]
    e_h = e.dot(w2.T)  # bp: F2
    sp = h * (1.0 - h)
    d_h = e_h * sp  # bp: F1
    g_w1 = x.T.dot(d_h)  # bp: F3[w1]
    db1 = d_h.sum(axis=0, keepdims=True)  # bp: F3[b1] BP102

    # ---- update ----
    w2 -= eta * g_w2  # bp: update[w2]
    b2 -= eta * g_b2  # bp: update[b2]
    w1 -= eta * g_w1  # bp: update[w1]
