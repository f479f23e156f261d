# bp-corpus: clean
# bp-style: course-notebook L-layer functions, column convention (np.dot(W, A_prev) + b, samples as columns),
# parameters dict keyed 'W' + str(l), caches list of ((A_prev, W, b), Z); a regularization tuple (on, lambd) =
# (True, 0.1) handed from the training function through L_model_backward and linear_activation_backward to
# linear_backward(dZ, cache, regularization), which adds (lambd / m) * W to dW when regularization[0] is set; the
# cost adds the matching (lambd / 2m) * sum(W ** 2); ReLU hidden layers, sigmoid outputs (several binary labels per
# sample) with the cross-entropy's derivative dAL written out; update_parameters assigning W - learning_rate * dW
"""Five binary labels per sample predicted from five features by a three-layer network (every layer five units
wide), with L2 weight decay switched on by a tuple handed down the backward functions."""
import numpy as np


def initialize_parameters_deep(layer_dims, seed=3):
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters['W' + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2.0 / layer_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache


def sigmoid(Z):
    A = 1 / (1 + np.exp(-Z))
    return A, Z


def relu(Z):
    A = np.maximum(0, Z)
    return A, Z


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y, parameters, regularization):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL + 1e-12) + (1 - Y) * np.log(1 - AL + 1e-12)) / m
    if regularization[0]:
        L = len(parameters) // 2
        squares = sum(np.sum(np.square(parameters['W' + str(l)])) for l in range(1, L + 1))
        cost = cost + regularization[1] / (2 * m) * squares
    return float(cost)


def linear_backward(dZ, cache, regularization):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m  # bp: F3
    if regularization[0]:
        dW = dW + (regularization[1] / m) * W  # bp: F3
    db = np.sum(dZ, axis=1, keepdims=True) / m  # bp: F3
    dA_prev = np.dot(W.T, dZ)  # bp: F2
    return dA_prev, dW, db


def relu_backward(dA, cache):
    Z = cache
    dZ = np.array(dA, copy=True)  # bp: F1
    dZ[Z <= 0] = 0  # bp: F1
    return dZ


def sigmoid_backward(dA, cache):
    Z = cache
    s = 1 / (1 + np.exp(-Z))
    dZ = dA * s * (1 - s)  # bp: F1
    return dZ


def linear_activation_backward(dA, cache, activation, regularization):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)  # bp: F1
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)  # bp: F1
    dA_prev, dW, db = linear_backward(dZ, linear_cache, regularization)  # bp: F2 F3
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches, regularization):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))  # bp: error
    current_cache = caches[L - 1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = \
        linear_activation_backward(dAL, current_cache, "sigmoid", regularization)  # bp: F2 F3
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(
            grads["dA" + str(l + 1)], current_cache, "relu", regularization)  # bp: F2 F3
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


def L_layer_model(X, Y, layers_dims, learning_rate=0.1, num_iterations=1500, regularization=(True, 0.1)):
    parameters = initialize_parameters_deep(layers_dims)
    for i in range(num_iterations + 1):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y, parameters, regularization)
        grads = L_model_backward(AL, Y, caches, regularization)  # bp: F2 F3
        parameters = update_parameters(parameters, grads, learning_rate)  # bp: update
        if i % 300 == 0:
            print("Cost after iteration %i: loss %f" % (i, cost))
    return parameters


rng = np.random.RandomState(0)
X = rng.randn(5, 400)
mixing = rng.randn(5, 5)
Y = ((np.dot(mixing, X) + 0.5 * X[[1, 2, 3, 4, 0]] * X) > 0).astype(float)
L_layer_model(X, Y, [5, 5, 5, 5], learning_rate=0.1, regularization=(True, 0.1))
