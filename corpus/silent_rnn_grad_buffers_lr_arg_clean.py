# bp-corpus: clean
# bp-style: recurrent class, column convention (U @ x + W @ h_prev + bh), tanh recurrence, softmax + cross-entropy read-out at every step; one gradient buffer per parameter (self.g_U, self.g_W, ...) zeroed by clear_buffers() and accumulated with += over the time steps in backprop(), and step(seq, targets, lr) with a learning rate that has NO default subtracting each buffer from its own parameter; the script checks one gradient element by central differences, nudging the weight in place (`net.U[1, 2] += eps`), before training
"""Next-token prediction on a short cyclic token stream with a small Elman network."""
import numpy as np


class CycleRNN:
    def __init__(self, vocab, hidden, rng):
        self.U = rng.normal(0.0, 0.3, (hidden, vocab))
        self.W = rng.normal(0.0, 0.3, (hidden, hidden))
        self.V = rng.normal(0.0, 0.3, (vocab, hidden))
        self.bh = np.zeros((hidden, 1))
        self.by = np.zeros((vocab, 1))
        self.clear_buffers()

    def clear_buffers(self):
        self.g_U = np.zeros_like(self.U)
        self.g_W = np.zeros_like(self.W)
        self.g_V = np.zeros_like(self.V)
        self.g_bh = np.zeros_like(self.bh)
        self.g_by = np.zeros_like(self.by)

    def one_hot(self, token):
        col = np.zeros((self.U.shape[1], 1))
        col[token, 0] = 1.0
        return col

    def run(self, seq):
        states = [np.zeros((self.W.shape[0], 1))]
        cols, probs = [], []
        for token in seq:
            x = self.one_hot(token)
            cols.append(x)
            h = np.tanh(self.U @ x + self.W @ states[-1] + self.bh)
            logits = self.V @ h + self.by
            e = np.exp(logits - np.max(logits))
            states.append(h)
            probs.append(e / np.sum(e))
        return cols, states, probs

    def cost(self, seq, targets):
        _, _, probs = self.run(seq)
        return -sum(np.log(p[k, 0]) for p, k in zip(probs, targets)) / len(seq)

    def backprop(self, seq, targets):
        self.clear_buffers()
        cols, states, probs = self.run(seq)
        n = len(seq)
        carry = np.zeros_like(self.bh)
        for t in reversed(range(n)):
            dy = probs[t].copy()  # bp: error
            dy[targets[t], 0] -= 1.0  # bp: error F1
            dy /= n  # bp: error
            dh = self.V.T @ dy + carry  # bp: F2
            dz = (1.0 - states[t + 1] ** 2) * dh  # bp: F1
            carry = self.W.T @ dz  # bp: F2
            self.g_V += dy @ states[t + 1].T  # bp: F3[self.V]
            self.g_by += dy  # bp: F3[self.by]
            self.g_U += dz @ cols[t].T  # bp: F3[self.U]
            self.g_W += dz @ states[t].T  # bp: F3[self.W]
            self.g_bh += dz  # bp: F3[self.bh]

    def step(self, seq, targets, lr):
        self.backprop(seq, targets)
        self.U -= lr * self.g_U  # bp: update[self.U]
        self.W -= lr * self.g_W  # bp: update[self.W]
        self.V -= lr * self.g_V  # bp: update[self.V]
        self.bh -= lr * self.g_bh  # bp: update[self.bh]
        self.by -= lr * self.g_by  # bp: update[self.by]


rng = np.random.default_rng(21)
pattern = [0, 2, 1, 3, 4, 2, 0, 4, 1, 3]
stream = pattern * 6
inputs, outputs = stream[:-1], stream[1:]
net = CycleRNN(vocab=5, hidden=12, rng=rng)

net.backprop(inputs, outputs)
analytic = net.g_U[1, 2]
eps = 1e-5
net.U[1, 2] += eps
plus = net.cost(inputs, outputs)
net.U[1, 2] -= 2 * eps
minus = net.cost(inputs, outputs)
net.U[1, 2] += eps
numeric = (plus - minus) / (2 * eps)
print("gradient check U[1, 2]: analytic %.6f numeric %.6f" % (analytic, numeric))

for epoch in range(301):
    if epoch % 50 == 0:
        print("epoch %3d loss %.4f" % (epoch, net.cost(inputs, outputs)))
    net.step(inputs, outputs, 0.5)
