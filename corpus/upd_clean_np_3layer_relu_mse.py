# bp-corpus: clean
# bp-layers: w1:relu w2:relu w3:linear
# bp-style: numpy, row convention, three layers ReLU/ReLU/linear with biases, MSE with d = 2 * (y_pred - y) / N, masks written as multiply and np.where, @ operator
"""Regress a smooth teacher function with a 3-layer ReLU network, plain gradient descent."""
import numpy as np

rng = np.random.default_rng(7)

N, d_in, d_h1, d_h2, d_out = 256, 5, 32, 16, 2
x = rng.uniform(-1, 1, size=(N, d_in))
# the teacher: a fixed nonlinear map of the inputs
y = np.stack([np.sin(2 * x[:, 0]) + x[:, 1] * x[:, 2], np.cos(x[:, 3]) - x[:, 4] ** 2], axis=1)

w1 = rng.normal(0, np.sqrt(2 / d_in), size=(d_in, d_h1))
b1 = np.zeros(d_h1)
w2 = rng.normal(0, np.sqrt(2 / d_h1), size=(d_h1, d_h2))
b2 = np.zeros(d_h2)
w3 = rng.normal(0, np.sqrt(1 / d_h2), size=(d_h2, d_out))
b3 = np.zeros(d_out)

lr = 0.05
for it in range(800):
    z1 = x @ w1 + b1
    h1 = np.maximum(z1, 0)
    z2 = h1 @ w2 + b2
    h2 = np.maximum(z2, 0)
    y_pred = h2 @ w3 + b3

    mse = np.mean(np.sum((y_pred - y) ** 2, axis=1))
    if it % 200 == 0 or it == 799:
        print("it", it, "loss", round(float(mse), 5))

    # gradient of the mean squared error; the output is linear so this is already the delta
    grad_y = 2 * (y_pred - y) / N  # bp: error
    grad_w3 = h2.T @ grad_y  # bp: F3[w3]
    grad_b3 = grad_y.sum(axis=0)  # bp: F3[b3]

    grad_h2 = grad_y @ w3.T  # bp: F2
    grad_z2 = grad_h2 * (z2 > 0)  # bp: F1
    grad_w2 = h1.T @ grad_z2  # bp: F3[w2]
    grad_b2 = grad_z2.sum(axis=0)  # bp: F3[b2]

    grad_h1 = grad_z2 @ w2.T  # bp: F2
    grad_z1 = np.where(z1 > 0, grad_h1, 0.0)  # bp: F1
    grad_w1 = x.T @ grad_z1  # bp: F3[w1]
    grad_b1 = grad_z1.sum(axis=0)  # bp: F3[b1]

    w3 -= lr * grad_w3  # bp: update[w3]
    b3 -= lr * grad_b3  # bp: update[b3]
    w2 -= lr * grad_w2  # bp: update[w2]
    b2 -= lr * grad_b2  # bp: update[b2]
    w1 -= lr * grad_w1  # bp: update[w1]
    b1 -= lr * grad_b1  # bp: update[b1]
