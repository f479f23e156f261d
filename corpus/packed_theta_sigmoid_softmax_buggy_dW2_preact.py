"""Buggy: packed-theta classifier whose output weight gradient multiplies the delta by the hidden pre-activation z1 instead of its output a1."""
# bp-corpus: buggy
# bp-layers: W1:sigmoid W2:softmax
# bp-style: packed theta, row batch with weights shaped (out, in) (X @ W1.T + b1), cost_and_grad(theta, X, y, n_in, n_hid, n_out) slicing and reshaping views of theta, sigmoid hidden, softmax + cross-entropy on integer labels, gradient returned as np.concatenate of raveled pieces, gradient descent theta -= lr * grad at the bottom; dW2 is built from z1 rather than the layer input a1
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def unroll_sizes(n_in, n_hid, n_out):
    return n_hid * n_in, n_hid, n_out * n_hid, n_out


def cost_and_grad(theta, X, y, n_in, n_hid, n_out):
    s1, s2, s3, _ = unroll_sizes(n_in, n_hid, n_out)
    W1 = theta[:s1].reshape(n_hid, n_in)
    b1 = theta[s1:s1 + s2]
    W2 = theta[s1 + s2:s1 + s2 + s3].reshape(n_out, n_hid)
    b2 = theta[s1 + s2 + s3:]
    m = X.shape[0]

    z1 = X @ W1.T + b1
    a1 = sigmoid(z1)
    z2 = a1 @ W2.T + b2
    z2 -= z2.max(axis=1, keepdims=True)
    probs = np.exp(z2) / np.exp(z2).sum(axis=1, keepdims=True)
    Y = np.eye(n_out)[y]
    cost = -np.sum(Y * np.log(probs + 1e-12)) / m

    d2 = (probs - Y) / m  # bp: error F1
    dW2 = d2.T @ z1  # bp: F3[W2] BP305
    db2 = d2.sum(axis=0)  # bp: F3[b2]
    d1 = (d2 @ W2) * a1 * (1 - a1)  # bp: F2 F1
    dW1 = d1.T @ X  # bp: F3[W1]
    db1 = d1.sum(axis=0)  # bp: F3[b1]
    return cost, np.concatenate([dW1.ravel(), db1.ravel(), dW2.ravel(), db2.ravel()])


def random_theta(n_in, n_hid, n_out, rng, eps=0.5):
    return rng.uniform(-eps, eps, size=sum(unroll_sizes(n_in, n_hid, n_out)))


if __name__ == "__main__":
    rng = np.random.RandomState(0)
    n_in, n_hid, n_out = 5, 12, 4
    X = rng.randn(200, n_in)
    y = np.argmax(X[:, :n_out] * np.array([1.0, -1.0, 0.5, 2.0]), axis=1)
    theta = random_theta(n_in, n_hid, n_out, rng)
    lr = 2.0
    for it in range(401):
        J, grad = cost_and_grad(theta, X, y, n_in, n_hid, n_out)
        if it % 100 == 0:
            print("iter %3d loss %.4f" % (it, J))
        theta -= lr * grad  # bp: update
