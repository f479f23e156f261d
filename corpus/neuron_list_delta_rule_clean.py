# bp-corpus: clean
# bp-style: one sigmoid neuron in plain Python lists: the weights a list drawn with `random.Random.uniform`, the bias in the last slot, the input summed weight by weight into a number (`s = w[-1]`, then `s += w[k] * x[k]`), `math.exp`, the delta rule applied one weight at a time
# bp-layers: w:sigmoid
"""Logical OR of three noisy inputs (soft labels), learned by a single neuron written without NumPy."""
import math
import random

gen = random.Random(11)
samples = []
for _ in range(80):
    bits = [gen.randrange(2) for _ in range(3)]
    label = (0.9 if any(bits) else 0.1) + gen.uniform(-0.05, 0.05)  # soft labels
    samples.append(([b + gen.uniform(-0.1, 0.1) for b in bits], label))

w = [gen.uniform(-0.3, 0.3) for _ in range(4)]
eta = 0.5


def output(x):
    s = w[-1]
    for k in range(3):
        s += w[k] * x[k]
    return 1.0 / (1.0 + math.exp(-s))


for epoch in range(101):
    if epoch % 25 == 0:
        print("epoch %d loss %.5f" % (epoch, sum((t - output(x)) ** 2 for x, t in samples) / len(samples)))
    for x, t in samples:
        s = w[-1]
        for k in range(3):
            s += w[k] * x[k]
        o = 1.0 / (1.0 + math.exp(-s))
        d = (t - o) * o * (1.0 - o)  # bp: error F1
        for k in range(3):
            w[k] += eta * d * x[k]  # bp: F3[w] update[w]
        w[-1] += eta * d  # bp: update
