"""A two-layer LINEAR -> RELU -> LINEAR -> SIGMOID binary classifier, trained by batch gradient descent."""
# bp-corpus: clean
# bp-style: column convention (examples are columns, np.dot(W1, X) + b1, biases shaped (n, 1)), parameters dict with literal keys parameters["W1"] unpacked into locals, activations and their backward from a helper module beside the script, cross-entropy derivative dA2 with np.divide, grads dict with "dW1" keys, update_parameters(parameters, grads, learning_rate) with literal keys
import numpy as np

from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    parameters = {
        "W1": rng.randn(n_h, n_x) * np.sqrt(2.0 / n_x),
        "b1": np.zeros((n_h, 1)),
        "W2": rng.randn(n_y, n_h) * np.sqrt(1.0 / n_h),
        "b2": np.zeros((n_y, 1)),
    }
    return parameters


def update_parameters(parameters, grads, learning_rate):
    parameters["W1"] = parameters["W1"] - learning_rate * grads["dW1"]  # bp: update[parameters['W1']]
    parameters["b1"] = parameters["b1"] - learning_rate * grads["db1"]  # bp: update[parameters['b1']]
    parameters["W2"] = parameters["W2"] - learning_rate * grads["dW2"]  # bp: update[parameters['W2']]
    parameters["b2"] = parameters["b2"] - learning_rate * grads["db2"]  # bp: update[parameters['b2']]
    return parameters


def two_layer_model(X, Y, n_h, learning_rate=0.3, num_iterations=1200, print_every=200):
    m = X.shape[1]
    parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0])
    for i in range(num_iterations + 1):
        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]

        Z1 = np.dot(W1, X) + b1
        A1, cache1 = relu(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2, cache2 = sigmoid(Z2)

        cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
        if i % print_every == 0:
            print(f"iteration {i} loss {cost:.5f}")

        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))  # bp: error
        dZ2 = sigmoid_backward(dA2, cache2)  # bp: F1
        dW2 = np.dot(dZ2, A1.T) / m  # bp: F3[parameters['W2']]
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m  # bp: F3[parameters['b2']]
        dA1 = np.dot(W2.T, dZ2)  # bp: F2
        dZ1 = relu_backward(dA1, cache1)  # bp: F1
        dW1 = np.dot(dZ1, X.T) / m  # bp: F3[parameters['W1']]
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m  # bp: F3[parameters['b1']]

        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)  # bp: update
    return parameters


if __name__ == "__main__":
    rng = np.random.RandomState(3)
    m = 200
    X = rng.randn(2, m)
    radius = X[0:1] ** 2 + X[1:2] ** 2 + 0.3 * rng.randn(1, m)
    Y = (radius > 1.2).astype(float)
    two_layer_model(X, Y, n_h=16, learning_rate=0.3, num_iterations=1200, print_every=200)
