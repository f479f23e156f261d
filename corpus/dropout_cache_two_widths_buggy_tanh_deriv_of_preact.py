# bp-corpus: buggy
# bp-style: the script of dropout_cache_two_widths_clean.py with the tanh branch of linear_activation_backward writing the derivative from the output's formula but on the pre-activation it was handed (`dA * (1 - np.power(Z, 2))`, where Z is the cached pre-activation, not tanh(Z)); otherwise the same: deeplearning.ai-style L-layer functions, column convention (A is (n, m), W is (out, in)), keys 'W' + str(l); inverted dropout on each layer's INPUT inside `linear_forward(A, W, b, keep_prob)`, whose cache has two widths: `(A, W, b)` when keep_prob == 1 (the first layer, and every layer when evaluating) and `(A, D, W, b)` after the input was dropped; `linear_backward(dZ, cache, keep_prob)` unpacks either width (`if keep_prob == 1: A_prev, W, b = cache` / `else: A_prev, D_prev, W, b = cache`) and puts the mask and its scale on the gradient it sends back; `linear_activation_backward` dispatches on "sigmoid"/"relu"/"tanh"/"softmax", the softmax branch applying each sample's Jacobian `diag(s) - s s^T` to the cross-entropy's derivative `-Y / AL`; relu, tanh, softmax layers on a three-class problem
"""Three kinds of synthetic seeds told apart by four measurements; a ReLU-tanh-softmax net with dropout on layer inputs."""
import numpy as np


def initialize_parameters(layer_dims, seed=6):
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters['W' + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(1.0 / layer_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def sigmoid(Z):
    return 1.0 / (1.0 + np.exp(-Z))


def softmax(Z):
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return E / np.sum(E, axis=0, keepdims=True)


def linear_forward(A, W, b, keep_prob):
    if keep_prob == 1:
        cache = (A, W, b)
    else:
        D = (np.random.rand(A.shape[0], A.shape[1]) < keep_prob).astype(float)
        A = A * D / keep_prob
        cache = (A, D, W, b)
    Z = np.dot(W, A) + b
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation, keep_prob):
    Z, linear_cache = linear_forward(A_prev, W, b, keep_prob)
    if activation == "sigmoid":
        A = sigmoid(Z)
    elif activation == "relu":
        A = np.maximum(0, Z)
    elif activation == "tanh":
        A = np.tanh(Z)
    elif activation == "softmax":
        A = softmax(Z)
    return A, (linear_cache, Z)


def L_model_forward(X, parameters, activations, keep_prob):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        layer_keep = 1 if l == 1 else keep_prob
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)],
                                             activations[l - 1], layer_keep)
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    return float(-np.sum(Y * np.log(AL)) / Y.shape[1])


def linear_backward(dZ, cache, keep_prob):
    if keep_prob == 1:
        A_prev, W, b = cache
    else:
        A_prev, D_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m  # bp: F3
    db = np.sum(dZ, axis=1, keepdims=True) / m  # bp: F3
    dA_prev = np.dot(W.T, dZ)  # bp: F2
    if keep_prob != 1:
        dA_prev = dA_prev * D_prev / keep_prob  # bp: F1
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation, keep_prob):
    linear_cache, Z = cache
    if activation == "sigmoid":
        s = sigmoid(Z)
        dZ = dA * s * (1 - s)  # bp: F1
    elif activation == "relu":
        dZ = np.array(dA, copy=True)  # bp: F1
        dZ[Z <= 0] = 0  # bp: F1
    elif activation == "tanh":
        dZ = dA * (1 - np.power(Z, 2))  # bp: F1 BP302
    elif activation == "softmax":
        S = softmax(Z)
        dZ = np.zeros_like(dA)
        for i in range(dA.shape[1]):
            s = S[:, i:i + 1]
            jacobian = np.diagflat(s) - np.dot(s, s.T)
            dZ[:, i:i + 1] = np.dot(jacobian, dA[:, i:i + 1])  # bp: F1
    dA_prev, dW, db = linear_backward(dZ, linear_cache, keep_prob)  # bp: F2 F3
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches, activations, keep_prob):
    grads = {}
    L = len(caches)
    dA = -np.divide(Y, AL)  # bp: error
    for l in reversed(range(1, L + 1)):
        layer_keep = 1 if l == 1 else keep_prob
        dA_prev, dW, db = linear_activation_backward(dA, caches[l - 1], activations[l - 1], layer_keep)  # bp: F2 F3
        grads['dW' + str(l)] = dW
        grads['db' + str(l)] = db
        dA = dA_prev
    return grads


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters['W' + str(l)] = parameters['W' + str(l)] - learning_rate * grads['dW' + str(l)]  # bp: update
        parameters['b' + str(l)] = parameters['b' + str(l)] - learning_rate * grads['db' + str(l)]  # bp: update
    return parameters


def make_seeds(per_class, seed=2):
    """Area, perimeter, groove length and asymmetry of three seed kinds, standardised."""
    rng = np.random.RandomState(seed)
    centres = np.array([[1.0, 0.8, -0.5, 0.0], [-0.6, -0.9, 0.4, 0.9], [0.2, -0.3, 1.1, -1.0]])
    X = np.concatenate([c + 0.7 * rng.randn(per_class, 4) for c in centres]).T
    labels = np.repeat(np.arange(3), per_class)
    return X, np.eye(3)[labels].T


def model(X, Y, layer_dims, activations, learning_rate=0.3, num_iterations=1200, keep_prob=0.85):
    np.random.seed(1)
    parameters = initialize_parameters(layer_dims)
    for i in range(num_iterations + 1):
        AL, caches = L_model_forward(X, parameters, activations, keep_prob)
        grads = L_model_backward(AL, Y, caches, activations, keep_prob)  # bp: F3
        parameters = update_parameters(parameters, grads, learning_rate)  # bp: update
        if i % 300 == 0:
            clean_AL, _ = L_model_forward(X, parameters, activations, 1)
            print("iteration %d loss %.5f" % (i, compute_cost(clean_AL, Y)))
    return parameters


if __name__ == "__main__":
    X_train, Y_train = make_seeds(100)
    model(X_train, Y_train, [4, 16, 8, 3], ["relu", "tanh", "softmax"])
