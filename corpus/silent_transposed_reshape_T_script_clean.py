# bp-corpus: clean
# bp-style: a transposed input fixes the convention (pattern 3): a flat script, images flattened and transposed once `X = X_orig.reshape(m, -1).T` (features x samples) and labels `Y = Y_orig.reshape(1, m)`, then column-convention code with plain variables: ReLU hidden, sigmoid + cross-entropy output, `dW1 = np.dot(dZ1, X.T) / m`, `db1 = np.sum(dZ1, axis=1, keepdims=True) / m`
"""Cross vs. ring 5x5 images, flattened then transposed into columns, one ReLU hidden layer."""
import numpy as np

np.random.seed(6)

side, m = 5, 100
X_orig = np.random.rand(m, side, side) * 0.3
Y_orig = np.random.randint(0, 2, m)
for i in range(m):
    if Y_orig[i]:
        X_orig[i, side // 2, :] += 0.7      # a cross
        X_orig[i, :, side // 2] += 0.7
    else:
        X_orig[i, 0, :] += 0.7              # a ring
        X_orig[i, -1, :] += 0.7
        X_orig[i, :, 0] += 0.7
        X_orig[i, :, -1] += 0.7

X = X_orig.reshape(m, -1).T        # (25, m)
Y = Y_orig.reshape(1, m)

n_h = 8
W1 = np.random.randn(n_h, X.shape[0]) * 0.2
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(1, n_h) * 0.2
b2 = np.zeros((1, 1))
learning_rate = 0.5

for i in range(400):
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
    if i % 100 == 0 or i == 399:
        print("iteration %d loss %.5f" % (i, cost))

    dZ2 = A2 - Y  # bp: error F1
    dW2 = np.dot(dZ2, A1.T) / m  # bp: F3[W2]
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m  # bp: F3[b2]
    dA1 = np.dot(W2.T, dZ2)  # bp: F2
    dZ1 = np.where(Z1 > 0, dA1, 0)  # bp: F1
    dW1 = np.dot(dZ1, X.T) / m  # bp: F3[W1]
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m  # bp: F3[b1]

    W1 -= learning_rate * dW1  # bp: update[W1]
    b1 -= learning_rate * db1  # bp: update[b1]
    W2 -= learning_rate * dW2  # bp: update[W2]
    b2 -= learning_rate * db2  # bp: update[b2]
