"""Backward pass of a strided convolution (channels last) for a course's step-by-step assignment: the
forward pass lives in the driver, which keeps `(A_prev, W, b, hparameters)` as the cache."""
# bp-corpus: clean
# bp-style: layer library with no forward pass in the file (the course's step-by-step conv_backward), channels last, the cache unpacked as (A_prev, W, b, hparameters), padding by a helper, four nested loops over samples, rows, columns and channels: a window of the kernel times one entry of dZ summed into the padded input gradient, a window of the input times that entry into dW, the entry itself into db
# bp-driver: drivers/lib_conv_backward_only_windows_clean_driver.py
import numpy as np


def pad_hw(X, pad):
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant")


def conv_backward(dZ, cache):
    (A_prev, W, b, hparameters) = cache
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    (m, n_H, n_W, n_C) = dZ.shape
    dA_prev = np.zeros(A_prev.shape)
    dW = np.zeros(W.shape)
    db = np.zeros(b.shape)
    A_prev_pad = pad_hw(A_prev, pad)
    dA_prev_pad = pad_hw(dA_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        da_prev_pad = dA_prev_pad[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    top = h * stride
                    left = w * stride
                    a_slice = a_prev_pad[top:top + f, left:left + f, :]
                    da_prev_pad[top:top + f, left:left + f, :] += W[:, :, :, c] * dZ[i, h, w, c]  # bp: F2
                    dW[:, :, :, c] += a_slice * dZ[i, h, w, c]  # bp: F3
                    db[:, :, :, c] += dZ[i, h, w, c]  # bp: F3
        if pad > 0:
            dA_prev[i] = da_prev_pad[pad:-pad, pad:-pad, :]
        else:
            dA_prev[i] = da_prev_pad
    return dA_prev, dW, db
