"""One GRU time step as a layer class. The update, reset and candidate weights are packed side by
side in one input matrix Wx (D, 3H), one recurrent matrix Wh (H, 3H) and one bias (3H,); forward
and backward slice out each gate's columns, and backward packs the gate gradients back the same
way. The cell steps its own (shared) weights with plain SGD."""
# bp-corpus: clean
# bp-style: layer class with no training run in the file, row convention (x @ W + h @ U + b), GRU cell with packed gate weights sliced by columns (self.Wx[:, :H], self.Wx[:, H:2 * H], self.Wx[:, 2 * H:]), packed slices taken again in backward, reset gate applied before the recurrent product ((r * h_prev) @ Whh), interpolation h_next = (1 - z) * h_prev + z * h_hat, gate deltas written one per statement with a separate derivative product, gradients packed with np.hstack into self.dWx/self.dWh/self.db, in-class sgd_step with -=, module-level sigmoid helper
# bp-layers: Wxz:sigmoid Whz:sigmoid Wxr:sigmoid Whr:sigmoid Wxh:tanh Whh:tanh
# bp-driver: drivers/cls_gru_packed_gate_weights_clean_driver.py
import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


class GRUCell:
    def __init__(self, Wx, Wh, b):
        self.Wx, self.Wh, self.b = Wx, Wh, b
        self.dWx, self.dWh, self.db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
        self.cache = None

    def forward(self, x, h_prev):
        H = self.Wh.shape[0]
        Wxz, Wxr, Wxh = self.Wx[:, :H], self.Wx[:, H:2 * H], self.Wx[:, 2 * H:]
        Whz, Whr, Whh = self.Wh[:, :H], self.Wh[:, H:2 * H], self.Wh[:, 2 * H:]
        z = sigmoid(x @ Wxz + h_prev @ Whz + self.b[:H])
        r = sigmoid(x @ Wxr + h_prev @ Whr + self.b[H:2 * H])
        h_hat = np.tanh(x @ Wxh + (r * h_prev) @ Whh + self.b[2 * H:])
        h_next = (1 - z) * h_prev + z * h_hat
        self.cache = (x, h_prev, z, r, h_hat)
        return h_next

    def backward(self, dh_next):
        x, h_prev, z, r, h_hat = self.cache
        H = h_prev.shape[1]
        Wxz, Wxr, Wxh = self.Wx[:, :H], self.Wx[:, H:2 * H], self.Wx[:, 2 * H:]
        Whz, Whr, Whh = self.Wh[:, :H], self.Wh[:, H:2 * H], self.Wh[:, 2 * H:]

        # h_next = (1 - z) * h_prev + z * h_hat, one term at a time
        dh_hat = dh_next * z  # bp: F1
        dz = dh_next * (h_hat - h_prev)  # bp: F1

        # candidate: tanh, then back through Whh to the reset-gated state
        dt = dh_hat * (1 - h_hat ** 2)  # bp: F1
        drh = dt @ Whh.T  # bp: F2
        dr = drh * h_prev  # bp: F1

        # update and reset gates: sigmoid
        dz_a = dz * z * (1 - z)  # bp: F1
        dr_a = dr * r * (1 - r)  # bp: F1

        dWxz = x.T @ dz_a  # bp: F3
        dWxr = x.T @ dr_a  # bp: F3
        dWxh = x.T @ dt  # bp: F3
        dWhz = h_prev.T @ dz_a  # bp: F3
        dWhr = h_prev.T @ dr_a  # bp: F3
        dWhh = (r * h_prev).T @ dt  # bp: F3
        self.dWx = np.hstack((dWxz, dWxr, dWxh))
        self.dWh = np.hstack((dWhz, dWhr, dWhh))
        self.db = np.hstack((dz_a.sum(axis=0), dr_a.sum(axis=0), dt.sum(axis=0)))  # bp: F3

        dx = dz_a @ Wxz.T + dr_a @ Wxr.T + dt @ Wxh.T  # bp: F2
        dh_prev = dh_next * (1 - z) + drh * r + dz_a @ Whz.T + dr_a @ Whr.T  # bp: F2 F1
        return dx, dh_prev

    def sgd_step(self, lr):
        self.Wx -= lr * self.dWx  # bp: update[self.Wx]
        self.Wh -= lr * self.dWh  # bp: update[self.Wh]
        self.b -= lr * self.db  # bp: update[self.b]
