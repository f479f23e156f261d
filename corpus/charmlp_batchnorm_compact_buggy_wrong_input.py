# bp-corpus: buggy
# bp-style: a character-level MLP language model in the "backprop ninja" exercise shape, in NumPy: an embedding
# table C looked up by the context's character ids (`emb = C[Xb]`) and flattened, a linear layer, batch
# normalisation (no bias before it) with a trained gain and shift, tanh, an output layer and softmax cross-entropy; the batch
# norm's input gradient is the compact one-line formula, the embedding's gradient is summed one looked-up
# row at a time in a double loop (`dC[ix] += demb[k, j]`), the parameters and gradients stepped in pairs;
# the first layer's weight gradient multiplies the delta by the layer's pre-activation instead of its input
"""Buggy: next-character prediction on a tiny synthetic alphabet: the character that follows is a fixed
function of its three-character context."""
import numpy as np

rng = np.random.RandomState(42)
vocab, block, n_emb, n_hidden, n = 12, 3, 6, 32, 64

# the data: contexts of three character ids and the id that follows them
Xtr = rng.randint(0, vocab, (600, block))
Ytr = (Xtr[:, 0] + 2 * Xtr[:, 2]) % vocab

C = rng.randn(vocab, n_emb) * 0.5
W1 = rng.randn(block * n_emb, n_hidden) * (5 / 3) / np.sqrt(block * n_emb)
bngain = np.ones((1, n_hidden))
bnbias = np.zeros((1, n_hidden))
W2 = rng.randn(n_hidden, vocab) * 0.1
b2 = np.zeros(vocab)
parameters = [C, W1, bngain, bnbias, W2, b2]

lr = 0.2
for step in range(301):
    ix = rng.randint(0, Xtr.shape[0], n)
    Xb, Yb = Xtr[ix], Ytr[ix]

    # forward
    emb = C[Xb]
    embcat = emb.reshape(n, -1)
    hprebn = embcat @ W1  # (no bias: the batch norm's shift takes its place)
    bnmean = hprebn.mean(0, keepdims=True)
    bnvar = hprebn.var(0, keepdims=True, ddof=1)
    bnvar_inv = (bnvar + 1e-5) ** -0.5
    bnraw = (hprebn - bnmean) * bnvar_inv
    hpreact = bngain * bnraw + bnbias
    h = np.tanh(hpreact)
    logits = h @ W2 + b2
    shifted = logits - logits.max(1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(1, keepdims=True)
    loss = -np.log(probs[range(n), Yb]).mean()

    # backward
    dlogits = probs.copy()  # bp: error
    dlogits[range(n), Yb] -= 1  # bp: error F1
    dlogits /= n  # bp: error
    dh = dlogits @ W2.T  # bp: F2
    dW2 = h.T @ dlogits  # bp: F3
    db2 = dlogits.sum(0)  # bp: F3
    dhpreact = (1.0 - h ** 2) * dh  # bp: F1
    dbngain = (bnraw * dhpreact).sum(0, keepdims=True)  # bp: F3
    dbnbias = dhpreact.sum(0, keepdims=True)  # bp: F3
    dhprebn = bngain * bnvar_inv / n * (n * dhpreact - dhpreact.sum(0) - n / (n - 1) * bnraw * (dhpreact * bnraw).sum(0))
    dembcat = dhprebn @ W1.T  # bp: F2
    dW1 = hprebn.T @ dhprebn  # bp: F3 BP305
    demb = dembcat.reshape(emb.shape)
    dC = np.zeros_like(C)
    for k in range(Xb.shape[0]):
        for j in range(Xb.shape[1]):
            ix = Xb[k, j]
            dC[ix] += demb[k, j]  # bp: F3

    grads = [dC, dW1, dbngain, dbnbias, dW2, db2]
    for p, grad in zip(parameters, grads):
        p -= lr * grad  # bp: update
    if step % 100 == 0:
        print("step", step, "loss", round(float(loss), 4))
