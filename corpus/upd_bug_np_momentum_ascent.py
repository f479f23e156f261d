# bp-corpus: buggy
# bp-layers: W1:relu W2:linear
# bp-style: numpy, row convention, ReLU hidden (boolean-mask multiply), linear output with MSE, momentum written v = mu * v + lr * dW; W += v with dW a true gradient (prediction minus target), so the velocity points uphill
"""Momentum SGD where the velocity accumulates +lr * grad and is then added to the weights."""
import numpy as np

np.random.seed(31)

X = np.random.randn(128, 4)
# targets: a fixed smooth function of the four inputs
T = np.tanh(X[:, :1] - 0.5 * X[:, 1:2] + X[:, 3:4]) + 0.3 * X[:, 2:3] ** 2

W1 = np.random.randn(4, 20) * 0.5
b1 = np.zeros(20)
W2 = np.random.randn(20, 1) * 0.2
b2 = np.zeros(1)
vel = {"W1": np.zeros_like(W1), "b1": np.zeros_like(b1), "W2": np.zeros_like(W2), "b2": np.zeros_like(b2)}

lr, mu = 0.01, 0.9
n = X.shape[0]
for epoch in range(200):
    Z1 = X @ W1 + b1
    H1 = np.maximum(Z1, 0.0)
    P = H1 @ W2 + b2
    loss = ((P - T) ** 2).mean()
    if epoch % 50 == 0 or epoch == 199:
        print("epoch %3d  loss %.5f" % (epoch, loss))

    E = (P - T) / n  # bp: error
    dW2 = H1.T @ E  # bp: F3[W2]
    db2 = E.sum(0)  # bp: F3[b2]
    G1 = (E @ W2.T) * (Z1 > 0)  # bp: F2 F1
    dW1 = X.T @ G1  # bp: F3[W1]
    db1 = G1.sum(0)  # bp: F3[b1]

    vel["W2"] = mu * vel["W2"] + lr * dW2
    vel["b2"] = mu * vel["b2"] + lr * db2
    vel["W1"] = mu * vel["W1"] + lr * dW1
    vel["b1"] = mu * vel["b1"] + lr * db1
    W2 += vel["W2"]  # bp: update[W2] BP201
    b2 += vel["b2"]  # bp: update[b2] BP201
    W1 += vel["W1"]  # bp: update[W1] BP201
    b1 += vel["b1"]  # bp: update[b1] BP201
