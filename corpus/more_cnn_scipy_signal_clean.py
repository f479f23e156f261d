# bp-corpus: clean
# bp-layers: kernels:relu W_out:sigmoid
# bp-requires: scipy
# bp-style: numpy CNN built on scipy.signal: forward correlate2d(image, kernel, 'valid') per sample and filter, conv F3 as correlate2d(layer input, delta, 'valid'), conv F2 as convolve2d(delta, kernel, 'full') (convolve2d flips the kernel itself, so this is the full convolution with the flipped kernel); ReLU feature maps, dense sigmoid output with binary cross-entropy, layer functions returning gradients
"""Diagonal-vs-anti-diagonal 6x6 images classified by a one-conv-layer CNN built on scipy.signal."""
import numpy as np
from scipy.signal import convolve2d, correlate2d

np.random.seed(9)


def make_batch(n, side=6):
    imgs = np.random.uniform(0, 0.3, (n, side, side))
    y = np.random.randint(0, 2, n)
    for i in range(n):
        shift = np.random.randint(-1, 2)
        diag = np.eye(side, k=shift)
        imgs[i] += diag if y[i] == 0 else diag[:, ::-1]
    return imgs, y.reshape(n, 1).astype(float)


def conv_forward(images, kernels, b):
    n, nf = images.shape[0], kernels.shape[0]
    maps = [[correlate2d(images[s], kernels[f], mode="valid") + b[f] for f in range(nf)] for s in range(n)]
    return np.array(maps)  # (n, nf, 4, 4)


def conv_backward(images, kernels, delta):
    """Return (d_kernels, d_bias, d_images) for a valid correlation layer."""
    d_kernels = np.zeros_like(kernels)
    d_images = np.zeros_like(images)
    for s in range(images.shape[0]):
        for f in range(kernels.shape[0]):
            d_kernels[f] += correlate2d(images[s], delta[s, f], mode="valid")  # bp: F3
            d_images[s] += convolve2d(delta[s, f], kernels[f], mode="full")  # bp: F2
    d_bias = delta.sum(axis=(0, 2, 3))  # bp: F3
    return d_kernels, d_bias, d_images


images, y = make_batch(40)
n = len(images)
kernels = np.random.randn(2, 3, 3) * 0.3
b_conv = np.zeros(2)
W_out = np.random.randn(32, 1) * 0.1
b_out = np.zeros(1)
eta = 0.5

for epoch in range(80):
    pre = conv_forward(images, kernels, b_conv)
    act = np.maximum(pre, 0.0)
    flat = act.reshape(n, -1)
    p = 1.0 / (1.0 + np.exp(-(flat @ W_out + b_out)))
    loss = -np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9))
    if epoch % 20 == 0 or epoch == 79:
        print("epoch", epoch, "loss", round(float(loss), 4))

    delta_out = (p - y) / n  # bp: error F1
    dW_out = flat.T @ delta_out  # bp: F3[W_out]
    db_out = delta_out.sum(axis=0)  # bp: F3[b_out]
    err_maps = (delta_out @ W_out.T).reshape(act.shape)  # bp: F2
    delta_maps = np.where(pre > 0, err_maps, 0.0)  # bp: F1
    d_kernels, d_bconv, _ = conv_backward(images, kernels, delta_maps)  # bp: F3

    kernels -= eta * d_kernels  # bp: update[kernels]
    b_conv -= eta * d_bconv  # bp: update[b_conv]
    W_out -= eta * dW_out  # bp: update[W_out]
    b_out -= eta * db_out  # bp: update[b_out]
