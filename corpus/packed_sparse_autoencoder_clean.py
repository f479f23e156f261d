"""Sparse autoencoder whose cost function works on one flat parameter vector.

Samples are columns of `data` (visible_size, m). The network reconstructs its own input: the
output error is the output minus the data. A KL sparsity penalty pulls the mean activation of
each hidden unit towards `sparsity_param`, and its derivative joins the hidden delta. The
gradient comes back packed like theta (W1, W2, b1, b2), so any minimiser that takes a flat
vector could use it; here plain gradient descent does.
"""
# bp-corpus: clean
# bp-layers: W1:sigmoid W2:sigmoid
# bp-style: packed theta, column convention (W1 @ data + b1[:, None]), UFLDL-exercise shape sparse_autoencoder_cost(theta, visible_size, hidden_size, lambda_, sparsity_param, beta, data), weights then biases in the vector, sigmoid hidden and output, squared reconstruction error against the input itself (diff = a3 - data shared by the cost and the output delta), KL sparsity term added into the hidden delta, weight decay in the gradients, np.concatenate of .ravel() pieces, gradient descent theta -= lr * grad at the bottom
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def initialize_parameters(hidden_size, visible_size, rng):
    r = np.sqrt(6.0) / np.sqrt(hidden_size + visible_size + 1)
    W1 = rng.uniform(-r, r, (hidden_size, visible_size))
    W2 = rng.uniform(-r, r, (visible_size, hidden_size))
    b1 = np.zeros(hidden_size)
    b2 = np.zeros(visible_size)
    return np.concatenate([W1.ravel(), W2.ravel(), b1, b2])


def sparse_autoencoder_cost(theta, visible_size, hidden_size, lambda_, sparsity_param, beta, data):
    hv = hidden_size * visible_size
    W1 = theta[0:hv].reshape(hidden_size, visible_size)
    W2 = theta[hv:2 * hv].reshape(visible_size, hidden_size)
    b1 = theta[2 * hv:2 * hv + hidden_size]
    b2 = theta[2 * hv + hidden_size:]
    m = data.shape[1]

    # forward pass, one column per sample
    z2 = W1 @ data + b1[:, None]
    a2 = sigmoid(z2)
    z3 = W2 @ a2 + b2[:, None]
    a3 = sigmoid(z3)

    rho = sparsity_param
    rho_hat = a2.mean(axis=1)
    kl = np.sum(rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat)))
    diff = a3 - data  # bp: error
    cost = (0.5 * np.sum(diff ** 2) / m
            + 0.5 * lambda_ * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
            + beta * kl)

    # backward pass
    delta3 = diff * a3 * (1 - a3)  # bp: F1
    sparsity_delta = -rho / rho_hat + (1 - rho) / (1 - rho_hat)
    delta2 = (W2.T @ delta3 + beta * sparsity_delta[:, None]) * a2 * (1 - a2)  # bp: F2 F1

    W1grad = delta2 @ data.T / m + lambda_ * W1  # bp: F3[W1]
    W2grad = delta3 @ a2.T / m + lambda_ * W2  # bp: F3[W2]
    b1grad = delta2.sum(axis=1) / m  # bp: F3[b1]
    b2grad = delta3.sum(axis=1) / m  # bp: F3[b2]
    grad = np.concatenate([W1grad.ravel(), W2grad.ravel(), b1grad, b2grad])
    return cost, grad


def make_patches(n, side, rng):
    """Small image patches: a bright bar at a random place and angle on a dark ground."""
    ys, xs = np.mgrid[0:side, 0:side] - (side - 1) / 2.0
    patches = np.empty((side * side, n))
    for i in range(n):
        angle = rng.uniform(0, np.pi)
        offset = rng.uniform(-1.5, 1.5)
        dist = xs * np.cos(angle) + ys * np.sin(angle) - offset
        patches[:, i] = np.exp(-dist ** 2).ravel()
    # squash into [0.1, 0.9] so a sigmoid output can reach every value
    return 0.1 + 0.8 * patches


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    side = 6
    visible_size, hidden_size = side * side, 16
    data = make_patches(400, side, rng)
    theta = initialize_parameters(hidden_size, visible_size, rng)
    lr = 0.5
    for it in range(801):
        cost, grad = sparse_autoencoder_cost(theta, visible_size, hidden_size,
                                             1e-4, 0.1, 3.0, data)
        if it % 200 == 0:
            print(f"iter {it:4d} loss {cost:.5f}")
        theta -= lr * grad  # bp: update
