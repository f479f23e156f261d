# bp-corpus: clean
# bp-style: a transposed input fixes the convention (pattern 3): the loader builds row-major data and `return X.T, Y.T`, so the script works in columns (features x samples) with plain variables: ReLU hidden layer, softmax + cross-entropy output on one-hot columns, `dW1 = np.dot(dZ1, X.T) / m`, `db = np.sum(dZ, axis=1, keepdims=True) / m`
"""Three Gaussian blobs classified by a ReLU/softmax net; the loader hands back transposed arrays."""
import numpy as np

rng = np.random.default_rng(30)


def load_dataset(n_per_class=60):
    centers = np.array([[0.0, 2.0], [-1.8, -1.0], [1.8, -1.0]])
    X = np.vstack([c + 0.7 * rng.standard_normal((n_per_class, 2)) for c in centers])
    labels = np.repeat(np.arange(3), n_per_class)
    Y = np.eye(3)[labels]                 # (n, 3) one-hot rows
    return X.T, Y.T                       # columns are samples from here on


X, Y = load_dataset()
n_x, m = X.shape
n_h, n_y = 16, Y.shape[0]

W1 = rng.standard_normal((n_h, n_x)) * 0.5
b1 = np.zeros((n_h, 1))
W2 = rng.standard_normal((n_y, n_h)) * 0.5
b2 = np.zeros((n_y, 1))
alpha = 0.5

for i in range(300):
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(W2, A1) + b2
    E = np.exp(Z2 - Z2.max(axis=0, keepdims=True))
    A2 = E / E.sum(axis=0, keepdims=True)
    cost = -np.sum(Y * np.log(A2 + 1e-12)) / m
    if i % 60 == 0 or i == 299:
        print(f"iteration {i:3d} loss {cost:.4f}")

    dZ2 = A2 - Y  # bp: error F1
    dW2 = np.dot(dZ2, A1.T) / m  # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m  # bp: F3[b2]
    dA1 = np.dot(W2.T, dZ2)  # bp: F2
    dZ1 = dA1 * (Z1 > 0)  # bp: F1
    dW1 = np.dot(dZ1, X.T) / m  # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m  # bp: F3[b1]

    W1 = W1 - alpha * dW1  # bp: update[W1]
    b1 = b1 - alpha * db1  # bp: update[b1]
    W2 = W2 - alpha * dW2  # bp: update[W2]
    b2 = b2 - alpha * db2  # bp: update[b2]

print("accuracy", float(np.mean(A2.argmax(axis=0) == Y.argmax(axis=0))))
