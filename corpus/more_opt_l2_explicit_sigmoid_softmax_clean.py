# bp-corpus: clean
# bp-layers: W1:sigmoid W2:softmax
# bp-style: numpy, row convention with np.dot, sigmoid hidden + softmax cross-entropy output with one-hot targets, mini-batch SGD, gradients named nabla_*, L2 weight decay folded into each weight update (W = (1 - eta * lmbda / n) * W - (eta / m) * nabla_W), biases not decayed
"""Mini-batch SGD with weight decay written out parameter by parameter, no helper classes."""
import numpy as np

np.random.seed(314)

# four classes of noisy points on the corners of a square
n_classes, per_class = 4, 50
corners = np.array([[1, 1], [1, -1], [-1, -1], [-1, 1]], dtype=float)
cls = np.repeat(np.arange(n_classes), per_class)
X = corners[cls] + 0.45 * np.random.randn(cls.size, 2)
T = np.eye(n_classes)[cls]  # one-hot targets
n = X.shape[0]

W1 = np.random.randn(2, 12) * 0.7
b1 = np.zeros(12)
W2 = np.random.randn(12, n_classes) * 0.3
b2 = np.zeros(n_classes)

eta, lmbda, m = 0.5, 0.5, 20


def sigmoid(s):
    return 1.0 / (1.0 + np.exp(-s))


def softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def total_cost():
    P = softmax(np.dot(sigmoid(np.dot(X, W1) + b1), W2) + b2)
    data_term = -np.sum(T * np.log(P + 1e-12)) / n
    return data_term + 0.5 * lmbda / n * (np.sum(W1 ** 2) + np.sum(W2 ** 2))


print("epoch  0 loss %.4f" % total_cost())
for epoch in range(1, 61):
    perm = np.random.permutation(n)
    for start in range(0, n, m):
        rows = perm[start:start + m]
        xb, tb = X[rows], T[rows]

        H = sigmoid(np.dot(xb, W1) + b1)
        P = softmax(np.dot(H, W2) + b2)

        D2 = P - tb  # bp: error F1
        nabla_W2 = np.dot(H.T, D2)  # bp: F3[W2]
        nabla_b2 = D2.sum(axis=0)  # bp: F3[b2]
        D1 = np.dot(D2, W2.T) * H * (1 - H)  # bp: F2 F1
        nabla_W1 = np.dot(xb.T, D1)  # bp: F3[W1]
        nabla_b1 = D1.sum(axis=0)  # bp: F3[b1]

        # shrink the weights a little every step, then take the data step
        W1 = (1 - eta * lmbda / n) * W1 - (eta / m) * nabla_W1  # bp: update[W1]
        W2 = (1 - eta * lmbda / n) * W2 - (eta / m) * nabla_W2  # bp: update[W2]
        b1 = b1 - (eta / m) * nabla_b1  # bp: update[b1]
        b2 = b2 - (eta / m) * nabla_b2  # bp: update[b2]

    if epoch % 20 == 0:
        print("epoch %2d loss %.4f" % (epoch, total_cost()))
