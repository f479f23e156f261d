# bp-corpus: clean
# bp-layers: W1:tanh W2:tanh W3:linear
# bp-style: numpy, row convention with the @ operator, two tanh hidden layers, linear output with MSE, Adam with bias correction over zip of (param, grad, (m, v)) with in-place moment updates
"""Three-layer tanh regressor fitting a wavy surface, optimised with bias-corrected Adam."""
import numpy as np

gen = np.random.default_rng(123)

N = 256
X = gen.uniform(-1.0, 1.0, size=(N, 2))
y = (np.sin(3 * X[:, 0]) + np.cos(2 * X[:, 1]) * X[:, 0])[:, None]

W1 = gen.normal(0, 1 / np.sqrt(2), (2, 20))
b1 = np.zeros(20)
W2 = gen.normal(0, 1 / np.sqrt(20), (20, 20))
b2 = np.zeros(20)
W3 = gen.normal(0, 1 / np.sqrt(20), (20, 1))
b3 = np.zeros(1)

alpha, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
moments = [(np.zeros_like(p), np.zeros_like(p)) for p in (W1, b1, W2, b2, W3, b3)]

for t in range(1, 301):
    # forward
    h1 = np.tanh(X @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    yhat = h2 @ W3 + b3
    mse = np.mean((yhat - y) ** 2)
    if t == 1 or t % 75 == 0:
        print(f"t={t:3d} loss {mse:.5f}")

    # backward; g_* are gradients of the mean squared error
    g_out = 2.0 * (yhat - y) / N  # bp: error
    dW3 = h2.T @ g_out  # bp: F3[W3]
    db3 = g_out.sum(axis=0)  # bp: F3[b3]
    g_h2 = (g_out @ W3.T) * (1 - h2 ** 2)  # bp: F2 F1
    dW2 = h1.T @ g_h2  # bp: F3[W2]
    db2 = g_h2.sum(axis=0)  # bp: F3[b2]
    g_h1 = (g_h2 @ W2.T) * (1 - h1 ** 2)  # bp: F2 F1
    dW1 = X.T @ g_h1  # bp: F3[W1]
    db1 = g_h1.sum(axis=0)  # bp: F3[b1]

    # Adam: running mean and uncentred variance of every gradient, corrected for their zero start
    for p, g, (m, v) in zip((W1, b1, W2, b2, W3, b3), (dW1, db1, dW2, db2, dW3, db3), moments):
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** t)
        v_hat = v / (1 - beta2 ** t)
        p -= alpha * m_hat / (np.sqrt(v_hat) + eps)  # bp: update
