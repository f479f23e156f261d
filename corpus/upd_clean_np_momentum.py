# bp-corpus: clean
# bp-layers: W1:relu W2:linear
# bp-style: numpy, row convention, ReLU hidden, linear output with MSE, classical momentum (v = mu * v - lr * dW; W += v), error written prediction-minus-target
"""ReLU regressor trained with heavy-ball momentum; the velocity carries the negative gradient step."""
import numpy as np

np.random.seed(31)

X = np.random.randn(128, 4)
true_W = np.random.randn(4, 1)
T = np.tanh(X @ true_W) + 0.3 * X[:, :1] ** 2  # targets

W1 = np.random.randn(4, 20) * 0.5
b1 = np.zeros(20)
W2 = np.random.randn(20, 1) * 0.2
b2 = np.zeros(1)
vW1, vb1 = np.zeros_like(W1), np.zeros_like(b1)
vW2, vb2 = np.zeros_like(W2), np.zeros_like(b2)

lr, mu = 0.01, 0.9
n = X.shape[0]
for epoch in range(300):
    Z1 = X @ W1 + b1
    H1 = np.maximum(Z1, 0.0)
    P = H1 @ W2 + b2
    loss = ((P - T) ** 2).mean()
    if epoch % 60 == 0 or epoch == 299:
        print("epoch %3d  loss %.5f" % (epoch, loss))

    E = (P - T) / n  # bp: error
    dW2 = H1.T @ E  # bp: F3[W2]
    db2 = E.sum(0)  # bp: F3[b2]
    G1 = E @ W2.T  # bp: F2
    G1 = G1 * (Z1 > 0)  # bp: F1
    dW1 = X.T @ G1  # bp: F3[W1]
    db1 = G1.sum(0)  # bp: F3[b1]

    # momentum: velocity accumulates -lr * grad, the parameter follows the velocity
    vW2 = mu * vW2 - lr * dW2
    vb2 = mu * vb2 - lr * db2
    vW1 = mu * vW1 - lr * dW1
    vb1 = mu * vb1 - lr * db1
    W2 += vW2  # bp: update[W2]
    b2 += vb2  # bp: update[b2]
    W1 += vW1  # bp: update[W1]
    b1 += vb1  # bp: update[b1]
