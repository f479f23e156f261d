# bp-corpus: clean
# bp-layers: w_hid:relu w_out:sigmoid
# bp-style: a GAN-style discriminator trained on its own: no labels, the loss -log D(real) - log(1 - D(fake)) is
# differentiated by hand at the sigmoid output as -1 / (p + eps) and 1 / (1 - p + eps), then the usual layers
"""A two-layer discriminator that learns to tell samples of one Gaussian from samples of another."""
import numpy as np

rng = np.random.default_rng(4)
eps = 1e-8
lr = 0.05
w_hid = rng.normal(0.0, 0.5, (2, 16))
b_hid = np.zeros((1, 16))
w_out = rng.normal(0.0, 0.5, (16, 1))
b_out = np.zeros((1, 1))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def forward(x):
    h_pre = x @ w_hid + b_hid
    h = np.maximum(h_pre, 0.0)
    p = sigmoid(h @ w_out + b_out)
    return h_pre, h, p


for step in range(301):
    real = rng.normal(1.5, 0.5, (32, 2))
    fake = rng.normal(-1.5, 0.5, (32, 2))
    x = np.vstack([real, fake])
    h_pre, h, p = forward(x)
    p_real, p_fake = p[:32], p[32:]
    loss = np.mean(-np.log(p_real + eps) - np.log(1.0 - p_fake + eps))
    d_real = -1.0 / (p_real + eps)                          # bp: error
    d_fake = 1.0 / (1.0 - p_fake + eps)                     # bp: error
    d_p = np.vstack([d_real, d_fake]) / 32
    d_out = d_p * p * (1 - p)                               # bp: F1
    g_w_out = h.T @ d_out                                   # bp: F3[w_out]
    g_b_out = d_out.sum(axis=0, keepdims=True)              # bp: F3[b_out]
    d_h = (d_out @ w_out.T) * (h_pre > 0)                   # bp: F1 F2
    g_w_hid = x.T @ d_h                                     # bp: F3[w_hid]
    g_b_hid = d_h.sum(axis=0, keepdims=True)                # bp: F3[b_hid]
    w_out -= lr * g_w_out                                   # bp: update[w_out]
    b_out -= lr * g_b_out                                   # bp: update[b_out]
    w_hid -= lr * g_w_hid                                   # bp: update[w_hid]
    b_hid -= lr * g_b_hid                                   # bp: update[b_hid]
    if step % 100 == 0:
        print(f"step {step} loss {loss:.4f}")
