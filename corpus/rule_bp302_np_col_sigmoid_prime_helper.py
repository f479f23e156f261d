# bp-corpus: buggy
# bp-layers: w1:sigmoid w2:sigmoid
# bp-style: numpy column convention (np.dot(W, a)), Nielsen-style backprop() helper, sp = sigmoid_prime(...), biases, SSE
"""sigmoid_prime expects the pre-activation z but the hidden layer passes its output a1."""
import numpy as np

np.random.seed(7)
n_in, n_hidden, n_out, m = 2, 5, 1, 60
X = np.random.uniform(-1, 1, (n_in, m))
Y = (X[0:1] ** 2 + X[1:2] ** 2 < 0.5).astype(float)
w1 = np.random.randn(n_hidden, n_in)
b1 = np.zeros((n_hidden, 1))
w2 = np.random.randn(n_out, n_hidden)
b2 = np.zeros((n_out, 1))
eta = 2.0


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    """Derivative of the sigmoid at the pre-activation z."""
    s = sigmoid(z)
    return s * (1 - s)


def backprop(x, y):
    z1 = np.dot(w1, x) + b1
    a1 = sigmoid(z1)
    z2 = np.dot(w2, a1) + b2
    a2 = sigmoid(z2)
    delta2 = (a2 - y) * sigmoid_prime(z2)              # bp: error F1
    nabla_w2 = np.dot(delta2, a1.T)                    # bp: F3[w2]
    nabla_b2 = delta2.sum(axis=1, keepdims=True)       # bp: F3[b2]
    sp = sigmoid_prime(a1)
    delta1 = np.dot(w2.T, delta2) * sp                 # bp: F2 F1 BP302
    nabla_w1 = np.dot(delta1, x.T)                     # bp: F3[w1]
    nabla_b1 = delta1.sum(axis=1, keepdims=True)       # bp: F3[b1]
    return nabla_w1, nabla_b1, nabla_w2, nabla_b2, a2


epochs = 600
for epoch in range(epochs):
    nabla_w1, nabla_b1, nabla_w2, nabla_b2, out = backprop(X, Y)  # bp: F3
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {0.5 * np.sum((out - Y) ** 2):.4f}")
    w1 -= (eta / m) * nabla_w1                         # bp: update[w1]
    b1 -= (eta / m) * nabla_b1                         # bp: update[b1]
    w2 -= (eta / m) * nabla_w2                         # bp: update[w2]
    b2 -= (eta / m) * nabla_b2                         # bp: update[b2]
