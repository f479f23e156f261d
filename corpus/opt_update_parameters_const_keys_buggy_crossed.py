"""Buggy: W2 is stepped with the gradient of W1. The update step of a two-layer network on its own, in the course-notebook layout: one statement per
parameter, each reading the parameter and its gradient from two dicts by a constant key."""
# bp-corpus: buggy
# bp-style: optimiser module with no driver in the file, update_parameters(parameters, grads, learning_rate) with constant keys "W1"/"b1"/"W2"/"b2" and gradients under "dW1"/"db1"/..., plain assignment p = p - lr * g, dict returned
# bp-driver: drivers/opt_update_parameters_const_keys_buggy_crossed_driver.py


def update_parameters(parameters, grads, learning_rate=1.2):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]

    W1 = W1 - learning_rate * grads["dW1"]  # bp: update
    b1 = b1 - learning_rate * grads["db1"]  # bp: update
    W2 = W2 - learning_rate * grads["dW1"]  # bp: update BP103
    b2 = b2 - learning_rate * grads["db2"]  # bp: update

    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
