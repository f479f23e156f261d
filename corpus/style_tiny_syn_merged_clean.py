"""A tiny two-weight-matrix sigmoid net in the short tutorial style, with merged backward lines."""
# bp-corpus: clean
# bp-layers: syn0:sigmoid syn1:sigmoid
# bp-style: row convention, tiny tutorial net, nonlin(x, deriv) helper taking the activation, error and F1 in one line, F2 and F1 in one line, F3 inside a learning-rate-1 update
import numpy as np


def nonlin(x, deriv=False):
    # with deriv=True, x must already be the sigmoid output
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


# eight 3-bit inputs plus a constant 1 column; target = odd parity of the first two bits
X = np.array([[0, 0, 0, 1],
              [0, 0, 1, 1],
              [0, 1, 0, 1],
              [0, 1, 1, 1],
              [1, 0, 0, 1],
              [1, 0, 1, 1],
              [1, 1, 0, 1],
              [1, 1, 1, 1]])

y = np.array([[0, 0, 1, 1, 1, 1, 0, 0]]).T

np.random.seed(4)

# weights drawn in [-1, 1)
syn0 = 2 * np.random.random((4, 6)) - 1
syn1 = 2 * np.random.random((6, 1)) - 1


def mse(target, out):
    return float(np.mean((target - out) ** 2))


for j in range(10001):

    # forward through both layers
    l0 = X
    l1 = nonlin(np.dot(l0, syn0))
    l2 = nonlin(np.dot(l1, syn1))

    if j % 2500 == 0:
        print("iteration %5d loss %.6f" % (j, mse(y, l2)))

    # how far off, scaled by the sigmoid slope at the output
    l2_delta = (y - l2) * (l2 * (1 - l2))  # bp: error F1

    # how much each hidden unit contributed, scaled by its own slope
    l1_delta = l2_delta.dot(syn1.T) * nonlin(l1, deriv=True)  # bp: F2 F1

    # learning rate 1; error was target minus output, hence +=
    syn1 += l1.T.dot(l2_delta)  # bp: F3[syn1] update[syn1]
    syn0 += l0.T.dot(l1_delta)  # bp: F3[syn0] update[syn0]

print("output after training:")
print(np.round(l2.ravel(), 3))
