# bp-corpus: clean
# bp-layers: W1:leaky_relu W2:linear
# bp-style: numpy, row convention, leaky ReLU hidden via np.where, linear output with MSE, updates written as rebinding W = W - lr * dW, mini-batches
"""Leaky-ReLU regressor trained with mini-batch SGD; parameters are rebound, not modified in place."""
import numpy as np

SEED = 2024
ALPHA = 0.05  # leaky slope
rng = np.random.default_rng(SEED)

# noisy 1-D regression target embedded in 3 inputs
n_points = 400
inputs = rng.uniform(-2, 2, size=(n_points, 3))
targets = (np.abs(inputs[:, :1]) - 0.5 * inputs[:, 1:2] + 0.1 * rng.normal(size=(n_points, 1)))

W1 = rng.normal(0, 0.6, size=(3, 24))
b1 = np.zeros((1, 24))
W2 = rng.normal(0, 0.2, size=(24, 1))
b2 = np.zeros((1, 1))

lr = 0.02
batch = 40
for epoch in range(60):
    order = rng.permutation(n_points)
    running = 0.0
    for start in range(0, n_points, batch):
        idx = order[start:start + batch]
        xb, tb = inputs[idx], targets[idx]
        m = xb.shape[0]

        pre = xb @ W1 + b1
        act = np.where(pre > 0, pre, ALPHA * pre)
        out = act @ W2 + b2
        running += float(np.sum((out - tb) ** 2))

        g_out = (out - tb) * (2.0 / m)  # bp: error
        dW2 = act.T @ g_out  # bp: F3[W2]
        db2 = g_out.sum(axis=0, keepdims=True)  # bp: F3[b2]
        g_act = g_out @ W2.T  # bp: F2
        g_pre = np.where(pre > 0, g_act, ALPHA * g_act)  # bp: F1
        dW1 = xb.T @ g_pre  # bp: F3[W1]
        db1 = g_pre.sum(axis=0, keepdims=True)  # bp: F3[b1]

        W1 = W1 - lr * dW1  # bp: update[W1]
        b1 = b1 - lr * db1  # bp: update[b1]
        W2 = W2 - lr * dW2  # bp: update[W2]
        b2 = b2 - lr * db2  # bp: update[b2]

    if epoch % 15 == 0 or epoch == 59:
        # average over the epoch's mini-batches (the weights moved during it)
        print(f"epoch {epoch:3d} loss {running / n_points:.5f}")
