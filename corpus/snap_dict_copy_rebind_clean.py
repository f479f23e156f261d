# bp-corpus: clean
# bp-layers: params['W*']:sigmoid
# bp-style: dict-keyed L-layer network, column convention (W @ A, samples as columns), sigmoid on every layer,
# keys 'W%d' % k; the step function takes a shallow snapshot `old = params.copy()` before the backward loop,
# each update rebinds `params[key] = old[key] - lr * grad`, and formula 2 reads the snapshot's weight
"""Three sigmoid layers trained on a smooth two-input target; one step function does forward,
backward and the updates, stepping each layer as soon as its gradient is known."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def init_params(sizes, rng):
    params = {}
    for k in range(1, len(sizes)):
        params['W%d' % k] = rng.normal(0.0, 1.0 / np.sqrt(sizes[k - 1]), (sizes[k], sizes[k - 1]))
        params['b%d' % k] = np.zeros((sizes[k], 1))
    return params


def train_step(params, X, Y, lr, n_layers):
    acts = [X]
    for k in range(1, n_layers + 1):
        acts.append(sigmoid(params['W%d' % k] @ acts[-1] + params['b%d' % k]))
    out = acts[-1]
    m = X.shape[1]
    loss = 0.5 * np.sum((out - Y) ** 2) / m
    old = params.copy()
    delta = (out - Y) * out * (1 - out)  # bp: error F1
    for k in range(n_layers, 0, -1):
        grad_W = delta @ acts[k - 1].T / m  # bp: F3
        grad_b = np.sum(delta, axis=1, keepdims=True) / m  # bp: F3
        params['W%d' % k] = old['W%d' % k] - lr * grad_W  # bp: update
        params['b%d' % k] = old['b%d' % k] - lr * grad_b  # bp: update
        if k > 1:
            back = old['W%d' % k].T @ delta  # bp: F2
            a = acts[k - 1]
            delta = back * a * (1 - a)  # bp: F1
    return loss


rng = np.random.default_rng(3)
X = rng.uniform(-1.0, 1.0, (2, 200))
Y = (0.5 + 0.4 * np.sin(2.0 * X[0:1]) * np.cos(1.5 * X[1:2]))
sizes = [2, 10, 6, 1]
params = init_params(sizes, rng)
for it in range(1500):
    loss = train_step(params, X, Y, 2.0, len(sizes) - 1)
    if it % 300 == 0 or it == 1499:
        print(f"iter {it:4d} loss {loss:.6f}")
