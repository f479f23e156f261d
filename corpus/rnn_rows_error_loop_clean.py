# bp-corpus: clean
# bp-style: a vanilla RNN class, column convention (np.matmul(W, x) with one column per time step): Whx, Whh, Wyh, bh,
# by; forward appends each hidden state to a list (the zero start state first) and stacks them with np.array(states),
# then takes every step's output at once and a softmax down the columns; backprop starts from dL_dY = preds.T, a loop
# over its rows subtracting 1 at each step's target (`for index, pred in enumerate(dL_dY): pred[train_Y[index]] -=
# 1`) and dL_dY = dL_dY.T; BPTT over reversed(range(T)) with the recurrent gradient written as np.matmul(self.Whh.T,
# dL_dh * (1 - states[t + 1] ** 2)); clipping, then plain SGD steps inside the class
"""Next-character prediction on a sequence that walks up and down the letters a-e; which letter follows c or d
depends on the direction, so the hidden state has to carry it."""
import numpy as np


class VanillaRNN:
    def __init__(self, vocab_size, hidden_size, seed=0):
        rng = np.random.RandomState(seed)
        self.hidden_size = hidden_size
        self.Whx = rng.randn(hidden_size, vocab_size) * 0.1
        self.Whh = rng.randn(hidden_size, hidden_size) * 0.1
        self.Wyh = rng.randn(vocab_size, hidden_size) * 0.1
        self.bh = np.zeros((hidden_size, 1))
        self.by = np.zeros((vocab_size, 1))

    def forward(self, train_X):
        h = np.zeros((self.hidden_size, 1))
        states = [h]
        for t in range(train_X.shape[1]):
            h = np.tanh(np.matmul(self.Whx, train_X[:, [t]]) + np.matmul(self.Whh, h) + self.bh)
            states.append(h)
        states = np.array(states)
        logits = np.matmul(self.Wyh, states[1:, :, 0].T) + self.by
        exps = np.exp(logits - np.max(logits, axis=0, keepdims=True))
        preds = exps / np.sum(exps, axis=0, keepdims=True)
        return preds, states

    def backward(self, train_X, train_Y, preds, states, lr):
        T = train_X.shape[1]
        dL_dY = preds.T
        for index, pred in enumerate(dL_dY):
            pred[train_Y[index]] -= 1  # bp: error F1
        dL_dY = dL_dY.T

        dWyh = np.matmul(dL_dY, states[1:, :, 0])  # bp: F3
        dby = np.sum(dL_dY, axis=1, keepdims=True)  # bp: F3
        dWhh = np.zeros_like(self.Whh)
        dWhx = np.zeros_like(self.Whx)
        dbh = np.zeros_like(self.bh)
        dL_dh = np.zeros((self.hidden_size, 1))
        for t in reversed(range(T)):
            dL_dh = dL_dh + np.matmul(self.Wyh.T, dL_dY[:, [t]])  # bp: F2
            dL_dz = dL_dh * (1 - states[t + 1] ** 2)  # bp: F1
            dWhh += np.matmul(dL_dz, states[t].T)  # bp: F3
            dWhx += np.matmul(dL_dz, train_X[:, [t]].T)  # bp: F3
            dbh += dL_dz  # bp: F3
            dL_dh = np.matmul(self.Whh.T, dL_dh * (1 - states[t + 1] ** 2))  # bp: F2 F1

        for grad in (dWhx, dWhh, dWyh, dbh, dby):
            np.clip(grad, -5, 5, out=grad)
        self.Whx -= lr * dWhx  # bp: update
        self.Whh -= lr * dWhh  # bp: update
        self.Wyh -= lr * dWyh  # bp: update
        self.bh -= lr * dbh  # bp: update
        self.by -= lr * dby  # bp: update


chars = "abcde"
text = "abcdedcbabcdedcbabcdedcba"
ids = [chars.index(c) for c in text]
train_X = np.eye(len(chars))[ids[:-1]].T
train_Y = ids[1:]

rnn = VanillaRNN(len(chars), 16, seed=1)
for epoch in range(601):
    preds, states = rnn.forward(train_X)
    loss = -np.sum(np.log(preds[train_Y, np.arange(len(train_Y))]))
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")
    rnn.backward(train_X, train_Y, preds, states, lr=0.05)  # bp: F2
