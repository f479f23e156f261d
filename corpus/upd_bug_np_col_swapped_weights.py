# bp-corpus: buggy
# bp-layers: W1:tanh W2:linear
# bp-style: numpy, column convention (W @ X), square 8-8-8 denoiser so every weight has the same shape, tanh hidden, linear output with MSE; the two weight updates were swapped
"""Tiny denoising map with equal-sized layers; W1 and W2 are each stepped with the other's gradient."""
import numpy as np

rng = np.random.default_rng(99)

dim, m = 8, 200
clean = rng.normal(size=(dim, m))
noisy = clean + 0.3 * rng.normal(size=(dim, m))  # columns are samples

W1 = rng.normal(scale=0.3, size=(dim, dim))
b1 = np.zeros((dim, 1))
W2 = rng.normal(scale=0.3, size=(dim, dim))
b2 = np.zeros((dim, 1))
lr = 0.05

for it in range(500):
    Z1 = W1 @ noisy + b1
    A1 = np.tanh(Z1)
    out = W2 @ A1 + b2
    loss = np.mean(np.sum((out - clean) ** 2, axis=0))
    if it % 100 == 0 or it == 499:
        print("iter %d loss %.5f" % (it, loss))

    dOut = 2.0 * (out - clean) / m  # bp: error
    dW2 = dOut @ A1.T  # bp: F3[W2]
    db2 = dOut.sum(axis=1, keepdims=True)  # bp: F3[b2]
    dA1 = W2.T @ dOut  # bp: F2
    dZ1 = dA1 * (1.0 - A1 ** 2)  # bp: F1
    dW1 = dZ1 @ noisy.T  # bp: F3[W1]
    db1 = dZ1.sum(axis=1, keepdims=True)  # bp: F3[b1]

    W1 -= lr * dW2  # bp: update[W1] BP103
    b1 -= lr * db1  # bp: update[b1]
    W2 -= lr * dW1  # bp: update[W2] BP103
    b2 -= lr * db2  # bp: update[b2]

# doing nothing at all (output = noisy input) is the bar to beat
baseline = float(np.mean(np.sum((noisy - clean) ** 2, axis=0)))
print(f"identity baseline {baseline:.5f}, model {loss:.5f}")
