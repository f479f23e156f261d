# bp-corpus: clean
# bp-layers: W_conv:relu W_fc:softmax
# bp-style: numpy CNN, im2col via sliding_window_view so the 3x3 convolution (2 filters, 6x6 inputs) is one matrix product cols @ W_conv with W_conv of shape (9, filters); conv F3 as cols.T @ delta (the correlation of input with delta, as a matrix product), conv F2 as np.einsum of the zero-padded delta windows with the flipped kernels (full convolution); ReLU, dense softmax + cross-entropy head
"""An im2col CNN: the conv layer becomes a dense layer over image patches, so F3 is aT . delta again."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

rng = np.random.default_rng(21)
side, k, n_filt, n_cls = 6, 3, 2, 2
out_side = side - k + 1


def make_images(n):
    # class 0: bright top-left quadrant blob, class 1: bright bottom-right; plus noise
    y = rng.integers(0, n_cls, n)
    imgs = rng.normal(0, 0.2, (n, side, side))
    for idx in range(n):
        r, c = rng.integers(0, 2, 2) + (3 if y[idx] else 0)
        imgs[idx, r:r + 2, c:c + 2] += 1.0
    return imgs, y


def im2col(imgs):
    """(n, side, side) -> (n * out_side * out_side, k * k), one row per window."""
    return sliding_window_view(imgs, (k, k), axis=(1, 2)).reshape(-1, k * k)


imgs, y = make_images(48)
n = imgs.shape[0]
T = np.eye(n_cls)[y]
W_conv = rng.normal(0, 0.3, (k * k, n_filt))
b_conv = np.zeros(n_filt)
W_fc = rng.normal(0, 0.1, (out_side * out_side * n_filt, n_cls))
b_fc = np.zeros(n_cls)
lr = 0.2
cols = im2col(imgs)  # the inputs never change, so unfold them once

for epoch in range(200):
    conv = cols @ W_conv + b_conv  # (n * 16, n_filt)
    relu = np.maximum(conv, 0)
    feat = relu.reshape(n, -1)
    logits = feat @ W_fc + b_fc
    e = np.exp(logits - logits.max(1, keepdims=True))
    P = e / e.sum(1, keepdims=True)
    loss = -np.sum(T * np.log(P)) / n
    if epoch % 50 == 0 or epoch == 199:
        print("epoch %3d  loss %.4f" % (epoch, loss))

    d_logits = (P - T) / n  # bp: error F1
    dW_fc = feat.T @ d_logits  # bp: F3[W_fc]
    db_fc = d_logits.sum(0)  # bp: F3[b_fc]
    d_feat = d_logits @ W_fc.T  # bp: F2
    d_conv = d_feat.reshape(conv.shape) * (conv > 0)  # bp: F1
    dW_conv = cols.T @ d_conv  # bp: F3[W_conv]
    db_conv = d_conv.sum(0)  # bp: F3[b_conv]

    # input gradient, unused by this first layer: full convolution of delta with the flipped kernel
    d_maps = d_conv.reshape(n, out_side, out_side, n_filt).transpose(0, 3, 1, 2)
    d_pad = np.pad(d_maps, ((0, 0), (0, 0), (k - 1, k - 1), (k - 1, k - 1)))
    d_windows = sliding_window_view(d_pad, (k, k), axis=(2, 3))  # (n, n_filt, side, side, k, k)
    flipped = W_conv.T.reshape(n_filt, k, k)[:, ::-1, ::-1]
    d_imgs = np.einsum('nfijab,fab->nij', d_windows, flipped)  # bp: F2

    W_conv -= lr * dW_conv  # bp: update[W_conv]
    b_conv -= lr * db_conv  # bp: update[b_conv]
    W_fc -= lr * dW_fc  # bp: update[W_fc]
    b_fc -= lr * db_fc  # bp: update[b_fc]
