# bp-corpus: clean
# bp-style: deeplearning.ai course style in columns (features x samples): parameters in a dict, a three-layer ReLU/ReLU/sigmoid network whose forward returns a cache tuple, binary cross-entropy whose derivative is written with np.divide and a negated target (`np.divide(-Y, A3) + np.divide(1 - Y, 1 - A3)`), ReLU derivatives as integer masks `np.int64(a > 0)`, gradients in a dict, plain gradient descent over the keys
"""A three-layer binary classifier of two interleaved rings, written the way the course writes it."""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def initialize(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        params["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return params


def forward(X, params):
    z1 = np.dot(params["W1"], X) + params["b1"]
    a1 = np.maximum(0, z1)
    z2 = np.dot(params["W2"], a1) + params["b2"]
    a2 = np.maximum(0, z2)
    z3 = np.dot(params["W3"], a2) + params["b3"]
    a3 = sigmoid(z3)
    return a3, (z1, a1, z2, a2, z3, a3)


def backward(X, Y, params, cache):
    m = X.shape[1]
    z1, a1, z2, a2, z3, a3 = cache
    da3 = np.divide(-Y, a3) + np.divide(1 - Y, 1 - a3)  # bp: error
    dz3 = da3 * a3 * (1 - a3) / m  # bp: F1
    dW3 = np.dot(dz3, a2.T)  # bp: F3
    db3 = np.sum(dz3, axis=1, keepdims=True)  # bp: F3
    da2 = np.dot(params["W3"].T, dz3)  # bp: F2
    dz2 = np.multiply(da2, np.int64(a2 > 0))  # bp: F1
    dW2 = np.dot(dz2, a1.T)  # bp: F3
    db2 = np.sum(dz2, axis=1, keepdims=True)  # bp: F3
    da1 = np.dot(params["W2"].T, dz2)  # bp: F2
    dz1 = np.multiply(da1, np.int64(a1 > 0))  # bp: F1
    dW1 = np.dot(dz1, X.T)  # bp: F3
    db1 = np.sum(dz1, axis=1, keepdims=True)  # bp: F3
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


rng = np.random.default_rng(21)
n = 300
radius = np.where(rng.random(n) < 0.5, 1.0, 2.0)
theta = rng.uniform(0, 2 * np.pi, n)
X = np.stack([radius * np.cos(theta), radius * np.sin(theta)]) + 0.15 * rng.standard_normal((2, n))
Y = (radius > 1.5).astype(float).reshape(1, n)
params = initialize([2, 12, 6, 1], rng)
learning_rate = 0.3
for i in range(1501):
    a3, cache = forward(X, params)
    cost = -np.mean(Y * np.log(a3 + 1e-12) + (1 - Y) * np.log(1 - a3 + 1e-12))
    if i % 300 == 0:
        print("iteration %d loss %.5f" % (i, cost))
    grads = backward(X, Y, params, cache)  # bp: F3
    for l in range(1, 4):
        params["W" + str(l)] -= learning_rate * grads["dW" + str(l)]  # bp: update
        params["b" + str(l)] -= learning_rate * grads["db" + str(l)]  # bp: update
