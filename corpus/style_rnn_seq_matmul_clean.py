"""Sequence-to-sequence vanilla RNN regression (echo the input two steps late), BPTT with @ and momentum."""
# bp-corpus: clean
# bp-layers: self.Wxh:tanh self.Whh:tanh self.Why:linear
# bp-style: column convention with @, RNN class, lists of states, dWhh += dhraw @ h_prev.T, squared error output - target, clipping with np.clip(out=), momentum velocity then param += v
import numpy as np

DELAY = 2


class TinyRNN:
    def __init__(self, n_in, n_hidden, n_out, rng):
        self.Wxh = rng.normal(0, 0.3, (n_hidden, n_in))
        self.Whh = rng.normal(0, 0.3, (n_hidden, n_hidden))
        self.Why = rng.normal(0, 0.3, (n_out, n_hidden))
        self.bh = np.zeros((n_hidden, 1))
        self.by = np.zeros((n_out, 1))
        self.velocity = [np.zeros_like(p) for p in self.params()]

    def params(self):
        return [self.Wxh, self.Whh, self.Why, self.bh, self.by]

    def forward(self, xs):
        h = np.zeros_like(self.bh)
        self.hs, self.ys = [h], []
        for x in xs:
            h = np.tanh(self.Wxh @ x + self.Whh @ h + self.bh)
            self.hs.append(h)
            self.ys.append(self.Why @ h + self.by)
        return self.ys

    def backward(self, xs, targets):
        dWxh, dWhh, dWhy = (np.zeros_like(W) for W in (self.Wxh, self.Whh, self.Why))
        dbh, dby = np.zeros_like(self.bh), np.zeros_like(self.by)
        dh_future = np.zeros_like(self.bh)
        for t in range(len(xs) - 1, -1, -1):
            h, h_prev = self.hs[t + 1], self.hs[t]
            dy = self.ys[t] - targets[t]  # bp: error
            dWhy += dy @ h.T  # bp: F3[self.Why]
            dby += dy  # bp: F3[self.by]
            dh = self.Why.T @ dy + dh_future  # bp: F2
            dhraw = (1 - h ** 2) * dh  # bp: F1
            dWxh += dhraw @ xs[t].T  # bp: F3[self.Wxh]
            dWhh += dhraw @ h_prev.T  # bp: F3[self.Whh]
            dbh += dhraw  # bp: F3[self.bh]
            dh_future = self.Whh.T @ dhraw  # bp: F2
        return [dWxh, dWhh, dWhy, dbh, dby]

    def step(self, grads, lr, mu=0.9):
        for p, g, v in zip(self.params(), grads, self.velocity):
            np.clip(g, -1.0, 1.0, out=g)
            v *= mu
            v -= lr * g
            p += v  # bp: update


def make_batch(rng, length):
    xs = [rng.uniform(-1, 1, (1, 1)) for _ in range(length)]
    targets = [np.zeros((1, 1)) if t < DELAY else xs[t - DELAY] for t in range(length)]
    return xs, targets


def mse(ys, targets):
    return float(np.mean([(y - d) ** 2 for y, d in zip(ys, targets)]))


if __name__ == "__main__":
    rng = np.random.default_rng(17)
    net = TinyRNN(1, 16, 1, rng)
    probe = [make_batch(rng, 12) for _ in range(20)]

    def probe_loss():
        return np.mean([mse(net.forward(xs), ts) for xs, ts in probe])

    print(f"step    0 loss {probe_loss():.5f}")
    for it in range(1, 1201):
        xs, ts = make_batch(rng, 12)
        net.forward(xs)
        net.step(net.backward(xs, ts), lr=0.01)                     # bp: F2
        if it % 300 == 0:
            print(f"step {it:4d} loss {probe_loss():.5f}")
