# bp-corpus: buggy
# bp-layers: w1:relu w2:sigmoid
# bp-style: numpy row convention (x.dot(w)), the article's two-layer net, copy + mask ReLU, SSE loss, error = t - oz
"""The article's net with the output sigmoid derivative taken on the pre-activation oy instead of oz."""
import numpy as np

np.random.seed(42)
batch_size, input_dim, hidden_dim, output_dim = 32, 6, 12, 3
x = np.random.randn(batch_size, input_dim)
t = (x[:, :output_dim] + 0.5 * x[:, output_dim:] > 0).astype(float)
w1 = np.random.randn(input_dim, hidden_dim) * 0.3
w2 = np.random.randn(hidden_dim, output_dim) * 0.3
learning_rate = 0.0001


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


n_steps = 100
for i in range(n_steps):
    hy = x.dot(w1)
    hz = np.maximum(hy, 0)
    oy = hz.dot(w2)
    oz = sigmoid(oy)
    L = np.square(t - oz).sum()
    if i == 0 or i == n_steps - 1:
        print(i, "loss", L)

    error = t - oz                      # bp: error
    delta = oy * (1 - oy) * error       # bp: F1 BP302
    dw2 = hz.T.dot(delta)               # bp: F3[w2]
    error_h = delta.dot(w2.T)           # bp: F2
    delta_h = error_h.copy()            # bp: F1
    delta_h[hy <= 0] = 0                # bp: F1
    dw1 = x.T.dot(delta_h)              # bp: F3[w1]

    w1 += learning_rate * dw1           # bp: update[w1]
    w2 += learning_rate * dw2           # bp: update[w2]
