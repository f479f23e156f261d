# bp-corpus: clean
# bp-driver: drivers/silent_conv_im2col_forward_loop_backward_clean_driver.py
# bp-style: convolution layer whose forward is one matrix product over unfolded windows (im2col: the filters flattened to rows, every window of the input a column) while its backward loops over samples, filters and positions, `gk[f] += g[s, f, i, j] * window` and `gb[f] += np.sum(g[s, f])`, keeping the gradients in a dict beside the parameters dict; a per-layer `apply(lr)` steps params[name] by grads[name] - nothing crossed; a layer library: its driver trains tanh maps flattened into a linear read-out on squared error
"""A convolution layer that unfolds its input for the forward product and loops for the backward pass."""
import numpy as np


class UnfoldConv:
    def __init__(self, n_out, n_in, k, rng):
        self.k = k
        self.params = {"kern": rng.normal(0.0, 0.2, (n_out, n_in, k, k)), "shift": np.zeros(n_out)}
        self.grads = {}

    def columns(self, x):
        n, c, h, w = x.shape
        oh, ow = h - self.k + 1, w - self.k + 1
        cols = np.empty((c * self.k * self.k, n * oh * ow))
        col = 0
        for s in range(n):
            for i in range(oh):
                for j in range(ow):
                    cols[:, col] = x[s, :, i:i + self.k, j:j + self.k].ravel()
                    col += 1
        return cols, oh, ow

    def forward(self, x):
        self.x = x
        cols, oh, ow = self.columns(x)
        rows = self.params["kern"].reshape(self.params["kern"].shape[0], -1)
        out = (rows @ cols).reshape(-1, x.shape[0], oh, ow).transpose(1, 0, 2, 3)
        return out + self.params["shift"][None, :, None, None]

    def backward(self, g):
        n, n_out, oh, ow = g.shape
        gk = np.zeros_like(self.params["kern"])
        gb = np.zeros_like(self.params["shift"])
        gx = np.zeros_like(self.x)
        for s in range(n):
            for f in range(n_out):
                gb[f] += np.sum(g[s, f])  # bp: F3[self.params['shift']]
                for i in range(oh):
                    for j in range(ow):
                        window = self.x[s, :, i:i + self.k, j:j + self.k]
                        gk[f] += g[s, f, i, j] * window  # bp: F3[self.params['kern']]
                        gx[s, :, i:i + self.k, j:j + self.k] += g[s, f, i, j] * self.params["kern"][f]  # bp: F2
        self.grads["kern"] = gk
        self.grads["shift"] = gb
        return gx

    def apply(self, lr):
        self.params["kern"] -= lr * self.grads["kern"]  # bp: update[self.params['kern']]
        self.params["shift"] -= lr * self.grads["shift"]  # bp: update[self.params['shift']]
