# bp-corpus: clean
# bp-layers: W1:relu W2:softmax
# bp-style: a digit classifier split into module-level functions that hand parameters around as loose tuples: `init_params()` draws weights and biases alike with `np.random.normal(size=(n, 1)) * scale` (the `size=` keyword), `forward_prop(W1, b1, W2, b2, X)` returns Z1, A1, Z2, A2 (ReLU hidden layer, softmax over axis 0), `back_prop(...)` returns dW1, db1, dW2, db2 starting from `dZ2 = A2 - one_hot_Y`, `update_params(...)` returns the new parameters, and `gradient_descent(X, Y, iterations, alpha)` runs the loop; column convention (X is (64, m), W is (out, in)), `1 / m *` in front of every gradient, the ReLU's derivative a boolean `Z > 0`
"""A 64-pixel "digit" classifier on synthetic glyphs: ten noisy prototype images, one ReLU hidden layer."""
import numpy as np

N_PIXELS, N_HIDDEN, N_CLASSES = 64, 24, 10


def make_glyphs(per_class, seed=8):
    """Ten random 8x8 prototype images; each sample is a prototype with pixel noise and a random dim."""
    rng = np.random.RandomState(seed)
    protos = (rng.rand(N_CLASSES, N_PIXELS) > 0.6).astype(float)
    labels = np.repeat(np.arange(N_CLASSES), per_class)
    images = protos[labels] * rng.uniform(0.6, 1.0, (labels.size, 1)) + 0.35 * rng.randn(labels.size, N_PIXELS)
    order = rng.permutation(labels.size)
    return images[order].T, labels[order]


def init_params():
    W1 = np.random.normal(size=(N_HIDDEN, N_PIXELS)) * np.sqrt(2.0 / N_PIXELS)
    b1 = np.random.normal(size=(N_HIDDEN, 1)) * 0.05
    W2 = np.random.normal(size=(N_CLASSES, N_HIDDEN)) * np.sqrt(1.0 / N_HIDDEN)
    b2 = np.random.normal(size=(N_CLASSES, 1)) * 0.05
    return W1, b1, W2, b2


def ReLU(Z):
    return np.maximum(Z, 0)


def softmax(Z):
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return E / np.sum(E, axis=0, keepdims=True)


def forward_prop(W1, b1, W2, b2, X):
    Z1 = W1.dot(X) + b1
    A1 = ReLU(Z1)
    Z2 = W2.dot(A1) + b2
    A2 = softmax(Z2)
    return Z1, A1, Z2, A2


def ReLU_deriv(Z):
    return Z > 0


def one_hot(Y):
    encoded = np.zeros((N_CLASSES, Y.size))
    encoded[Y, np.arange(Y.size)] = 1
    return encoded


def back_prop(Z1, A1, Z2, A2, W1, W2, X, Y):
    m = X.shape[1]
    one_hot_Y = one_hot(Y)
    dZ2 = A2 - one_hot_Y  # bp: error F1
    dW2 = 1 / m * dZ2.dot(A1.T)  # bp: F3[W2]
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)  # bp: F3[b2]
    dZ1 = W2.T.dot(dZ2) * ReLU_deriv(Z1)  # bp: F2 F1
    dW1 = 1 / m * dZ1.dot(X.T)  # bp: F3[W1]
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)  # bp: F3[b1]
    return dW1, db1, dW2, db2


def update_params(W1, b1, W2, b2, dW1, db1, dW2, db2, alpha):
    W1 = W1 - alpha * dW1  # bp: update[W1]
    b1 = b1 - alpha * db1  # bp: update[b1]
    W2 = W2 - alpha * dW2  # bp: update[W2]
    b2 = b2 - alpha * db2  # bp: update[b2]
    return W1, b1, W2, b2


def cross_entropy(A2, Y):
    return -np.mean(np.log(A2[Y, np.arange(Y.size)] + 1e-12))


def gradient_descent(X, Y, iterations, alpha):
    W1, b1, W2, b2 = init_params()
    for i in range(iterations):
        Z1, A1, Z2, A2 = forward_prop(W1, b1, W2, b2, X)
        dW1, db1, dW2, db2 = back_prop(Z1, A1, Z2, A2, W1, W2, X, Y)  # bp: F3
        W1, b1, W2, b2 = update_params(W1, b1, W2, b2, dW1, db1, dW2, db2, alpha)  # bp: update
        if i % 50 == 0 or i == iterations - 1:
            accuracy = np.mean(np.argmax(A2, axis=0) == Y)
            print(f"iteration {i} loss {cross_entropy(A2, Y):.4f} accuracy {accuracy:.3f}")
    return W1, b1, W2, b2


if __name__ == "__main__":
    np.random.seed(17)
    X_train, Y_train = make_glyphs(40)
    gradient_descent(X_train, Y_train, 250, 0.2)
