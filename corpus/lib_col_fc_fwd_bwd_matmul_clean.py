"""Column-major layer helpers: samples are columns, weights are (fan_out, fan_in), `@` everywhere."""
# bp-corpus: clean
# bp-style: layer library with no driver in the file, column convention (W @ x, W shaped (out, in), x shaped (in, N)), @ operator, fc_fwd/fc_bwd naming, relu as dout * (x > 0), fc_relu sandwich, softmax cross-entropy over columns
# bp-driver: drivers/lib_col_fc_fwd_bwd_matmul_clean_driver.py
import numpy as np


def fc_fwd(x, W, b):
    """x: (in, N), W: (out, in), b: (out, 1) -> (out, N)."""
    return W @ x + b, (x, W)


def fc_bwd(dout, cache):
    x, W = cache
    dW = dout @ x.T  # bp: F3[W]
    db = dout.sum(axis=1, keepdims=True)  # bp: F3[b]
    dx = W.T @ dout  # bp: F2
    return dx, dW, db


def relu_fwd(x):
    return np.maximum(x, 0.0), x


def relu_bwd(dout, x):
    return dout * (x > 0)  # bp: F1


def fc_relu_fwd(x, W, b):
    z, fc_cache = fc_fwd(x, W, b)
    a, relu_cache = relu_fwd(z)
    return a, (fc_cache, relu_cache)


def fc_relu_bwd(dout, cache):
    fc_cache, relu_cache = cache
    dz = relu_bwd(dout, relu_cache)  # bp: F1
    return fc_bwd(dz, fc_cache)


def softmax_xent(scores, labels):
    """scores: (C, N); labels: (N,) ints. Returns the mean loss and d loss / d scores."""
    z = scores - scores.max(axis=0, keepdims=True)
    e = np.exp(z)
    probs = e / e.sum(axis=0, keepdims=True)
    n = scores.shape[1]
    cols = np.arange(n)
    loss = -np.log(probs[labels, cols] + 1e-12).mean()
    dscores = probs.copy()  # bp: error
    dscores[labels, cols] -= 1.0  # bp: error F1
    dscores /= n  # bp: error
    return loss, dscores
