# bp-corpus: clean
# bp-style: a gradient returned by a helper and used inline (pattern 4): softmax regression with separate helpers `grad_W(W, b, X, Y)` and `grad_b(W, b, X, Y)` that each rerun the forward pass, updates `W -= lr * grad_W(W, b, X, Y)` and `b = b - lr * grad_b(W, b, X, Y)`; row convention, one-hot targets, softmax + cross-entropy error probs - Y
"""Four-class softmax regression; both updates call their gradient helper inline."""
import numpy as np

rng = np.random.default_rng(101)

n, d, k = 200, 3, 4
centers = rng.normal(0.0, 2.0, (k, d))
labels = rng.integers(0, k, n)
X = centers[labels] + rng.normal(0.0, 1.0, (n, d))
Y = np.eye(k)[labels]


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(W, b, X, Y):
    P = softmax(X @ W + b)
    return float(-np.mean(np.sum(Y * np.log(P + 1e-12), axis=1)))


def grad_W(W, b, X, Y):
    P = softmax(X @ W + b)
    dZ = (P - Y) / len(X)  # bp: error F1
    return X.T @ dZ  # bp: F3


def grad_b(W, b, X, Y):
    P = softmax(X @ W + b)
    dZ = (P - Y) / len(X)  # bp: error F1
    return dZ.sum(axis=0)  # bp: F3


W = np.zeros((d, k))
b = np.zeros(k)
lr = 0.5
for epoch in range(150):
    if epoch % 50 == 0:
        print("epoch", epoch, "loss", round(cross_entropy(W, b, X, Y), 5))
    W -= lr * grad_W(W, b, X, Y)  # bp: update[W]
    b = b - lr * grad_b(W, b, X, Y)  # bp: update[b]
print("epoch", epoch + 1, "loss", round(cross_entropy(W, b, X, Y), 5))
