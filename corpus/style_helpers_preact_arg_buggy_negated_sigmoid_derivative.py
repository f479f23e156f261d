"""Three-layer column-major net whose derivative helpers all take the PRE-activation z."""
# bp-corpus: buggy
# bp-layers: W1:relu W2:tanh W3:sigmoid
# bp-style: (the sigmoid's derivative is written s * (s - 1), its sign turned) column convention, module-level arrays, sigmoid_prime(z)/relu_prime(z) and act(z, deriv=True) helpers expecting the pre-activation, squared error output - target, -= updates
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (s - 1)  # bp: BP310


def relu(z):
    return np.maximum(z, 0)


def relu_prime(z):
    return (z > 0).astype(z.dtype)


def act(z, deriv=False):
    """tanh, or its slope when deriv is set; in both cases z is the pre-activation."""
    if deriv:
        return 1.0 - np.tanh(z) ** 2
    return np.tanh(z)


rng = np.random.default_rng(8)
m = 300
X = rng.uniform(-1, 1, size=(3, m))
# target: whether a point lies above a curved surface
Y = (X[2] > 0.5 * np.sin(3 * X[0]) * X[1]).astype(float).reshape(1, m)

n0, n1, n2, n3 = 3, 16, 8, 1
W1 = rng.normal(0, np.sqrt(2 / n0), (n1, n0))
b1 = np.zeros((n1, 1))
W2 = rng.normal(0, np.sqrt(1 / n1), (n2, n1))
b2 = np.zeros((n2, 1))
W3 = rng.normal(0, np.sqrt(1 / n2), (n3, n2))
b3 = np.zeros((n3, 1))

lr = 2.0
for it in range(3001):
    z1 = W1 @ X + b1
    a1 = relu(z1)
    z2 = W2 @ a1 + b2
    a2 = act(z2)
    z3 = W3 @ a2 + b3
    a3 = sigmoid(z3)

    if it % 500 == 0:
        print(f"it {it:5d} loss {0.5 * np.mean((a3 - Y) ** 2):.5f}")

    d3 = (a3 - Y) * sigmoid_prime(z3)  # bp: error F1
    d2 = (W3.T @ d3) * act(z2, deriv=True)  # bp: F2 F1
    d1 = (W2.T @ d2) * relu_prime(z1)  # bp: F2 F1

    gW3 = d3 @ a2.T / m  # bp: F3[W3]
    gb3 = d3.mean(axis=1, keepdims=True)  # bp: F3[b3]
    gW2 = d2 @ a1.T / m  # bp: F3[W2]
    gb2 = d2.mean(axis=1, keepdims=True)  # bp: F3[b2]
    gW1 = d1 @ X.T / m  # bp: F3[W1]
    gb1 = d1.mean(axis=1, keepdims=True)  # bp: F3[b1]

    W3 -= lr * gW3  # bp: update[W3]
    b3 -= lr * gb3  # bp: update[b3]
    W2 -= lr * gW2  # bp: update[W2]
    b2 -= lr * gb2  # bp: update[b2]
    W1 -= lr * gW1  # bp: update[W1]
    b1 -= lr * gb1  # bp: update[b1]

accuracy = np.mean((a3 > 0.5) == (Y > 0.5))
print(f"training accuracy {accuracy:.3f}")
