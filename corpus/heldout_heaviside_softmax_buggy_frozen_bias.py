"""ReLU + softmax classifier with helpers rectify/rectify_grad (np.heaviside); the hidden bias is never updated."""
# bp-corpus: buggy
# bp-layers: omega1:relu omega2:softmax
# bp-style: row convention, helper functions, mean-reduced gradients, Greek-ish names
# defect: g_beta1 is computed but the update block forgets beta1, so beta1 stays at its initial value.
import numpy as np


def rectify(z):
    return np.clip(z, 0.0, None)


def rectify_grad(z):
    return np.heaviside(z, 0.0)


def rowwise_softmax(s):
    s = s - s.max(axis=1, keepdims=True)
    q = np.exp(s)
    return q / q.sum(axis=1, keepdims=True)


rng = np.random.default_rng(1234)
n_per, n_cls, d_in, d_hid = 50, 4, 2, 16
centres = rng.uniform(-3, 3, (n_cls, d_in))
X = np.vstack([c + rng.normal(0, 0.8, (n_per, d_in)) for c in centres])
Y1h = np.repeat(np.eye(n_cls), n_per, axis=0)
n = len(X)

omega1 = rng.normal(0, np.sqrt(2 / d_in), (d_in, d_hid))
beta1 = np.full(d_hid, 0.1)
omega2 = rng.normal(0, np.sqrt(1 / d_hid), (d_hid, n_cls))
beta2 = np.zeros(n_cls)
lr = 0.3

for epoch in range(500):
    z1 = X @ omega1 + beta1                                  # bp: BP101
    a1 = rectify(z1)
    p = rowwise_softmax(a1 @ omega2 + beta2)
    ce = -np.sum(Y1h * np.log(p + 1e-12)) / n
    if epoch % 100 == 0 or epoch == 499:
        print(f"epoch {epoch} loss {ce:.4f}")

    d2 = p - Y1h                                             # bp: error F1
    g_omega2 = a1.T @ d2 / n                                 # bp: F3[omega2]
    g_beta2 = d2.sum(axis=0) / n                             # bp: F3[beta2]
    d1 = (d2 @ omega2.T) * rectify_grad(z1)                  # bp: F2 F1
    g_omega1 = X.T @ d1 / n                                  # bp: F3[omega1]
    g_beta1 = d1.sum(axis=0) / n                             # bp: F3[beta1] BP102

    omega2 -= lr * g_omega2                                  # bp: update[omega2]
    beta2 -= lr * g_beta2                                    # bp: update[beta2]
    omega1 -= lr * g_omega1                                  # bp: update[omega1]
