# bp-corpus: clean
# bp-style: a network class trained one mini-batch at a time whose per-sample backward pass returns the weight
# gradients, summed into the batch's totals already averaged (`delta_w1 += 1 / batch_len * dw1`), then stepped;
# column vectors, a sigmoid hidden layer and a linear output with squared error
import numpy as np


class Net:
    def __init__(self, n_in, n_hid, n_out, rng):
        self.w1 = rng.standard_normal((n_hid, n_in)) * 0.5
        self.w2 = rng.standard_normal((n_out, n_hid)) * 0.5

    def backprop(self, x, t):
        h = 1.0 / (1.0 + np.exp(-(self.w1 @ x)))
        y = self.w2 @ h
        e = y - t  # bp: error
        dw2 = np.outer(e, h)  # bp: F3
        d = (self.w2.T @ e) * h * (1 - h)  # bp: F2 F1
        dw1 = np.outer(d, x)  # bp: F3
        return dw1, dw2, 0.5 * float(np.sum(e ** 2))

    def train_batch(self, xs, ts, lr):
        batch_len = len(xs)
        delta_w1 = np.zeros_like(self.w1)
        delta_w2 = np.zeros_like(self.w2)
        loss = 0.0
        for x, t in zip(xs, ts):
            dw1, dw2, l_i = self.backprop(x, t)  # bp: F3
            delta_w1 += 1 / batch_len * dw1  # bp: F3
            delta_w2 += 1 / batch_len * dw2  # bp: F3
            loss += l_i / batch_len
        self.w1 -= lr * delta_w1  # bp: update
        self.w2 -= lr * delta_w2  # bp: update
        return loss


rng = np.random.default_rng(12)
xs = rng.uniform(-1.0, 1.0, (64, 2))
ts = np.sin(2.0 * xs[:, :1]) * xs[:, 1:]
net = Net(2, 10, 1, rng)
for epoch in range(300):
    loss = net.train_batch(xs, ts, 0.5)
    if epoch % 100 == 0 or epoch == 299:
        print("epoch", epoch, "loss", round(loss, 5))
