# bp-corpus: buggy
# bp-layers: Wxh:tanh Whh:tanh Why:softmax
# bp-style: numpy column convention, min-char-rnn-style vanilla RNN, backprop through time, softmax + cross-entropy per step, explicit SGD updates
"""Backprop through time: dWhh is assigned with = inside the time loop, so only step 0's gradient survives."""
import numpy as np

np.random.seed(37)
data = "hello world, hello rnn. " * 3
chars = sorted(set(data))
vocab_size = len(chars)
char_to_ix = {ch: i for i, ch in enumerate(chars)}
hidden_size, seq_length, learning_rate = 16, 12, 0.1

Wxh = np.random.randn(hidden_size, vocab_size) * 0.1
Whh = np.random.randn(hidden_size, hidden_size) * 0.1
Why = np.random.randn(vocab_size, hidden_size) * 0.1
bh = np.zeros((hidden_size, 1))
by = np.zeros((vocab_size, 1))


def loss_fun(inputs, targets, hprev):
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0.0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys - np.max(ys)) / np.sum(np.exp(ys - np.max(ys)))
        loss += -np.log(ps[t][targets[t], 0])
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])  # bp: error
        dy[targets[t]] -= 1                         # bp: error F1
        dWhy += np.dot(dy, hs[t].T)                 # bp: F3[Why]
        dby += dy                                   # bp: F3[by]
        dh = np.dot(Why.T, dy) + dhnext             # bp: F2
        dhraw = (1 - hs[t] * hs[t]) * dh            # bp: F1
        dbh += dhraw                                # bp: F3[bh]
        dWxh += np.dot(dhraw, xs[t].T)              # bp: F3[Wxh]
        dWhh = np.dot(dhraw, hs[t - 1].T)           # bp: F3[Whh] BP402
        dhnext = np.dot(Whh.T, dhraw)               # bp: F2
    return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]


n_updates = 300
p = 0
hprev = np.zeros((hidden_size, 1))
for n in range(n_updates):
    if p + seq_length + 1 >= len(data):
        p = 0
        hprev = np.zeros((hidden_size, 1))
    inputs = [char_to_ix[ch] for ch in data[p:p + seq_length]]
    targets = [char_to_ix[ch] for ch in data[p + 1:p + seq_length + 1]]
    loss, dWxh, dWhh, dWhy, dbh, dby, hprev = loss_fun(inputs, targets, hprev)  # bp: F1 F2 F3 error
    if n == 0 or n == n_updates - 1:
        print(f"update {n} loss {loss:.4f}")
    for dparam in (dWxh, dWhh, dWhy, dbh, dby):
        np.clip(dparam, -5, 5, out=dparam)
    Wxh -= learning_rate * dWxh                     # bp: update[Wxh]
    Whh -= learning_rate * dWhh                     # bp: update[Whh]
    Why -= learning_rate * dWhy                     # bp: update[Why]
    bh -= learning_rate * dbh                       # bp: update[bh]
    by -= learning_rate * dby                       # bp: update[by]
    p += seq_length
