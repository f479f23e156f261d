"""Buggy: a three-layer classifier trained with inverted dropout, its masks kept in the cache beside the activations."""
# bp-corpus: buggy
# bp-style: column convention, parameters in a dict unpacked into names two by two, forward and backward as functions handing a cache tuple (Z1, D1, A1, ...); inverted dropout drawn as np.random.rand(*A.shape) < keep_prob, applied to the activation and to its gradient, each scaled by keep_prob; ReLU derivative written np.int64(A2 > 0) on the dropped activation and np.int64(Z1 > 0) on the pre-activation; the first hidden layer's mask tests its incoming gradient instead of its activation
import numpy as np


def relu(z):
    return np.maximum(0, z)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward_with_dropout(X, params, keep_prob):
    W1, b1 = params["W1"], params["b1"]
    W2, b2 = params["W2"], params["b2"]
    W3, b3 = params["W3"], params["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    D1 = np.random.rand(*A1.shape)
    D1 = D1 < keep_prob
    A1 = A1 * D1
    A1 = A1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = np.random.rand(*A2.shape)
    D2 = D2 < keep_prob
    A2 = A2 * D2
    A2 = A2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def backward_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y  # bp: error F1
    dW3 = 1. / m * np.dot(dZ3, A2.T)  # bp: F3[params['W*']]
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)  # bp: F3[params['b*']]
    dA2 = np.dot(W3.T, dZ3)  # bp: F2
    dA2 = dA2 * D2  # bp: F1
    dA2 = dA2 / keep_prob  # bp: F1
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))  # bp: F1
    dW2 = 1. / m * np.dot(dZ2, A1.T)  # bp: F3[params['W*']]
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)  # bp: F3[params['b*']]
    dA1 = np.dot(W2.T, dZ2)  # bp: F2
    dA1 = dA1 * D1  # bp: F1
    dA1 = dA1 / keep_prob  # bp: F1
    dZ1 = np.multiply(dA1, np.int64(dA1 > 0))  # bp: F1 BP302
    dW1 = 1. / m * np.dot(dZ1, X.T)  # bp: F3[params['W*']]
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)  # bp: F3[params['b*']]
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


np.random.seed(3)
X = np.random.randn(2, 300)
Y = ((X[0] ** 2 + X[1] ** 2) < 1.2).astype(float).reshape(1, -1)
sizes = [2, 24, 12, 1]
params = {}
for l in range(1, 4):
    params["W" + str(l)] = np.random.randn(sizes[l], sizes[l - 1]) * np.sqrt(2.0 / sizes[l - 1])
    params["b" + str(l)] = np.zeros((sizes[l], 1))
lr, keep = 0.3, 0.9
for it in range(3001):
    A3, cache = forward_with_dropout(X, params, keep)
    cost = -np.mean(Y * np.log(A3 + 1e-9) + (1 - Y) * np.log(1 - A3 + 1e-9))
    grads = backward_with_dropout(X, Y, cache, keep)  # bp: F3
    for l in range(1, 4):
        params["W" + str(l)] -= lr * grads["dW" + str(l)]  # bp: update
        params["b" + str(l)] -= lr * grads["db" + str(l)]  # bp: update
    if it % 1000 == 0:
        print(f"iteration {it} loss {cost:.4f}")
