"""Buggy: the relu layers of an L-layer binary classifier take the sigmoid derivative. An L-layer binary classifier in the course-notebook layout: parameter dict keyed 'W1', 'b1', ...,
a list of caches from the forward pass, and one small function per backward step."""
# bp-corpus: buggy
# bp-style: dict-keyed L-layer model, column convention (W @ A_prev, samples as columns), keys built as 'W' + str(l), caches list of ((A_prev, W, b), Z), linear_backward with 1./m factors, relu/sigmoid backward helpers, L_model_backward with for l in reversed(range(L-1)), explicit BCE derivative dAL, update_parameters with parameters["W" + str(l+1)] = ... - learning_rate * grads["dW" + str(l+1)], train function called at the bottom
import numpy as np


def initialize_parameters_deep(layer_dims, seed=1):
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters['W' + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2.0 / layer_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    return Z, (A, W, b)


def sigmoid(Z):
    return 1.0 / (1.0 + np.exp(-Z)), Z


def relu(Z):
    return np.maximum(0, Z), Z


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    else:
        A, activation_cache = relu(Z)
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], activation="relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], activation="sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    m = Y.shape[1]
    logprobs = Y * np.log(AL + 1e-12) + (1 - Y) * np.log(1 - AL + 1e-12)
    return float(-np.sum(logprobs) / m)


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1. / m * np.dot(dZ, A_prev.T)  # bp: F3
    db = 1. / m * np.sum(dZ, axis=1, keepdims=True)  # bp: F3
    dA_prev = np.dot(W.T, dZ)  # bp: F2
    return dA_prev, dW, db


def relu_backward(dA, cache):
    Z = cache
    dZ = np.array(dA, copy=True)  # bp: F1
    dZ[Z <= 0] = 0  # bp: F1
    return dZ


def sigmoid_backward(dA, cache):
    Z = cache
    s = 1.0 / (1.0 + np.exp(-Z))
    dZ = dA * s * (1 - s)  # bp: F1
    return dZ


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = sigmoid_backward(dA, activation_cache)  # bp: F1 BP301
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)  # bp: F1
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))  # bp: error
    current_cache = caches[L - 1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = \
        linear_activation_backward(dAL, current_cache, activation="sigmoid")  # bp: F2 F3
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, activation="relu")  # bp: F2 F3
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]  # bp: update
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]  # bp: update
    return parameters


def make_blobs(m, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(4, m)
    Y = ((X[0] * X[1] + 0.5 * X[2] - X[3] ** 2 + 0.5) > 0).astype(float).reshape(1, m)
    flip = rng.rand(1, m) < 0.08  # label noise keeps the output away from 0 and 1
    Y[flip] = 1 - Y[flip]
    return X, Y


def train(X, Y, layer_dims, learning_rate=0.1, num_iterations=1200, print_every=300):
    parameters = initialize_parameters_deep(layer_dims)
    for i in range(num_iterations + 1):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        if i % print_every == 0:
            print("Cost after iteration %i: loss %f" % (i, cost))
        grads = L_model_backward(AL, Y, caches)  # bp: F2 F3
        parameters = update_parameters(parameters, grads, learning_rate) # bp: update
    return parameters


if __name__ == "__main__":
    X_train, Y_train = make_blobs(300)
    train(X_train, Y_train, [4, 16, 8, 1], learning_rate=0.3)
