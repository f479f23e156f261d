"""A layer whose activation is a plain object holding two functions (`Function(run, derivate)`) and whose
backward pass takes the learning rate first and the gradient at its output second, stepping its own weights
before it hands back the gradient at its input.

Column convention: a batch is (n_features, m); a layer computes weights @ a_in + b."""
# bp-corpus: clean
# bp-style: layer classes with no driver in the file, column convention, activation handed in as an object with run/derivate attributes (applied as self.activation.run(self.Z), its derivative as self.activation.derivate(self.Z)), backwards_pass(self, learning_rate, d_a) computing the delta, the gradient to hand back, the weight and bias gradients, and stepping the weights in place
# bp-driver: drivers/layer_function_object_lr_first_clean_driver.py
import numpy as np


class Function:
    def __init__(self, run, derivate):
        self.run = run
        self.derivate = derivate


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


SIGMOID = Function(_sigmoid, lambda z: _sigmoid(z) * (1.0 - _sigmoid(z)))
TANH = Function(np.tanh, lambda z: 1.0 - np.tanh(z) ** 2)


class Layer:
    def __init__(self, n_in, n_out, activation, rng):
        self.weights = rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_out, n_in))
        self.b = np.zeros((n_out, 1))
        self.activation = activation

    def forward_pass(self, X):
        self.a_in = X
        self.Z = np.dot(self.weights, X) + self.b
        return self.activation.run(self.Z)

    def backwards_pass(self, learning_rate, d_a):
        d_z = d_a * self.activation.derivate(self.Z)  # bp: F1
        new_d_a = np.dot(self.weights.T, d_z)  # bp: F2
        d_w = np.dot(d_z, self.a_in.T) / d_z.shape[1]  # bp: F3
        self.weights -= learning_rate * d_w  # bp: update
        d_b = np.mean(d_z, axis=1, keepdims=True)  # bp: F3
        self.b -= learning_rate * d_b  # bp: update
        return new_d_a
