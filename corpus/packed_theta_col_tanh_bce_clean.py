"""Binary classifier with one tanh hidden layer whose parameters live in one flat vector.

Samples are columns. The vector holds W1, W2, b1, b2 in that order; the gradient comes back
packed the same way so a line search or scipy.optimize could use it unchanged.
"""
# bp-corpus: clean
# bp-layers: W1:tanh W2:sigmoid
# bp-style: packed theta, column convention (np.dot(W1, X) + b1), weights first then biases in the vector, cost_and_grad(theta, X, y, n_in, n_hid, n_out) with reshape of slices, tanh hidden, sigmoid + binary cross-entropy output (delta a2 - y), np.concatenate of .ravel() pieces, gradient descent theta = theta - lr * grad at the bottom
import numpy as np


def cost_and_grad(theta, X, y, n_in, n_hid, n_out):
    i1 = n_hid * n_in
    i2 = i1 + n_out * n_hid
    i3 = i2 + n_hid
    W1 = theta[:i1].reshape(n_hid, n_in)
    W2 = theta[i1:i2].reshape(n_out, n_hid)
    b1 = theta[i2:i3].reshape(n_hid, 1)
    b2 = theta[i3:].reshape(n_out, 1)
    m = X.shape[1]

    z1 = np.dot(W1, X) + b1
    a1 = np.tanh(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = 1.0 / (1.0 + np.exp(-z2))
    eps = 1e-12
    cost = -np.sum(y * np.log(a2 + eps) + (1 - y) * np.log(1 - a2 + eps)) / m

    d2 = a2 - y  # bp: error F1
    dW2 = np.dot(d2, a1.T) / m  # bp: F3[W2]
    db2 = np.sum(d2, axis=1, keepdims=True) / m  # bp: F3[b2]
    d1 = np.dot(W2.T, d2) * (1 - a1 ** 2)  # bp: F2 F1
    dW1 = np.dot(d1, X.T) / m  # bp: F3[W1]
    db1 = np.sum(d1, axis=1, keepdims=True) / m  # bp: F3[b1]
    grad = np.concatenate([dW1.ravel(), dW2.ravel(), db1.ravel(), db2.ravel()])
    return cost, grad


def init_theta(n_in, n_hid, n_out, seed):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, 1 / np.sqrt(n_in), (n_hid, n_in))
    W2 = rng.normal(0, 1 / np.sqrt(n_hid), (n_out, n_hid))
    return np.concatenate([W1.ravel(), W2.ravel(), np.zeros(n_hid), np.zeros(n_out)])


if __name__ == "__main__":
    rng = np.random.default_rng(6)
    n_in, n_hid, n_out = 2, 10, 1
    X = rng.uniform(-1, 1, (n_in, 300))
    y = (X[0] * X[1] > 0).astype(float).reshape(1, -1)  # XOR quadrants
    theta = init_theta(n_in, n_hid, n_out, seed=2)
    alpha = 1.0
    for epoch in range(1501):
        J, grad = cost_and_grad(theta, X, y, n_in, n_hid, n_out)
        if epoch % 300 == 0:
            print(f"epoch {epoch:4d} loss {J:.4f}")
        theta = theta - alpha * grad  # bp: update
