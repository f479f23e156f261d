"""Buggy: linear_backward forgets the transpose of A_prev in dW. Deep tanh network with a softmax output, parameters in a dict keyed f"W{l}" / f"b{l}",
trained by full-batch gradient descent on a three-class toy problem."""
# bp-corpus: buggy
# bp-style: dict-keyed L-layer model, column convention (W @ A_prev, one-hot labels as columns), f-string keys f"W{l}" in init/forward/backward and 'W%d' % l keys in update_parameters, caches list, tanh hidden layers caching their outputs, softmax + cross-entropy output delta AL - Y, for l in reversed(range(1, L)) backward loop, train function called at the bottom
import numpy as np


def init_params(layer_dims, seed=3):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        fan_in = layer_dims[l - 1]
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], fan_in)) / np.sqrt(fan_in)
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def softmax_cols(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def forward(X, params):
    L = len(params) // 2
    caches = []
    A = X
    for l in range(1, L):
        A_prev = A
        A = np.tanh(params[f"W{l}"] @ A_prev + params[f"b{l}"])
        caches.append((A_prev, params[f"W{l}"], A))
    AL = softmax_cols(params[f"W{L}"] @ A + params[f"b{L}"])
    caches.append((A, params[f"W{L}"], AL))
    return AL, caches


def cross_entropy(AL, Y):
    return float(-np.sum(Y * np.log(AL + 1e-12)) / Y.shape[1])


def linear_backward(dZ, A_prev, W):
    m = A_prev.shape[1]
    dW = (dZ @ A_prev) / m  # bp: F3 BP304
    db = np.sum(dZ, axis=1, keepdims=True) / m  # bp: F3
    dA_prev = W.T @ dZ  # bp: F2
    return dA_prev, dW, db


def tanh_backward(dA, A):
    return dA * (1.0 - np.square(A))  # bp: F1


def backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    dZ = AL - Y  # bp: error F1
    A_prev, W, _ = caches[L - 1]
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, A_prev, W)  # bp: F2 F3
    for l in reversed(range(1, L)):
        A_prev, W, A = caches[l - 1]
        dZ = tanh_backward(grads[f"dA{l}"], A)  # bp: F1
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, A_prev, W)  # bp: F2 F3
    return grads


def update_parameters(params, grads, learning_rate):
    L = len(params) // 2
    for l in range(1, L + 1):
        params['W%d' % l] -= learning_rate * grads['dW%d' % l]  # bp: update
        params['b%d' % l] -= learning_rate * grads['db%d' % l]  # bp: update
    return params


def three_arms(m, seed=0):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, size=m)
    angle = labels * 2.1 + rng.normal(0, 0.35, size=m)
    radius = rng.uniform(0.3, 1.0, size=m)
    X = np.vstack([radius * np.cos(angle), radius * np.sin(angle)])
    Y = np.eye(3)[labels].T
    return X, Y


def train(X, Y, layer_dims, learning_rate=0.5, epochs=800):
    params = init_params(layer_dims)
    for epoch in range(epochs + 1):
        AL, caches = forward(X, params)
        if epoch % 200 == 0:
            print(f"epoch {epoch} loss {cross_entropy(AL, Y):.4f}")
        grads = backward(AL, Y, caches)  # bp: F2 F3
        params = update_parameters(params, grads, learning_rate)    # bp: update
    return params


if __name__ == "__main__":
    X, Y = three_arms(240)
    train(X, Y, [2, 20, 20, 3])
