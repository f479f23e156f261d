# bp-corpus: buggy
# bp-layers: w_hidden:tanh w_output:sigmoid
# bp-style: numpy row convention (a.dot(W)), split output error and derivative, sigmoid + binary cross-entropy, biases
"""Sigmoid + BCE output; the cancelled error p - t is then multiplied by the sigmoid derivative on a second line."""
import numpy as np

np.random.seed(33)
n_samples = 100
features = np.random.randn(n_samples, 3)
labels = (features[:, :1] - features[:, 1:2] * features[:, 2:] > 0).astype(float)
w_hidden = np.random.randn(3, 8) * 0.5
b_hidden = np.zeros(8)
w_output = np.random.randn(8, 1) * 0.5
b_output = np.zeros(1)
lr = 0.8


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


n_epochs = 600
for epoch in range(n_epochs):
    h = np.tanh(features.dot(w_hidden) + b_hidden)
    p = sigmoid(h.dot(w_output) + b_output)
    loss = -np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p))
    if epoch == 0 or epoch == n_epochs - 1:
        print(f"epoch {epoch} loss {loss:.4f}")

    err = (p - labels) / n_samples              # bp: error F1
    delta = err * p * (1 - p)                   # bp: F1 BP307
    grad_w_output = h.T.dot(delta)              # bp: F3[w_output]
    grad_b_output = delta.sum(axis=0)           # bp: F3[b_output]
    err_hidden = delta.dot(w_output.T)          # bp: F2
    delta_hidden = err_hidden * (1 - h * h)     # bp: F1
    grad_w_hidden = features.T.dot(delta_hidden)    # bp: F3[w_hidden]
    grad_b_hidden = delta_hidden.sum(axis=0)        # bp: F3[b_hidden]

    w_output -= lr * grad_w_output              # bp: update[w_output]
    b_output -= lr * grad_b_output              # bp: update[b_output]
    w_hidden -= lr * grad_w_hidden              # bp: update[w_hidden]
    b_hidden -= lr * grad_b_hidden              # bp: update[b_hidden]
