# bp-corpus: clean
# bp-layers: W1:sigmoid W2:sigmoid
# bp-style: numpy, column convention on single samples (W @ a with 1-D vectors), per-sample gradients accumulated with np.outer over an epoch, sigmoid/sigmoid on XOR with squared error, error written output-minus-target with -= updates; file uses CRLF line endings and tab indentation
"""XOR with a 2-4-1 sigmoid net, one sample at a time, gradients summed with np.outer."""
import numpy as np

np.random.seed(3)

samples = [
	(np.array([0.0, 0.0]), np.array([0.0])),
	(np.array([0.0, 1.0]), np.array([1.0])),
	(np.array([1.0, 0.0]), np.array([1.0])),
	(np.array([1.0, 1.0]), np.array([0.0])),
]

W1 = np.random.uniform(-1, 1, (4, 2))
b1 = np.zeros(4)
W2 = np.random.uniform(-1, 1, (1, 4))
b2 = np.zeros(1)
eta = 2.0


def sig(v):
	return 1.0 / (1.0 + np.exp(-v))


for epoch in range(2000):
	gW1, gb1 = np.zeros_like(W1), np.zeros_like(b1)
	gW2, gb2 = np.zeros_like(W2), np.zeros_like(b2)
	sse = 0.0
	for a0, target in samples:
		a1 = sig(W1 @ a0 + b1)
		a2 = sig(W2 @ a1 + b2)
		sse += float(np.sum((a2 - target) ** 2))

		e2 = a2 - target  # bp: error
		d2 = e2 * a2 * (1 - a2)  # bp: F1
		gW2 += np.outer(d2, a1)  # bp: F3[W2]
		gb2 += d2  # bp: F3[b2]
		e1 = W2.T @ d2  # bp: F2
		d1 = e1 * a1 * (1 - a1)  # bp: F1
		gW1 += np.outer(d1, a0)  # bp: F3[W1]
		gb1 += d1  # bp: F3[b1]

	if epoch % 500 == 0 or epoch == 1999:
		print("epoch %4d  loss %.5f" % (epoch, sse))
	k = eta / len(samples)
	W1 -= k * gW1  # bp: update[W1]
	b1 -= k * gb1  # bp: update[b1]
	W2 -= k * gW2  # bp: update[W2]
	b2 -= k * gb2  # bp: update[b2]
