# bp-corpus: buggy
# bp-style: a small framework split into layer objects and optimiser objects: a dense layer whose backward returns
# the input's gradient and keeps none of the weight's (the model collects them in lists, last layer first); an SGD
# and an Adam optimiser handed the model's layers at construction and keeping them in the order the gradients come
# (`self.layers = layers[::-1]`), whose `step(w_updates, b_updates)` walks `enumerate(self.layers)` and steps each
# layer's `W` and `b` with the gradient at the same position; nothing in this file calls them; the layer's weight
# gradient lacks the transpose of its input
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, delta):
        dW = self.x @ delta  # bp: F3 BP304
        db = delta.sum(axis=0)  # bp: F3
        return delta @ self.W.T, dW, db  # bp: F2


class SGD:
    def __init__(self, layers, lr=0.1):
        self.alpha = lr
        self.layers = layers[::-1]

    def step(self, w_updates, b_updates):
        for i, layer in enumerate(self.layers):
            layer.W -= self.alpha * w_updates[i]  # bp: update
            layer.b -= self.alpha * b_updates[i]  # bp: update


class Adam:
    def __init__(self, layers, lr=0.01, beta1=0.9, beta2=0.999):
        self.alpha, self.beta1, self.beta2, self.eps = lr, beta1, beta2, 1e-8
        self.layers = layers[::-1]
        self.m_w = [np.zeros_like(layer.W) for layer in self.layers]
        self.v_w = [np.zeros_like(layer.W) for layer in self.layers]
        self.m_b = [np.zeros_like(layer.b) for layer in self.layers]
        self.v_b = [np.zeros_like(layer.b) for layer in self.layers]
        self.t = 0

    def step(self, w_updates, b_updates):
        self.t += 1
        for i, layer in enumerate(self.layers):
            self.m_w[i] = self.beta1 * self.m_w[i] + (1 - self.beta1) * w_updates[i]
            self.v_w[i] = self.beta2 * self.v_w[i] + (1 - self.beta2) * w_updates[i] ** 2
            self.m_b[i] = self.beta1 * self.m_b[i] + (1 - self.beta1) * b_updates[i]
            self.v_b[i] = self.beta2 * self.v_b[i] + (1 - self.beta2) * b_updates[i] ** 2
            m_w_hat = self.m_w[i] / (1 - self.beta1 ** self.t)
            v_w_hat = self.v_w[i] / (1 - self.beta2 ** self.t)
            m_b_hat = self.m_b[i] / (1 - self.beta1 ** self.t)
            v_b_hat = self.v_b[i] / (1 - self.beta2 ** self.t)
            layer.W -= self.alpha * m_w_hat / (np.sqrt(v_w_hat) + self.eps)  # bp: update
            layer.b -= self.alpha * m_b_hat / (np.sqrt(v_b_hat) + self.eps)  # bp: update
