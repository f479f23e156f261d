# bp-corpus: buggy
# bp-layers: W1:tanh W2:sigmoid
# bp-style: numpy, row convention, tanh hidden, sigmoid output with SSE, bias gradients summed inline in the update; the hidden bias is stepped with the OUTPUT delta (a copy-paste slip that broadcasts silently because there is one output)
"""Binary classifier whose hidden bias update reuses the output layer's delta."""
import numpy as np

np.random.seed(77)

N, D, H = 180, 3, 12
X = np.random.randn(N, D)
Y = (np.linalg.norm(X, axis=1, keepdims=True) > 1.5).astype(float)  # outside a sphere

W1 = np.random.randn(D, H) * 0.7
b1 = np.zeros(H)
W2 = np.random.randn(H, 1) * 0.7
b2 = np.zeros(1)
lr = 0.01


def sigmoid(s):
    return 1 / (1 + np.exp(-s))


for epoch in range(800):
    a1 = np.tanh(X.dot(W1) + b1)
    a2 = sigmoid(a1.dot(W2) + b2)
    loss = ((Y - a2) ** 2).sum()
    if epoch % 200 == 0 or epoch == 799:
        print(f"epoch={epoch} loss {loss:.4f}")

    d2 = (a2 - Y) * a2 * (1 - a2)  # bp: error F1
    d1 = d2.dot(W2.T) * (1 - a1 ** 2)  # bp: F2 F1

    W2 -= lr * a1.T.dot(d2)  # bp: F3 update[W2]
    b2 -= lr * d2.sum(axis=0)  # bp: F3 update[b2]
    W1 -= lr * X.T.dot(d1)  # bp: F3 update[W1]
    b1 -= lr * d2.sum(axis=0)  # bp: F3 update[b1] BP103

# accuracy of the last forward pass
acc = np.mean((a2 > 0.5) == (Y > 0.5))
print("positives: %d / %d, train accuracy %.3f" % (int(Y.sum()), N, acc))
