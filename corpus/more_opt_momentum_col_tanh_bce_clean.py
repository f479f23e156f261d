# bp-corpus: clean
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy, column convention (features x samples, W @ A), tanh hidden, sigmoid + binary cross-entropy output, heavy-ball momentum with one velocity per parameter (v = mu * v - lr * dW; W += v), full batch
"""Two interleaved half-moons separated by a tanh net in column layout, trained with momentum."""
import numpy as np

rng = np.random.default_rng(17)


def half_moons(n_per_moon, noise=0.12):
    """Samples are columns: X has shape (2, 2n), Y has shape (1, 2n)."""
    theta = rng.uniform(0.0, np.pi, n_per_moon)
    top = np.vstack([np.cos(theta), np.sin(theta)])
    bottom = np.vstack([1.0 - np.cos(theta), 0.5 - np.sin(theta)])
    X = np.hstack([top, bottom]) + rng.normal(0.0, noise, (2, 2 * n_per_moon))
    Y = np.hstack([np.zeros(n_per_moon), np.ones(n_per_moon)]).reshape(1, -1)
    return X, Y


X, Y = half_moons(100)
m = X.shape[1]
n_hidden = 16

W1 = rng.normal(0.0, 1.0, (n_hidden, 2))
b1 = np.zeros((n_hidden, 1))
W2 = rng.normal(0.0, 0.3, (1, n_hidden))
b2 = np.zeros((1, 1))

# one velocity buffer per parameter, same shape as the parameter
vW1, vb1 = np.zeros_like(W1), np.zeros_like(b1)
vW2, vb2 = np.zeros_like(W2), np.zeros_like(b2)
mu, lr = 0.9, 0.1

for it in range(400):
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = 1.0 / (1.0 + np.exp(-Z2))
    cost = -np.mean(Y * np.log(A2 + 1e-12) + (1 - Y) * np.log(1 - A2 + 1e-12))
    if it % 100 == 0 or it == 399:
        print(f"iter {it:3d}  loss {cost:.4f}")

    # sigmoid + cross-entropy: the output slope cancels, leaving A2 - Y
    dZ2 = (A2 - Y) / m  # bp: error F1
    dW2 = dZ2 @ A1.T  # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True)  # bp: F3[b2]
    dA1 = W2.T @ dZ2  # bp: F2
    dZ1 = (1.0 - A1 ** 2) * dA1  # bp: F1
    dW1 = dZ1 @ X.T  # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True)  # bp: F3[b1]

    # the velocity already holds the downhill step, so the parameters add it
    vW1 = mu * vW1 - lr * dW1
    vb1 = mu * vb1 - lr * db1
    vW2 = mu * vW2 - lr * dW2
    vb2 = mu * vb2 - lr * db2
    W1 += vW1  # bp: update[W1]
    b1 += vb1  # bp: update[b1]
    W2 += vW2  # bp: update[W2]
    b2 += vb2  # bp: update[b2]
