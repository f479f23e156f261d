"""Sigmoid hidden layer and softmax output; the error T - Y is written inline inside each derivative."""
# bp-corpus: clean
# bp-layers: W1:sigmoid W2:softmax
# bp-style: row convention, derivative_* helper functions with T - Y inline in F3, gradient ascent on the log-likelihood (+=), one-hot targets
import numpy as np


def forward(X, W1, b1, W2, b2):
    Z = 1 / (1 + np.exp(-X.dot(W1) - b1))
    A = Z.dot(W2) + b2
    expA = np.exp(A - A.max(axis=1, keepdims=True))
    Y = expA / expA.sum(axis=1, keepdims=True)
    return Y, Z


def derivative_w2(Z, T, Y):
    return Z.T.dot(T - Y)  # bp: error F1 F3


def derivative_b2(T, Y):
    return (T - Y).sum(axis=0)  # bp: error F1 F3


def derivative_w1(X, Z, T, Y, W2):
    dZ = (T - Y).dot(W2.T) * Z * (1 - Z)  # bp: error F1 F2
    return X.T.dot(dZ)  # bp: F3


def derivative_b1(T, Y, W2, Z):
    return ((T - Y).dot(W2.T) * Z * (1 - Z)).sum(axis=0)  # bp: error F1 F2 F3


def cost(T, Y):
    # mean negative log-likelihood, reported as the loss
    return -np.mean(np.sum(T * np.log(Y), axis=1))


def main():
    np.random.seed(12)
    Nclass = 150
    D, M, K = 2, 6, 3
    X1 = np.random.randn(Nclass, D) + np.array([0, -2])
    X2 = np.random.randn(Nclass, D) + np.array([2, 2])
    X3 = np.random.randn(Nclass, D) + np.array([-2, 2])
    X = np.vstack([X1, X2, X3])
    labels = np.array([0] * Nclass + [1] * Nclass + [2] * Nclass)
    N = len(labels)

    T = np.zeros((N, K))
    for i in range(N):
        T[i, labels[i]] = 1

    W1 = np.random.randn(D, M)
    b1 = np.random.randn(M)
    W2 = np.random.randn(M, K)
    b2 = np.random.randn(K)

    learning_rate = 1e-3
    for epoch in range(2001):
        output, hidden = forward(X, W1, b1, W2, b2)
        if epoch % 400 == 0:
            c = cost(T, output)
            rate = np.mean(np.argmax(output, axis=1) == labels)
            print("epoch", epoch, "loss", round(c, 5), "classification_rate", rate)

        # W2 must be read by derivative_w1 before it changes
        gW2 = derivative_w2(hidden, T, output)  # bp: F3
        gb2 = derivative_b2(T, output)  # bp: F3
        gW1 = derivative_w1(X, hidden, T, output, W2)  # bp: F3
        gb1 = derivative_b1(T, output, W2, hidden)  # bp: F3
        W2 += learning_rate * gW2  # bp: update[W2]
        b2 += learning_rate * gb2  # bp: update[b2]
        W1 += learning_rate * gW1  # bp: update[W1]
        b1 += learning_rate * gb1  # bp: update[b1]


if __name__ == "__main__":
    main()
