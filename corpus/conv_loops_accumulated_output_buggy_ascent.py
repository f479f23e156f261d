# bp-corpus: buggy
# bp-style: cs231n's naive convolution written with four loops (sample, filter, output row, output column) that add
# each window's response into a zero-started output, `out[n, f, i, j] += np.sum(window * w[f]) + b[f]`, on padded
# inputs; the backward adds each delta entry times the filter into the padded input's gradient (formula 2) and times
# the window into the filter's gradient (formula 3), sums the delta over the batch and positions for the bias, and
# crops the padding off; a ReLU and a dense softmax layer on top, trained in a loop; the filters are stepped up
import numpy as np


def conv_forward(x, w, b, pad):
    n_s, _, h, wd = x.shape
    n_f, _, k, _ = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    h_out = h + 2 * pad - k + 1
    w_out = wd + 2 * pad - k + 1
    out = np.zeros((n_s, n_f, h_out, w_out))
    for n in range(n_s):
        for f in range(n_f):
            for i in range(h_out):
                for j in range(w_out):
                    out[n, f, i, j] += np.sum(xp[n, :, i:i + k, j:j + k] * w[f]) + b[f]
    return out, (x, w, b, pad)


def conv_backward(dout, cache):
    x, w, b, pad = cache
    n_s, _, h, wd = x.shape
    n_f, _, k, _ = w.shape
    _, _, h_out, w_out = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for n in range(n_s):
        for f in range(n_f):
            for i in range(h_out):
                for j in range(w_out):
                    dxp[n, :, i:i + k, j:j + k] += w[f] * dout[n, f, i, j]  # bp: F2
                    dw[f] += xp[n, :, i:i + k, j:j + k] * dout[n, f, i, j]  # bp: F3
    db = np.sum(dout, axis=(0, 2, 3))  # bp: F3
    dx = dxp[:, :, pad:pad + h, pad:pad + wd]
    return dx, dw, db


rng = np.random.RandomState(2)
n_s, side = 24, 5
labels = rng.randint(0, 2, n_s)
images = 0.1 * rng.normal(size=(n_s, 1, side, side))
images[labels == 0, 0, side // 2, :] += 1.0
images[labels == 1, 0, :, side // 2] += 1.0

w1 = 0.3 * rng.normal(size=(2, 1, 3, 3))
b1 = np.zeros(2)
w2 = 0.1 * rng.normal(size=(2 * side * side, 2))
b2 = np.zeros(2)
lr = 0.2

for it in range(40):
    pre, cache = conv_forward(images, w1, b1, 1)
    fmap = np.maximum(pre, 0.0)
    flat = fmap.reshape(n_s, -1)
    scores = flat @ w2 + b2
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(n_s), labels]))
    if it % 10 == 0 or it == 39:
        print("it", it, "loss", round(float(loss), 4))

    dscores = probs.copy()  # bp: error
    dscores[np.arange(n_s), labels] -= 1  # bp: error F1
    dscores /= n_s  # bp: error
    dw2 = flat.T @ dscores  # bp: F3
    db2 = dscores.sum(axis=0)  # bp: F3
    dflat = dscores @ w2.T  # bp: F2
    dpre = dflat.reshape(pre.shape) * (pre > 0)  # bp: F1
    _, dw1, db1 = conv_backward(dpre, cache)  # bp: F3

    w2 -= lr * dw2  # bp: update
    b2 -= lr * db2  # bp: update
    w1 += lr * dw1  # bp: update BP201
    b1 -= lr * db1  # bp: update
