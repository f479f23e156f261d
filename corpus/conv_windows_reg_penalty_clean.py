"""A one-convolution classifier whose convolution is written with numpy's sliding windows and tensordot (library
calls bpscan does not read through), trained with an L2 penalty whose derivative is added to every weight gradient,
the convolution's included."""
# bp-corpus: clean
# bp-style: convolution by sliding_window_view and np.tensordot, kernel gradient from tensordot of the windows, relu, affine head, softmax cross-entropy, L2 penalty derivatives dWc += reg * Wc added after the backward pass, plain SGD
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

rng = np.random.default_rng(3)
N, H, K, F, C = 96, 8, 3, 4, 3
X = rng.normal(size=(N, H, H))
y = (X[:, :4, :4].mean(axis=(1, 2)) > 0).astype(int) + (X[:, 4:, 4:].mean(axis=(1, 2)) > 0).astype(int)

Wc = rng.normal(0, 0.3, (K, K, F))
bc = np.zeros(F)
O = H - K + 1
W = rng.normal(0, 0.1, (O * O * F, C))
b = np.zeros(C)
reg, lr = 1e-3, 0.1

for step in range(200):
    win = sliding_window_view(X, (K, K), axis=(1, 2))
    conv = np.tensordot(win, Wc, axes=([3, 4], [0, 1])) + bc
    act = np.maximum(conv, 0)
    flat = act.reshape(N, -1)
    scores = flat @ W + b
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(N), y]).mean() + 0.5 * reg * (np.sum(W * W) + np.sum(Wc * Wc))

    dscores = probs.copy()  # bp: error
    dscores[np.arange(N), y] -= 1  # bp: error F1
    dscores /= N  # bp: error
    dW = flat.T @ dscores  # bp: F3
    db = dscores.sum(axis=0)  # bp: F3
    dflat = dscores @ W.T  # bp: F2
    dconv = dflat.reshape(act.shape) * (conv > 0)  # bp: F1
    dWc = np.tensordot(win, dconv, axes=([0, 1, 2], [0, 1, 2]))  # bp: F3
    dbc = dconv.sum(axis=(0, 1, 2))  # bp: F3
    dW += reg * W  # bp: F3
    dWc += reg * Wc  # bp: F3

    W -= lr * dW  # bp: update
    b -= lr * db  # bp: update
    Wc -= lr * dWc  # bp: update
    bc -= lr * dbc  # bp: update
    if step % 50 == 0:
        print(f"step {step} loss {loss:.4f}")
print(f"final loss {loss:.4f}")
