# bp-corpus: buggy
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy, column convention (np.dot(W, A), samples as columns), tanh hidden, sigmoid + binary cross-entropy, error dZ2 = A2 - Y (a true gradient) but the updates use +=, gradient computed inline in the update
"""Column-major logistic MLP with += updates on output-minus-target gradients: ascent."""
import numpy as np

np.random.seed(6)

n_x, n_h, m = 2, 6, 200
X = np.random.uniform(-1, 1, (n_x, m))
Y = (X[1:2, :] > np.sin(3 * X[0:1, :]) * 0.5).astype(float)  # above a wavy boundary

W1 = np.random.randn(n_h, n_x)
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(1, n_h)
b2 = np.zeros((1, 1))
learning_rate = 0.2


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


for i in range(600):
    A1 = np.tanh(np.dot(W1, X) + b1)
    A2 = sigmoid(np.dot(W2, A1) + b2)
    cost = -np.sum(Y * np.log(A2 + 1e-12) + (1 - Y) * np.log(1 - A2 + 1e-12)) / m
    if i % 150 == 0 or i == 599:
        print("iteration %d, loss %.4f" % (i, cost))

    dZ2 = A2 - Y  # bp: error F1
    dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))  # bp: F2 F1

    W2 += learning_rate * np.dot(dZ2, A1.T) / m  # bp: F3 update[W2] BP201
    b2 += learning_rate * np.sum(dZ2, axis=1, keepdims=True) / m  # bp: F3 update[b2] BP201
    W1 += learning_rate * np.dot(dZ1, X.T) / m  # bp: F3 update[W1] BP201
    b1 += learning_rate * np.sum(dZ1, axis=1, keepdims=True) / m  # bp: F3 update[b1] BP201

# training accuracy, read off the last forward pass
predictions = (A2 > 0.5).astype(float)
accuracy = float(np.mean(predictions == Y))
print(f"train accuracy {accuracy:.3f} over {m} points")
