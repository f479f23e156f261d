# bp-corpus: clean
# bp-layers: Wxh:sigmoid Why:linear
# bp-style: numpy, row convention, min-char-rnn naming (Wxh/Why, dWxh, mWxh), sigmoid hidden, linear output with squared error, gradient clipping, Adagrad over zip (mem += dparam**2; param += -lr * dparam / np.sqrt(mem + eps))
"""A sigmoid regressor with Adagrad memory written the way the min-char-rnn gist writes it."""
import numpy as np

np.random.seed(7)

# data: y = sin(x0) * cos(x1) plus a little noise, 160 points
inputs = np.random.uniform(-2.5, 2.5, size=(160, 2))
targets = (np.sin(inputs[:, 0]) * np.cos(inputs[:, 1]))[:, None]
targets += 0.05 * np.random.randn(*targets.shape)

hidden_size = 30
learning_rate = 0.05
Wxh = np.random.randn(2, hidden_size) * 0.8  # input to hidden
bh = np.zeros((1, hidden_size))
Why = np.random.randn(hidden_size, 1) * 0.1  # hidden to output
by = np.zeros((1, 1))

# adagrad memory
mWxh, mbh = np.zeros_like(Wxh), np.zeros_like(bh)
mWhy, mby = np.zeros_like(Why), np.zeros_like(by)


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def lossFun(xs, ys):
    """Forward and backward over the whole batch; returns loss and gradients."""
    hs = sigmoid(np.dot(xs, Wxh) + bh)
    ps = np.dot(hs, Why) + by
    loss = 0.5 * np.sum((ps - ys) ** 2) / len(xs)
    dy = (ps - ys) / len(xs)  # bp: error
    dWhy = np.dot(hs.T, dy)  # bp: F3[Why]
    dby = np.sum(dy, axis=0, keepdims=True)  # bp: F3[by]
    dh = np.dot(dy, Why.T)  # bp: F2
    dhraw = hs * (1 - hs) * dh  # bp: F1
    dWxh = np.dot(xs.T, dhraw)  # bp: F3[Wxh]
    dbh = np.sum(dhraw, axis=0, keepdims=True)  # bp: F3[bh]
    for dparam in [dWxh, dbh, dWhy, dby]:
        np.clip(dparam, -5, 5, out=dparam)  # mitigate exploding gradients
    return loss, dWxh, dbh, dWhy, dby


n = 0
while n <= 600:
    loss, dWxh, dbh, dWhy, dby = lossFun(inputs, targets)  # bp: F3
    if n % 150 == 0:
        print('iter %d, loss: %f' % (n, loss))  # print progress

    # perform parameter update with Adagrad
    for param, dparam, mem in zip([Wxh, bh, Why, by],
                                  [dWxh, dbh, dWhy, dby],
                                  [mWxh, mbh, mWhy, mby]):
        mem += dparam ** 2
        param += -learning_rate * dparam / np.sqrt(mem + 1e-8)  # bp: update

    n += 1
