# bp-corpus: clean
# bp-style: makemore's "backprop ninja" exercise in NumPy: an embedding table, a hidden layer with a batch norm and
# tanh, a softmax written as exp(shifted) * sum ** -1, the mean negative log-likelihood; the backward pass carries
# the loss's gradient through every forward node on its own line (d_logp, d_probs, ... d_pre), then formulas 2
# and 3 at each weight
"""A character-level MLP with a batch norm, its backward pass written one forward node at a time."""
import numpy as np

rng = np.random.default_rng(3)
n_vocab, n_ctx, n_emb, n_hid, batch = 12, 3, 6, 32, 32

# a toy corpus: the next symbol is the sum of the context modulo the vocabulary
data_x = rng.integers(0, n_vocab, size=(600, n_ctx))
data_y = data_x.sum(axis=1) % n_vocab

table = rng.normal(0.0, 1.0, (n_vocab, n_emb))
w1 = rng.normal(0.0, 1.0, (n_ctx * n_emb, n_hid)) / np.sqrt(n_ctx * n_emb)
b1 = np.zeros(n_hid)
gain = np.ones((1, n_hid))
shift = np.zeros((1, n_hid))
w2 = rng.normal(0.0, 0.1, (n_hid, n_vocab))
b2 = np.zeros(n_vocab)
lr = 0.2


def train(n_steps):
    for it in range(n_steps):
        pick = rng.integers(0, data_x.shape[0], batch)
        xb, yb = data_x[pick], data_y[pick]
        # forward, one node per line
        emb = table[xb]
        flat = emb.reshape(batch, -1)
        pre = flat @ w1 + b1
        mean = 1.0 / batch * pre.sum(0, keepdims=True)
        centred = pre - mean
        centred_sq = centred ** 2
        variance = 1.0 / (batch - 1) * centred_sq.sum(0, keepdims=True)
        inv_std = (variance + 1e-5) ** -0.5
        normed = centred * inv_std
        scaled = gain * normed + shift
        hidden = np.tanh(scaled)
        logits = hidden @ w2 + b2
        top = logits.max(1, keepdims=True)
        shifted = logits - top
        counts = np.exp(shifted)
        total = counts.sum(1, keepdims=True)
        total_inv = total ** -1
        probs = counts * total_inv
        logp = np.log(probs)
        loss = -logp[np.arange(batch), yb].mean()

        # backward, one node per line
        d_logp = np.zeros_like(logp)
        d_logp[np.arange(batch), yb] = -1.0 / batch  # bp: error
        d_probs = (1.0 / probs) * d_logp  # bp: error
        d_total_inv = (counts * d_probs).sum(1, keepdims=True)  # bp: error
        d_counts = total_inv * d_probs  # bp: error
        d_total = -(total ** -2) * d_total_inv  # bp: error
        d_counts += np.ones_like(counts) * d_total  # bp: error
        d_shifted = counts * d_counts  # bp: error
        d_logits = d_shifted.copy()  # bp: error
        d_top = (-d_shifted).sum(1, keepdims=True)  # bp: error
        d_logits += (logits == top) * d_top  # bp: error
        d_hidden = d_logits @ w2.T  # bp: F2
        d_w2 = hidden.T @ d_logits  # bp: F3[w2]
        d_b2 = d_logits.sum(0)  # bp: F3[b2]
        d_scaled = (1.0 - hidden ** 2) * d_hidden  # bp: F1
        d_gain = (normed * d_scaled).sum(0, keepdims=True)  # bp: F3[gain]
        d_normed = gain * d_scaled  # bp: F2
        d_shift = d_scaled.sum(0, keepdims=True)  # bp: F3[shift]
        d_centred = inv_std * d_normed  # bp: F1
        d_inv_std = (centred * d_normed).sum(0, keepdims=True)  # bp: F1
        d_variance = (-0.5 * (variance + 1e-5) ** -1.5) * d_inv_std  # bp: F1
        d_centred_sq = 1.0 / (batch - 1) * np.ones_like(centred_sq) * d_variance  # bp: F1
        d_centred += (2 * centred) * d_centred_sq  # bp: F1
        d_pre = d_centred.copy()  # bp: F1
        d_mean = (-d_centred).sum(0)  # bp: F1
        d_pre += 1.0 / batch * (np.ones_like(pre) * d_mean)  # bp: F1
        d_flat = d_pre @ w1.T  # bp: F2
        d_w1 = flat.T @ d_pre  # bp: F3[w1]
        d_b1 = d_pre.sum(0)  # bp: F3[b1]
        d_emb = d_flat.reshape(emb.shape)
        d_table = np.zeros_like(table)
        np.add.at(d_table, xb, d_emb)  # bp: F3[table]

        for p, g in zip([table, w1, b1, gain, shift, w2, b2], [d_table, d_w1, d_b1, d_gain, d_shift, d_w2, d_b2]):
            p -= lr * g  # bp: update
        if it % 300 == 0 or it == n_steps - 1:
            print(it, "loss", round(float(loss), 4))


train(1500)
