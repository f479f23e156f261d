# bp-corpus: buggy
# bp-layers: params['W1']:relu params['W2']:sigmoid
# bp-style: numpy, row convention, params/grads/m/v dicts keyed by name, ReLU hidden, sigmoid + binary cross-entropy output, Adam with bias correction; the step is added although grads hold the true gradient (error written output-minus-target), so every parameter climbs the loss
"""Adam on a ReLU/sigmoid classifier where the final step was written with += instead of -=."""
import numpy as np

np.random.seed(2)

n = 200
X = np.random.randn(n, 3)
t = ((X[:, 0] * X[:, 1] > 0) ^ (X[:, 2] > 0.5)).astype(float).reshape(-1, 1)

params = {
    'W1': np.random.randn(3, 16) * 0.5, 'b1': np.zeros(16),
    'W2': np.random.randn(16, 1) * 0.3, 'b2': np.zeros(1),
}
m = {k: np.zeros_like(v) for k, v in params.items()}
v = {k: np.zeros_like(p) for k, p in params.items()}
lr, b1_, b2_, eps = 0.01, 0.9, 0.999, 1e-8


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


for step in range(1, 201):
    z1 = X @ params['W1'] + params['b1']
    h = np.maximum(0.0, z1)
    p = sigmoid(h @ params['W2'] + params['b2'])
    bce = -np.mean(t * np.log(p + 1e-9) + (1 - t) * np.log(1 - p + 1e-9))
    if step == 1 or step % 50 == 0:
        print("step", step, "loss", round(float(bce), 5))

    grads = {}
    d_out = (p - t) / n  # bp: error F1
    grads['W2'] = h.T @ d_out  # bp: F3
    grads['b2'] = d_out.sum(axis=0)  # bp: F3
    d_h = d_out @ params['W2'].T  # bp: F2
    d_h = d_h * (z1 > 0)  # bp: F1
    grads['W1'] = X.T @ d_h  # bp: F3
    grads['b1'] = d_h.sum(axis=0)  # bp: F3

    for k in params:
        m[k] = b1_ * m[k] + (1 - b1_) * grads[k]
        v[k] = b2_ * v[k] + (1 - b2_) * grads[k] ** 2
        m_hat = m[k] / (1 - b1_ ** step)
        v_hat = v[k] / (1 - b2_ ** step)
        params[k] += lr * m_hat / (np.sqrt(v_hat) + eps)  # bp: update BP201
