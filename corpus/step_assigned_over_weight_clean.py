# bp-corpus: clean
# bp-style: a single-file NumPy script of two tanh/linear layers in the row convention, whose steps are written as assignments of the new value (`W1 = W1 - lr * dW1`), the bias gradients summed over the batch with `keepdims=True`, the loss a mean squared error printed every few hundred steps
# bp-layers: W1:tanh W2:linear
"""A noisy sine curve fitted by a 1-16-1 network whose steps are written as assignments."""
import numpy as np

rng = np.random.default_rng(5)
X = rng.uniform(-3.0, 3.0, size=(128, 1))
T = np.sin(X) + 0.05 * rng.standard_normal((128, 1))
W1 = rng.standard_normal((1, 16)) * 0.5
b1 = np.zeros((1, 16))
W2 = rng.standard_normal((16, 1)) * 0.5
b2 = np.zeros((1, 1))
lr = 0.05

for step in range(2001):
    H = np.tanh(X @ W1 + b1)
    Y = H @ W2 + b2
    E = (Y - T) / len(X)  # bp: error
    dW2 = H.T @ E  # bp: F3
    db2 = E.sum(axis=0, keepdims=True)  # bp: F3
    dH = (E @ W2.T) * (1 - H ** 2)  # bp: F2 F1
    dW1 = X.T @ dH  # bp: F3
    db1 = dH.sum(axis=0, keepdims=True)  # bp: F3
    W2 = W2 - lr * dW2  # bp: update
    b2 = b2 - lr * db2  # bp: update
    W1 = W1 - lr * dW1  # bp: update
    b1 = b1 - lr * db1  # bp: update
    if step % 500 == 0:
        print("step %d loss %.5f" % (step, float(np.mean((Y - T) ** 2))))
