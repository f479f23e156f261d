# bp-corpus: clean
# bp-style: a 2-2-2 network written entirely in named numbers, the shape of the well-known worked example: inputs `i1, i2`, targets `t1, t2`, weights `w1` .. `w8` (w1, w2 into h1, w3, w4 into h2, w5, w6 into o1, w7, w8 into o2), one bias per neuron `b1` .. `b4`, the logistic everywhere, squared error; gradients named after the weight with a `b` suffix (`w5b = h1 * o1b`), every step a tuple assignment, formula 2 read from the output weights before they are stepped
# bp-layers: w1:sigmoid w2:sigmoid w3:sigmoid w4:sigmoid w5:sigmoid w6:sigmoid w7:sigmoid w8:sigmoid
"""One training pair learned by a 2-2-2 logistic network whose every number has its own name."""
import math


def logistic(z):
    return 1.0 / (1.0 + math.exp(-z))


i1, i2 = .05, .10
t1, t2 = .01, .99
w1, w2, w3, w4 = .12, .23, .31, .18
w5, w6, w7, w8 = .42, .37, .53, .61
b1, b2, b3, b4 = .30, .30, .55, .55
lr = .5

for step in range(301):
    h1 = logistic(w1 * i1 + w2 * i2 + b1)
    h2 = logistic(w3 * i1 + w4 * i2 + b2)
    o1 = logistic(w5 * h1 + w6 * h2 + b3)
    o2 = logistic(w7 * h1 + w8 * h2 + b4)
    loss = .5 * (t1 - o1) ** 2 + .5 * (t2 - o2) ** 2
    if step % 100 == 0:
        print("step %d loss %.6f" % (step, loss))

    o1e = o1 - t1  # bp: error
    o2e = o2 - t2  # bp: error
    o1b = o1e * o1 * (1 - o1)  # bp: F1
    o2b = o2e * o2 * (1 - o2)  # bp: F1
    w5b = h1 * o1b  # bp: F3
    w6b = h2 * o1b  # bp: F3
    w7b = h1 * o2b  # bp: F3
    w8b = h2 * o2b  # bp: F3

    h1e = w5 * o1b + w7 * o2b  # bp: F2
    h2e = w6 * o1b + w8 * o2b  # bp: F2
    h1b = h1e * h1 * (1 - h1)  # bp: F1
    h2b = h2e * h2 * (1 - h2)  # bp: F1
    w1b = i1 * h1b  # bp: F3
    w2b = i2 * h1b  # bp: F3
    w3b = i1 * h2b  # bp: F3
    w4b = i2 * h2b  # bp: F3

    w5, w6 = w5 - lr * w5b, w6 - lr * w6b  # bp: update
    w7, w8 = w7 - lr * w7b, w8 - lr * w8b  # bp: update
    w1, w3 = w1 - lr * w1b, w3 - lr * w3b  # bp: update
    w2, w4 = w2 - lr * w2b, w4 - lr * w4b  # bp: update
    b1, b2 = b1 - lr * h1b, b2 - lr * h2b  # bp: update
    b3, b4 = b3 - lr * o1b, b4 - lr * o2b  # bp: update
