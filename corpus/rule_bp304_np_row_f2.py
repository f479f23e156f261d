# bp-corpus: buggy
# bp-layers: w1:relu w2:sigmoid
# bp-style: numpy row convention (x.dot(w)), square w2 (hidden = outputs), np.where ReLU, SSE, error = t - out
"""Formula 2 without the transpose: err_h = delta.dot(w2), which runs only because w2 is square."""
import numpy as np

np.random.seed(13)
n, d_in, d_h = 40, 5, 3
x = np.random.randn(n, d_in)
t = (x[:, :3] - x[:, 2:] > 0).astype(float)
w1 = np.random.randn(d_in, d_h) * 0.5
w2 = np.random.randn(d_h, d_h) * 0.5
lr = 0.01


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


iters = 500
for k in range(iters):
    h_pre = x.dot(w1)
    h = np.maximum(h_pre, 0)
    out = sigmoid(h.dot(w2))
    loss = ((t - out) ** 2).sum()
    if k == 0 or k == iters - 1:
        print("iter %d loss %.4f" % (k, loss))

    err = t - out                           # bp: error
    delta = err * out * (1 - out)           # bp: F1
    err_h = delta.dot(w2)                   # bp: F2 BP304
    delta_h = np.where(h_pre > 0, err_h, 0)  # bp: F1
    grad_w2 = h.T.dot(delta)                # bp: F3[w2]
    grad_w1 = x.T.dot(delta_h)              # bp: F3[w1]
    w2 += lr * grad_w2                      # bp: update[w2]
    w1 += lr * grad_w1                      # bp: update[w1]
