# bp-corpus: buggy
# bp-style: pure Python on lists of lists, no NumPy: `w1[i][j]` from input i to hidden unit j drawn with `random.uniform`, each unit's input summed into a number started at zero (`acc = 0.0`, then `acc += w1[i][j] * xs[i]`), the bias list `[0.0] * n` added after the sum, `math.tanh` hidden units and logistic outputs appended to lists, the samples a written-out list of (inputs, targets) pairs iterated directly, the error output minus target, formula 2 summed over the outputs in a loop, every weight and bias stepped entry by entry, except that the input-to-hidden weights are stepped with `+=` (up the loss)
# bp-layers: w1:tanh w2:sigmoid
"""Which quadrant pair a point lies in learned by a 2-4-2 network of plain lists: the hidden weights climb the loss (`+=`)."""
import math
import random

random.seed(21)
n_in, n_hid, n_out = 2, 4, 2
w1 = [[random.uniform(-1.0, 1.0) for j in range(n_hid)] for i in range(n_in)]
b1 = [0.0] * n_hid
w2 = [[random.uniform(-1.0, 1.0) for k in range(n_out)] for j in range(n_hid)]
b2 = [0.0] * n_out
rate = 0.3

samples = [
    ([0.9, 0.8], [1.0, 0.0]),
    ([-0.7, -0.9], [1.0, 0.0]),
    ([0.6, -0.8], [0.0, 1.0]),
    ([-0.9, 0.7], [0.0, 1.0]),
    ([0.4, 0.9], [1.0, 0.0]),
    ([-0.5, -0.4], [1.0, 0.0]),
    ([0.8, -0.3], [0.0, 1.0]),
    ([-0.3, 0.6], [0.0, 1.0]),
    ([0.7, 0.3], [1.0, 0.0]),
    ([-0.8, -0.6], [1.0, 0.0]),
    ([0.5, -0.6], [0.0, 1.0]),
    ([-0.6, 0.9], [0.0, 1.0]),
]


def forward(xs):
    hid = []
    for j in range(n_hid):
        acc = 0.0
        for i in range(n_in):
            acc += w1[i][j] * xs[i]
        hid.append(math.tanh(acc + b1[j]))
    out = []
    for k in range(n_out):
        acc = 0.0
        for j in range(n_hid):
            acc += w2[j][k] * hid[j]
        out.append(1.0 / (1.0 + math.exp(-(acc + b2[k]))))
    return hid, out


def mean_loss():
    total = 0.0
    for xs, want in samples:
        _, out = forward(xs)
        for k in range(n_out):
            total += 0.5 * (out[k] - want[k]) ** 2
    return total / len(samples)


print("epoch 0 loss %.5f" % mean_loss())
for epoch in range(1, 301):
    for xs, want in samples:
        hid, out = forward(xs)
        delta_out = []
        for k in range(n_out):
            err = out[k] - want[k]  # bp: error
            delta_out.append(err * out[k] * (1.0 - out[k]))  # bp: F1
        delta_hid = []
        for j in range(n_hid):
            back = 0.0
            for k in range(n_out):
                back += w2[j][k] * delta_out[k]  # bp: F2
            delta_hid.append(back * (1.0 - hid[j] ** 2))  # bp: F1
        for j in range(n_hid):
            for k in range(n_out):
                w2[j][k] -= rate * delta_out[k] * hid[j]  # bp: F3 update
        for k in range(n_out):
            b2[k] -= rate * delta_out[k]  # bp: update
        for i in range(n_in):
            for j in range(n_hid):
                w1[i][j] += rate * delta_hid[j] * xs[i]  # bp: F3 update BP201
        for j in range(n_hid):
            b1[j] -= rate * delta_hid[j]  # bp: update
    if epoch % 100 == 0:
        print("epoch %d loss %.5f" % (epoch, mean_loss()))
