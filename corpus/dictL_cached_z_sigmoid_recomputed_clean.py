# bp-corpus: clean
# bp-style: deeplearning.ai style, column convention, parameters in a dict with computed keys and a
# list of per-layer caches (A_prev, W, b, Z); the output layer's sigmoid derivative is recomputed
# from the cached Z, the hidden layers' ReLU masks test it too
import numpy as np


def init_params(sizes, rng):
    params = {}
    for k in range(1, len(sizes)):
        params["W" + str(k)] = rng.normal(0.0, 1.0, (sizes[k], sizes[k - 1])) * np.sqrt(2.0 / sizes[k - 1])
        params["b" + str(k)] = np.zeros((sizes[k], 1))
    return params


def layer_forward(A_prev, W, b, last):
    Z = W.dot(A_prev) + b
    A = 1 / (1 + np.exp(-Z)) if last else np.maximum(0, Z)
    return A, (A_prev, W, b, Z)


def forward(params, X):
    caches = []
    A = X
    depth = len(params) // 2
    for k in range(1, depth + 1):
        A, cache = layer_forward(A, params["W" + str(k)], params["b" + str(k)], k == depth)
        caches.append(cache)
    return A, caches


def linear_backward(dZ, cache):
    A_prev, W, b, Z = cache
    m = A_prev.shape[1]
    dW = dZ.dot(A_prev.T) / m                                        # bp: F3
    db = np.sum(dZ, axis=1, keepdims=True) / m                       # bp: F3
    dA_prev = W.T.dot(dZ)                                            # bp: F2
    return dA_prev, dW, db


def backward(AL, Y, caches):
    grads = {}
    depth = len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))             # bp: error
    A_prev, W, b, Z = caches[depth - 1]
    s = 1 / (1 + np.exp(-Z))
    dZ = dAL * s * (1 - s)                                           # bp: F1
    grads["dA" + str(depth - 1)], grads["dW" + str(depth)], grads["db" + str(depth)] = \
        linear_backward(dZ, caches[depth - 1])  # bp: F2 F3
    for k in reversed(range(depth - 1)):
        A_prev, W, b, Z = caches[k]
        dZ = np.array(grads["dA" + str(k + 1)], copy=True)           # bp: F1
        dZ[Z <= 0] = 0                                               # bp: F1
        grads["dA" + str(k)], grads["dW" + str(k + 1)], grads["db" + str(k + 1)] = linear_backward(dZ, caches[k])  # bp: F2 F3
    return grads


def update(params, grads, rate):
    depth = len(params) // 2
    for k in range(1, depth + 1):
        params["W" + str(k)] = params["W" + str(k)] - rate * grads["dW" + str(k)]    # bp: update
        params["b" + str(k)] = params["b" + str(k)] - rate * grads["db" + str(k)]    # bp: update
    return params


rng = np.random.default_rng(8)
X = rng.normal(0.0, 1.0, (2, 200))
Y = (X[0:1] * X[1:2] > 0).astype(float)
params = init_params([2, 8, 6, 1], rng)
for step in range(1500):
    AL, caches = forward(params, X)
    cost = float(-np.mean(Y * np.log(AL + 1e-12) + (1 - Y) * np.log(1 - AL + 1e-12)))
    grads = backward(AL, Y, caches)  # bp: F2 F3
    params = update(params, grads, 0.05)                            # bp: update
    if step % 300 == 0 or step == 1499:
        print(f"step {step} loss {cost:.4f}")
