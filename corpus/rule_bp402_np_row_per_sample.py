# bp-corpus: buggy
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy row convention (x_i.dot(W)), per-sample loop accumulating gradients with np.outer, one update per epoch, SSE, error = o - t_i
"""Per-sample loop: dW2 accumulates with += but dW1 is assigned with =, so only the last sample's gradient survives."""
import numpy as np

np.random.seed(27)
N, D, H, O = 40, 3, 5, 2
X = np.random.randn(N, D)
T = np.stack([X[:, 0] > 0, X[:, 1] * X[:, 2] > 0], axis=1).astype(float)
W1 = np.random.randn(D, H) * 0.5
W2 = np.random.randn(H, O) * 0.5
lr = 0.5


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


epochs = 200
for epoch in range(epochs):
    dW1 = np.zeros_like(W1)
    dW2 = np.zeros_like(W2)
    total = 0.0
    for i in range(N):
        x_i = X[i]
        t_i = T[i]
        h = np.tanh(x_i.dot(W1))
        o = sigmoid(h.dot(W2))
        total += np.sum((o - t_i) ** 2)

        e = o - t_i                         # bp: error
        d2 = e * o * (1 - o)                # bp: F1
        dW2 += np.outer(h, d2)              # bp: F3[W2]
        e1 = d2.dot(W2.T)                   # bp: F2
        d1 = e1 * (1 - h ** 2)              # bp: F1
        dW1 = np.outer(x_i, d1)             # bp: F3[W1] BP402
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {total:.4f}")
    W1 -= lr * dW1 / N                      # bp: update[W1]
    W2 -= lr * dW2 / N                      # bp: update[W2]
