"""Character-level vanilla RNN (tanh) with backprop through time, clipping and Adagrad."""
# bp-corpus: buggy
# bp-layers: Wxh:tanh Whh:tanh Why:softmax
# bp-style: column convention, character RNN, per-time-step dicts, single-sample softmax dy = np.copy(p); dy[t] -= 1, BPTT accumulation with +=, np.clip(out=), Adagrad over zip; defect (seen in a published copy of this script): `dbh + dhraw` on its own line, so the hidden bias never learns
import numpy as np

np.random.seed(5)

# a small made-up corpus with plenty of repetition to learn from
text = "the cat sat on the mat. the dog sat on the log. " * 6
chars = sorted(set(text))
V = len(chars)
char_to_ix = {ch: i for i, ch in enumerate(chars)}

H = 40
seq_len = 16
learning_rate = 0.1

Wxh = np.random.randn(H, V) * 0.01
Whh = np.random.randn(H, H) * 0.01
Why = np.random.randn(V, H) * 0.01
bh = np.zeros((H, 1))
by = np.zeros((V, 1))


def run_chunk(inputs, targets, h_start):
    """Forward over one chunk, then backward through time; returns loss, gradients, last state."""
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.copy(h_start)
    loss = 0.0
    for t, ix in enumerate(inputs):
        xs[t] = np.zeros((V, 1))
        xs[t][ix] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        logits = np.dot(Why, hs[t]) + by
        e = np.exp(logits - np.max(logits))
        ps[t] = e / np.sum(e)
        loss += -np.log(ps[t][targets[t], 0])

    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])  # bp: error
        dy[targets[t]] -= 1  # bp: error F1
        dWhy += np.dot(dy, hs[t].T)  # bp: F3[Why]
        dby += dy  # bp: F3[by]
        dh = np.dot(Why.T, dy) + dhnext  # bp: F2
        dhraw = (1 - hs[t] * hs[t]) * dh  # bp: F1
        dbh + dhraw  # bp: BP102
        dWxh += np.dot(dhraw, xs[t].T)  # bp: F3[Wxh]
        dWhh += np.dot(dhraw, hs[t - 1].T)  # bp: F3[Whh]
        dhnext = np.dot(Whh.T, dhraw)  # bp: F2
    for g in (dWxh, dWhh, dWhy, dbh, dby):
        np.clip(g, -5, 5, out=g)  # keep exploding steps in check
    return loss, (dWxh, dWhh, dWhy, dbh, dby), hs[len(inputs) - 1]


mWxh, mWhh, mWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
mbh, mby = np.zeros_like(bh), np.zeros_like(by)
smooth_loss = -np.log(1.0 / V) * seq_len
print("iter 0 loss %.3f" % smooth_loss)

pos = 0
h_prev = np.zeros((H, 1))
for n in range(1, 1501):
    if pos + seq_len + 1 >= len(text):
        pos = 0
        h_prev = np.zeros((H, 1))
    inputs = [char_to_ix[c] for c in text[pos:pos + seq_len]]
    targets = [char_to_ix[c] for c in text[pos + 1:pos + seq_len + 1]]

    loss, grads, h_prev = run_chunk(inputs, targets, h_prev)
    smooth_loss = 0.99 * smooth_loss + 0.01 * loss

    for param, dparam, mem in zip([Wxh, Whh, Why, bh, by], grads, [mWxh, mWhh, mWhy, mbh, mby]):
        mem += dparam * dparam
        param += -learning_rate * dparam / np.sqrt(mem + 1e-8)  # bp: update

    if n % 300 == 0:
        print("iter %d loss %.3f" % (n, smooth_loss))
    pos += seq_len
