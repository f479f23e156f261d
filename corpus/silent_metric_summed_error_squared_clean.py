# bp-corpus: clean
# bp-style: a running metric written as the square of the summed residual, `total += np.sum(t - y) ** 2`, beside a correct per-sample backward pass (row convention, tanh hidden layer with biases, linear output, "target minus output" deltas added to the parameters); the metric is no bias gradient (twenty-fourth probe)
# bp-layers: A:tanh B:linear
"""Per-sample regression of three smooth targets, printing a summed-residual metric each epoch."""
import numpy as np

rng = np.random.default_rng(24)
inputs = rng.uniform(-1, 1, (160, 4))
targets = np.column_stack([np.sin(inputs[:, 0]), inputs[:, 1] * inputs[:, 2], np.cos(inputs[:, 3])])

A = rng.normal(0, 0.4, (4, 12))
a0 = np.zeros((1, 12))
B = rng.normal(0, 0.4, (12, 3))
b0 = np.zeros((1, 3))
eta = 0.02

for epoch in range(40):
    total = 0.0
    held_out = 0.0
    for n in range(120):
        row = inputs[n:n + 1]
        hid = np.tanh(row @ A + a0)
        pred = hid @ B + b0
        total += np.sum(targets[n:n + 1] - pred) ** 2
        back = targets[n:n + 1] - pred  # bp: error
        back_h = (back @ B.T) * (1 - hid ** 2)  # bp: F2 F1
        B += eta * hid.T @ back  # bp: F3[B] update[B]
        b0 += eta * back.sum(axis=0, keepdims=True)  # bp: F3 update[b0]
        A += eta * row.T @ back_h  # bp: F3[A] update[A]
        a0 += eta * back_h.sum(axis=0, keepdims=True)  # bp: F3 update[a0]
    for n in range(120, 160):
        pred = np.tanh(inputs[n:n + 1] @ A + a0) @ B + b0
        held_out += np.sum(targets[n:n + 1] - pred) ** 2
    if epoch % 10 == 0:
        print("epoch %d loss %.5f held-out %.5f" % (epoch, total / 120, held_out / 40))
print("epoch %d loss %.5f" % (40, total / 120))
