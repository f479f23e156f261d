# bp-corpus: clean
# bp-layers: w1:relu w2:sigmoid
# bp-style: numpy, row convention with every product written as np.einsum (forward, F2 as einsum('nj,ij->ni', delta, W), F3 as einsum('ni,nj->ij', a, delta), bias gradient as einsum('nj->j', delta)), ReLU hidden, sigmoid output with SSE as in the seed article, error written target-minus-output with += updates; file ends without a final newline
"""The seed article's ReLU/sigmoid net with every matrix product spelled as an einsum."""
import numpy as np

np.random.seed(0)

n, d_in, d_hid, d_out = 96, 5, 16, 2
x = np.random.randn(n, d_in)
# two binary targets: sign of a sum, and whether the first input dominates the second
t = np.stack([(x.sum(axis=1) > 0), (np.abs(x[:, 0]) > np.abs(x[:, 1]))], axis=1).astype(float)

w1 = np.random.randn(d_in, d_hid) * np.sqrt(2.0 / d_in)
b1 = np.zeros(d_hid)
w2 = np.random.randn(d_hid, d_out) * 0.3
b2 = np.zeros(d_out)
learning_rate = 0.02


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


for epoch in range(800):
    hy = np.einsum('ni,ij->nj', x, w1) + b1
    hz = np.maximum(hy, 0.0)
    oy = np.einsum('ni,ij->nj', hz, w2) + b2
    oz = sigmoid(oy)
    if epoch % 200 == 0 or epoch == 799:
        print('epoch', epoch, 'loss', np.square(t - oz).sum())

    error = t - oz  # bp: error
    delta = oz * (1 - oz) * error  # bp: F1
    dw2 = np.einsum('ni,nj->ij', hz, delta)  # bp: F3[w2]
    db2 = np.einsum('nj->j', delta)  # bp: F3[b2]
    error_h = np.einsum('nj,ij->ni', delta, w2)  # bp: F2
    delta_h = np.where(hy > 0, error_h, 0.0)  # bp: F1
    dw1 = np.einsum('ni,nj->ij', x, delta_h)  # bp: F3[w1]
    db1 = np.einsum('nj->j', delta_h)  # bp: F3[b1]

    # error is t - oz, so dw* already point downhill
    w1 += learning_rate * dw1  # bp: update[w1]
    b1 += learning_rate * db1  # bp: update[b1]
    w2 += learning_rate * dw2  # bp: update[w2]
    b2 += learning_rate * db2  # bp: update[b2]