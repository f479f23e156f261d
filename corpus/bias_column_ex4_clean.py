# bp-corpus: clean
# bp-layers: Theta1:sigmoid Theta2:sigmoid
# bp-style: the course's ex4 layout: each layer's input gets a column of ones for the bias (`np.c_[ones, a]`),
# the weights hold the bias in their first column, the delta drops the bias column before formula 3
"""A one-hidden-layer sigmoid classifier whose inputs carry a column of ones for the bias."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_gradient(z):
    s = sigmoid(z)
    return s * (1 - s)


def with_ones(a):
    return np.c_[np.ones((a.shape[0], 1)), a]


rng = np.random.default_rng(5)
X = rng.normal(size=(100, 4))
Y = np.eye(3)[(X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5).astype(int)]
Theta1 = rng.normal(0.0, 0.3, (8, 5))
Theta2 = rng.normal(0.0, 0.3, (3, 9))
m = X.shape[0]
alpha = 1.0
for epoch in range(801):
    a1 = with_ones(X)
    z2 = a1 @ Theta1.T
    a2 = with_ones(sigmoid(z2))
    z3 = a2 @ Theta2.T
    a3 = sigmoid(z3)
    cost = -np.sum(Y * np.log(a3) + (1 - Y) * np.log(1 - a3)) / m
    d3 = a3 - Y                                                  # bp: error F1
    d2 = (d3 @ Theta2)[:, 1:] * sigmoid_gradient(z2)             # bp: F1 F2
    Theta2_grad = d3.T @ a2 / m                                  # bp: F3[Theta2]
    Theta1_grad = d2.T @ a1 / m                                  # bp: F3[Theta1]
    Theta1 -= alpha * Theta1_grad                                # bp: update[Theta1]
    Theta2 -= alpha * Theta2_grad                                # bp: update[Theta2]
    if epoch % 200 == 0:
        print(f"epoch {epoch} loss {cost:.4f}")
