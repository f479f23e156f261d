# bp-corpus: clean
# bp-layers: K:relu Wd:softmax
# bp-style: numpy CNN with explicit Python loops over output windows, one valid 3x3 convolution layer (2 filters, stride 1) on 6x6 inputs + ReLU, flattened into a dense softmax output with cross-entropy; conv backward written in the article's terms: kernel gradient = correlation of the layer input with delta (F3), input gradient = full convolution of delta with the flipped kernel (F2)
"""Tiny loop-based CNN telling horizontal bars from vertical bars in 6x6 images."""
import numpy as np

np.random.seed(0)
S, KS, F = 6, 3, 2  # image side, kernel side, number of filters
O = S - KS + 1  # side of each feature map (valid convolution)


def bars(n):
    """Half the images hold a horizontal bar, half a vertical one, at a random row/column."""
    imgs = 0.1 * np.random.randn(n, S, S)
    labels = np.arange(n) % 2
    for k in range(n):
        pos = np.random.randint(S)
        if labels[k] == 0:
            imgs[k, pos, :] += 1.0
        else:
            imgs[k, :, pos] += 1.0
    return imgs, labels


x, labels = bars(40)
N = x.shape[0]
K = 0.3 * np.random.randn(F, KS, KS)
bc = np.zeros(F)
Wd = 0.1 * np.random.randn(F * O * O, 2)
bd = np.zeros(2)
lr = 0.3

for it in range(150):
    # convolution (really a correlation, as in every DL library), window by window
    pre = np.zeros((N, F, O, O))
    for f in range(F):
        for i in range(O):
            for j in range(O):
                pre[:, f, i, j] = np.sum(x[:, i:i + KS, j:j + KS] * K[f], axis=(1, 2)) + bc[f]
    fmap = np.maximum(pre, 0)
    flat = fmap.reshape(N, -1)
    scores = flat @ Wd + bd
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), labels]))
    if it % 30 == 0 or it == 149:
        print(f"it {it:3d} loss {loss:.4f}")

    # dense output layer
    dscores = probs.copy()  # bp: error
    dscores[np.arange(N), labels] -= 1  # bp: error F1
    dscores /= N  # bp: error
    dWd = flat.T @ dscores  # bp: F3[Wd]
    dbd = dscores.sum(axis=0)  # bp: F3[bd]
    dflat = dscores @ Wd.T  # bp: F2
    dpre = dflat.reshape(pre.shape) * (pre > 0)  # bp: F1

    # conv layer, F3: each kernel tap sees the input window times the delta at that window
    dK = np.zeros_like(K)
    for f in range(F):
        for i in range(O):
            for j in range(O):
                dK[f] += np.tensordot(dpre[:, f, i, j], x[:, i:i + KS, j:j + KS], axes=1)  # bp: F3[K]
    dbc = dpre.sum(axis=(0, 2, 3))  # bp: F3[bc]

    # conv layer, F2: pad delta to a full convolution and slide the flipped kernel over it
    # (the first layer needs no input gradient; a layer below would receive dx)
    dpad = np.pad(dpre, ((0, 0), (0, 0), (KS - 1, KS - 1), (KS - 1, KS - 1)))
    K_flip = K[:, ::-1, ::-1]
    dx = np.zeros_like(x)
    for f in range(F):
        for i in range(S):
            for j in range(S):
                dx[:, i, j] += np.sum(dpad[:, f, i:i + KS, j:j + KS] * K_flip[f], axis=(1, 2))  # bp: F2

    K -= lr * dK  # bp: update[K]
    bc -= lr * dbc  # bp: update[bc]
    Wd -= lr * dWd  # bp: update[Wd]
    bd -= lr * dbd  # bp: update[bd]
