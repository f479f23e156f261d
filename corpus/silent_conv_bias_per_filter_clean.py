# bp-corpus: clean
# bp-style: convolution layer class written with loops over samples, filters and windows (valid, stride 1, multi-channel input); its bias has one value per filter, broadcast over the feature map, so backward accumulates the bias gradient per filter and sample, `gb[f] += np.sum(dy[n, f])` (one sample's map of one filter summed into element f); tanh feature maps flattened into a sigmoid unit trained on binary cross-entropy in the script, plain SGD through each layer's own descend(lr)
"""Tells a falling diagonal stroke from a rising one in small two-channel images."""
import numpy as np


class WindowConv:
    def __init__(self, n_filters, n_channels, size, rng):
        self.size = size
        self.w = rng.normal(0.0, 0.3, (n_filters, n_channels, size, size))
        self.b = np.zeros(n_filters)

    def forward(self, x):
        self.x = x
        n, _, height, width = x.shape
        oh, ow = height - self.size + 1, width - self.size + 1
        out = np.zeros((n, self.w.shape[0], oh, ow))
        for s in range(n):
            for f in range(self.w.shape[0]):
                for i in range(oh):
                    for j in range(ow):
                        window = x[s, :, i:i + self.size, j:j + self.size]
                        out[s, f, i, j] = np.sum(window * self.w[f]) + self.b[f]
        return out

    def backward(self, dy):
        n, n_filters, oh, ow = dy.shape
        self.gw = np.zeros_like(self.w)
        self.gb = np.zeros_like(self.b)
        dx = np.zeros_like(self.x)
        for s in range(n):
            for f in range(n_filters):
                self.gb[f] += np.sum(dy[s, f])  # bp: F3[self.b]
                for i in range(oh):
                    for j in range(ow):
                        self.gw[f] += dy[s, f, i, j] * self.x[s, :, i:i + self.size, j:j + self.size]  # bp: F3[self.w]
                        dx[s, :, i:i + self.size, j:j + self.size] += dy[s, f, i, j] * self.w[f]  # bp: F2
        return dx

    def descend(self, lr):
        self.w -= lr * self.gw  # bp: update[self.w]
        self.b -= lr * self.gb  # bp: update[self.b]


def strokes(count, side, rng):
    imgs = 0.1 * rng.standard_normal((count, 2, side, side))
    labels = (np.arange(count) % 2).astype(float)
    for k in range(count):
        shift = rng.integers(-1, 2)
        for i in range(side):
            j = i + shift if labels[k] == 1 else side - 1 - i + shift
            if 0 <= j < side:
                imgs[k, 0, i, j] += 1.0
                imgs[k, 1, i, j] += 0.5
    return imgs, labels.reshape(count, 1)


rng = np.random.default_rng(17)
images, y = strokes(24, 6, rng)
conv = WindowConv(n_filters=3, n_channels=2, size=3, rng=rng)
head_w = rng.normal(0.0, 0.1, (3 * 4 * 4, 1))
head_b = np.zeros((1, 1))
lr = 0.2
m = images.shape[0]

for epoch in range(61):
    maps = np.tanh(conv.forward(images))
    flat = maps.reshape(m, -1)
    p = 1.0 / (1.0 + np.exp(-(flat @ head_w + head_b)))
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    if epoch % 10 == 0:
        print(f"epoch {epoch:2d} loss {loss:.4f}")

    dout = (p - y) / m  # bp: error F1
    dhead_w = flat.T @ dout  # bp: F3[head_w]
    dhead_b = dout.sum(axis=0, keepdims=True)  # bp: F3[head_b]
    dflat = dout @ head_w.T  # bp: F2
    dmaps = dflat.reshape(maps.shape) * (1 - maps ** 2)  # bp: F1
    conv.backward(dmaps)                                            # bp: F2
    conv.descend(lr)                                                # bp: update
    head_w -= lr * dhead_w  # bp: update[head_w]
    head_b -= lr * dhead_b  # bp: update[head_b]
