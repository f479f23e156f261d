"""Plain functions over a params dict: forward keeps caches, backward returns gradient tuples."""
# bp-corpus: clean
# bp-layers: params['W1']:relu params['W2']:relu params['W3']:sigmoid
# bp-style: row convention, fc/relu helper functions with cache tuples, gradients returned and unpacked by the caller, params dict, sigmoid + binary cross-entropy output
import numpy as np


def fc_forward(inp, W, b):
    return inp @ W + b, (inp, W)


def fc_backward(grad_out, cache):
    inp, W = cache
    grad_W = inp.T @ grad_out  # bp: F3
    grad_b = grad_out.sum(axis=0)  # bp: F3
    grad_in = grad_out @ W.T  # bp: F2
    return grad_in, grad_W, grad_b


def relu_fwd(pre):
    return np.maximum(pre, 0.0), pre


def relu_bwd(grad_out, pre):
    return np.where(pre > 0, grad_out, 0.0)  # bp: F1


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def init_params(sizes, seed):
    rng = np.random.default_rng(seed)
    params = {}
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = rng.standard_normal((m, n)) * np.sqrt(2.0 / m)
        params[f"b{i}"] = np.zeros(n)
    return params


def forward(params, X):
    s1, c1 = fc_forward(X, params['W1'], params['b1'])
    h1, r1 = relu_fwd(s1)
    s2, c2 = fc_forward(h1, params['W2'], params['b2'])
    h2, r2 = relu_fwd(s2)
    s3, c3 = fc_forward(h2, params['W3'], params['b3'])
    p = sigmoid(s3)
    return p, (c1, r1, c2, r2, c3)


def bce(p, t):
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))


def backward(p, t, caches):
    c1, r1, c2, r2, c3 = caches
    n = p.shape[0]
    ds3 = (p - t) / n  # bp: error F1
    dh2, dW3, db3 = fc_backward(ds3, c3)  # bp: F2 F3
    dh1, dW2, db2 = fc_backward(relu_bwd(dh2, r2), c2)  # bp: F2 F3
    _, dW1, db1 = fc_backward(relu_bwd(dh1, r1), c1)  # bp: F3
    return dW1, db1, dW2, db2, dW3, db3


def loss_and_grads(params, X, t):
    p, caches = forward(params, X)
    dW1, db1, dW2, db2, dW3, db3 = backward(p, t, caches)  # bp: F3
    grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2, 'W3': dW3, 'b3': db3}
    return bce(p, t), grads


def checkerboard(n, seed):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, 2))
    t = ((np.floor(X[:, 0]) + np.floor(X[:, 1])) % 2).reshape(-1, 1)
    return X, t


if __name__ == "__main__":
    X, t = checkerboard(400, seed=11)
    params = init_params([2, 32, 32, 1], seed=5)
    lr = 0.5
    for step in range(1501):
        loss, grads = loss_and_grads(params, X, t)
        if step % 300 == 0:
            print(f"step {step:5d} loss {loss:.4f}")
        for name, g in grads.items():
            params[name] -= lr * g  # bp: update
