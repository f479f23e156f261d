"""tanh hidden layer, softmax output, one-hot targets: the output delta is probs - onehot."""
# bp-corpus: clean
# bp-layers: W1:tanh W2:softmax
# bp-style: row convention with @, pure step function returning new arrays, delta = (probs - onehot) / n, rebinding updates W = W - lr * dW
import numpy as np


def softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def one_hot(labels, k):
    out = np.zeros((labels.size, k))
    out[np.arange(labels.size), labels] = 1.0
    return out


def cross_entropy(probs, onehot):
    return float(-np.sum(onehot * np.log(probs + 1e-12)) / probs.shape[0])


def train_step(W1, b1, W2, b2, X, T, lr):
    """One full-batch gradient step; returns the new parameters and the loss before the step."""
    n = X.shape[0]
    h = np.tanh(X @ W1 + b1)
    probs = softmax(h @ W2 + b2)
    loss = cross_entropy(probs, T)

    delta_out = (probs - T) / n  # bp: error F1
    dW2 = h.T @ delta_out  # bp: F3[W2]
    db2 = delta_out.sum(axis=0)  # bp: F3[b2]
    delta_hid = (delta_out @ W2.T) * (1 - h ** 2)  # bp: F2 F1
    dW1 = X.T @ delta_hid  # bp: F3[W1]
    db1 = delta_hid.sum(axis=0)  # bp: F3[b1]

    W1 = W1 - lr * dW1  # bp: update[W1]
    b1 = b1 - lr * db1  # bp: update[b1]
    W2 = W2 - lr * dW2  # bp: update[W2]
    b2 = b2 - lr * db2  # bp: update[b2]
    return W1, b1, W2, b2, loss


def make_data(rng, n_per=60, k=4):
    # four Gaussian clouds on the corners of a square, one class each
    corners = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=float)
    X = np.concatenate([c + 0.45 * rng.standard_normal((n_per, 2)) for c in corners[:k]])
    labels = np.repeat(np.arange(k), n_per)
    return X, labels


def main():
    rng = np.random.default_rng(2024)
    X, labels = make_data(rng)
    T = one_hot(labels, 4)
    W1 = rng.standard_normal((2, 16)) * 0.5
    b1 = np.zeros(16)
    W2 = rng.standard_normal((16, 4)) * 0.5
    b2 = np.zeros(4)
    for step in range(801):
        W1, b1, W2, b2, loss = train_step(W1, b1, W2, b2, X, T, lr=0.3)
        if step % 200 == 0:
            print(f"step {step:4d}  loss {loss:.4f}")
    h = np.tanh(X @ W1 + b1)
    acc = np.mean(np.argmax(h @ W2 + b2, axis=1) == labels)
    print(f"accuracy {acc:.3f}")


if __name__ == "__main__":
    main()
