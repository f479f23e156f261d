# bp-corpus: buggy
# bp-style: an MLP with a batch norm (no bias before it: its shift takes that place) whose backward pass is derived
# on paper and written one virtual node per line: the forward keeps only the input, its mean and variance and the
# normalised input; the backward recomputes the centred input `(x - mean)` where it needs it and names the gradient
# of each quantity it differentiates through (the inverse standard deviation, the standard deviation, the variance,
# the squares, the mean), summing the paths that meet at the centred input and at the input; the batch norm's scale is stepped up its gradient
import numpy as np


def bn_forward(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    x_norm = (x - mean) / np.sqrt(var + eps)
    out = gamma * x_norm + beta
    return out, (x, mean, var, x_norm, gamma, eps)


def bn_backward(dout, cache):
    x, mean, var, x_norm, gamma, eps = cache
    n = x.shape[0]
    dbeta = np.sum(dout, axis=0)  # bp: F3
    dgamma = np.sum(dout * x_norm, axis=0)  # bp: F3
    dx_norm = dout * gamma  # bp: F2
    d_inv_std = np.sum(dx_norm * (x - mean), axis=0)  # bp: F1
    d_centred_a = dx_norm / np.sqrt(var + eps)  # bp: F1
    d_std = d_inv_std * (-1.0 / (var + eps))  # bp: F1
    d_var = d_std * 0.5 / np.sqrt(var + eps)  # bp: F1
    d_squares = np.ones_like(x) / n * d_var  # bp: F1
    d_centred_b = 2.0 * (x - mean) * d_squares  # bp: F1
    d_centred = d_centred_a + d_centred_b  # bp: F1
    d_mean = -np.sum(d_centred, axis=0)  # bp: F1
    dx_from_mean = np.ones_like(x) / n * d_mean  # bp: F1
    dx = d_centred + dx_from_mean  # bp: F1
    return dx, dgamma, dbeta


rng = np.random.default_rng(5)
n_in, n_hid, n_cls, n_all = 4, 16, 3, 300
centres = rng.normal(0.0, 2.0, (n_cls, n_in))
labels = rng.integers(0, n_cls, n_all)
X = centres[labels] + rng.normal(0.0, 1.0, (n_all, n_in))

W1 = rng.normal(0.0, 1.0, (n_in, n_hid)) / np.sqrt(n_in)
gamma = np.ones(n_hid)
beta = np.zeros(n_hid)
W2 = rng.normal(0.0, 0.1, (n_hid, n_cls))
b2 = np.zeros(n_cls)
lr = 0.2

for epoch in range(150):
    a1 = X @ W1
    bn, bn_cache = bn_forward(a1, gamma, beta)
    h = np.maximum(bn, 0.0)
    scores = h @ W2 + b2
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(n_all), labels]))
    if epoch % 50 == 0 or epoch == 149:
        print("epoch", epoch, "loss", round(float(loss), 4))

    dscores = probs.copy()  # bp: error
    dscores[np.arange(n_all), labels] -= 1  # bp: error F1
    dscores /= n_all  # bp: error
    dW2 = h.T @ dscores  # bp: F3
    db2 = dscores.sum(axis=0)  # bp: F3
    dh = dscores @ W2.T  # bp: F2
    dbn = dh * (bn > 0)  # bp: F1
    da1, dgamma, dbeta = bn_backward(dbn, bn_cache)  # bp: F2 F3
    dW1 = X.T @ da1  # bp: F3

    W2 -= lr * dW2  # bp: update
    b2 -= lr * db2  # bp: update
    gamma += lr * dgamma  # bp: update BP201
    beta -= lr * dbeta  # bp: update
    W1 -= lr * dW1  # bp: update
