# bp-corpus: buggy
# bp-layers: W1:tanh W2:softmax
# bp-style: a top-to-bottom script, row convention: one tanh hidden layer and a softmax output; the output error is
# cross-entropy's derivative by the probabilities (`dp = -T / P`), then the softmax's backward is written with the
# element-wise factor `P * (1 - P)` instead of the Jacobian-vector product
"""Buggy: the softmax's backward multiplies the error by P * (1 - P), the diagonal of its Jacobian alone; the
off-diagonal terms -p_i p_j are lost, so every gradient below the output is off.

Three Gaussian blobs in the plane, classified by a 2-10-3 network trained full-batch."""
import numpy as np

rng = np.random.RandomState(3)
centres = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
labels = rng.randint(0, 3, 150)
X = centres[labels] + 0.7 * rng.randn(150, 2)
T = np.eye(3)[labels]

W1 = 0.5 * rng.randn(2, 10)
b1 = np.zeros(10)
W2 = 0.5 * rng.randn(10, 3)
b2 = np.zeros(3)
lr = 0.5
n = len(X)

for step in range(301):
    H = np.tanh(X @ W1 + b1)
    S = H @ W2 + b2
    E = np.exp(S - S.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    loss = -np.sum(T * np.log(P + 1e-12)) / n
    dP = -T / (P + 1e-12) / n  # bp: error
    dS = dP * P * (1 - P)  # bp: F1 BP313
    dW2 = H.T @ dS  # bp: F3
    db2 = dS.sum(axis=0)  # bp: F3
    dH = dS @ W2.T  # bp: F2
    dZ = dH * (1 - H ** 2)  # bp: F1
    dW1 = X.T @ dZ  # bp: F3
    db1 = dZ.sum(axis=0)  # bp: F3
    W2 -= lr * dW2  # bp: update
    b2 -= lr * db2  # bp: update
    W1 -= lr * dW1  # bp: update
    b1 -= lr * db1  # bp: update
    if step % 100 == 0:
        print(f"step {step} loss {loss:.4f}")
