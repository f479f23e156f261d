# bp-corpus: clean
# bp-layers: W1:sigmoid W2:sigmoid
# bp-style: numpy, row convention, sigmoid hidden and sigmoid output, SSE, biases, error written output-minus-target with -= updates, top-level loop
"""Two-layer sigmoid MLP on a 2-D quadrant problem, full-batch gradient descent on the SSE."""
import numpy as np

rng = np.random.default_rng(42)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# Label 1 in the first and third quadrants: not linearly separable, needs the hidden layer.
X = rng.normal(size=(200, 2))
Y = (X[:, 0] * X[:, 1] > 0).astype(np.float64).reshape(-1, 1)

n_hidden = 12
W1 = rng.normal(scale=1.0, size=(2, n_hidden))
b1 = np.zeros(n_hidden)
W2 = rng.normal(scale=1.0, size=(n_hidden, 1))
b2 = np.zeros(1)
lr = 0.02

for step in range(1500):
    # forward
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    sse = 0.5 * np.sum((A2 - Y) ** 2)
    if step % 300 == 0 or step == 1499:
        print(f"step {step:5d}  loss {sse:.4f}")

    # backward: output layer first
    E2 = A2 - Y  # bp: error
    D2 = E2 * A2 * (1 - A2)  # bp: F1
    dW2 = A1.T @ D2  # bp: F3[W2]
    db2 = D2.sum(axis=0)  # bp: F3[b2]

    # hidden layer
    E1 = D2 @ W2.T  # bp: F2
    D1 = E1 * A1 * (1 - A1)  # bp: F1
    dW1 = X.T @ D1  # bp: F3[W1]
    db1 = D1.sum(axis=0)  # bp: F3[b1]

    # E2 is output minus target, so these are true gradients: step against them
    W2 -= lr * dW2  # bp: update[W2]
    b2 -= lr * db2  # bp: update[b2]
    W1 -= lr * dW1  # bp: update[W1]
    b1 -= lr * db1  # bp: update[b1]
