# bp-corpus: buggy
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy row convention (X.dot(W)), biases, method-style .sum(), MSE, error = out - T
"""The output bias gradient sums delta over all axes although b2 has three elements."""
import numpy as np

np.random.seed(19)
N, D, H, O = 60, 4, 7, 3
X = np.random.randn(N, D)
T = (X[:, :O] * X[:, 1:O + 1] > 0).astype(float)
W1 = np.random.randn(D, H) * 0.5
b1 = np.zeros(H)
W2 = np.random.randn(H, O) * 0.5
b2 = np.zeros(O)
lr = 0.5

epochs = 500
for epoch in range(epochs):
    hid = np.tanh(X.dot(W1) + b1)
    out = 1.0 / (1.0 + np.exp(-(hid.dot(W2) + b2)))
    loss = np.mean((out - T) ** 2)
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {loss:.5f}")

    err = (out - T) / N                 # bp: error
    delta = err * out * (1 - out)       # bp: F1
    dW2 = hid.T.dot(delta)              # bp: F3[W2]
    db2 = delta.sum()                   # bp: F3[b2] BP401
    err_h = delta.dot(W2.T)             # bp: F2
    delta_h = err_h * (1 - hid ** 2)    # bp: F1
    dW1 = X.T.dot(delta_h)              # bp: F3[W1]
    db1 = delta_h.sum(axis=0)           # bp: F3[b1]

    W1 -= lr * dW1                      # bp: update[W1]
    b1 -= lr * db1                      # bp: update[b1]
    W2 -= lr * dW2                      # bp: update[W2]
    b2 -= lr * db2                      # bp: update[b2]
