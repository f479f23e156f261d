# bp-corpus: clean
# bp-style: softmax regression whose loss gradient comes from a helper that differentiates the mean negative
# log-likelihood node by node on the logits it is handed: the batch size read from the logits' shape, the log's
# derivative written as a division (`d_logp / probs`), the maximum's gradient put back at the arg-max positions with
# a scatter (`d_logits[rows, arg] += d_max[:, 0]`); the caller applies formula 3 and steps the weights
import numpy as np


def nll_by_node(logits, labels):
    m = logits.shape[0]
    top = logits.max(axis=1, keepdims=True)
    shifted = logits - top
    expd = np.exp(shifted)
    total = expd.sum(axis=1, keepdims=True)
    inv = total ** -1
    probs = expd * inv
    logp = np.log(probs)
    loss = -logp[np.arange(m), labels].mean()

    d_logp = np.zeros_like(logp)
    d_logp[np.arange(m), labels] = -1.0 / m  # bp: error
    d_probs = d_logp / probs  # bp: error
    d_expd = d_probs * inv  # bp: error
    d_inv = np.sum(d_probs * expd, axis=1, keepdims=True)  # bp: error
    d_total = -(total ** -2) * d_inv  # bp: error
    d_expd += d_total * np.ones_like(expd)  # bp: error
    d_shifted = expd * d_expd  # bp: error
    d_logits = d_shifted.copy()  # bp: error
    d_top = -np.sum(d_shifted, axis=1, keepdims=True)  # bp: error
    arg = np.argmax(logits, axis=1)
    d_logits[np.arange(m), arg] += d_top[:, 0]  # bp: error
    return loss, d_logits


rng = np.random.default_rng(8)
n_feat, n_cls, n_pts = 3, 4, 200
anchors = rng.normal(0.0, 2.5, (n_cls, n_feat))
targets = rng.integers(0, n_cls, n_pts)
feats = anchors[targets] + rng.normal(0.0, 1.0, (n_pts, n_feat))
weights = np.zeros((n_feat, n_cls))
bias = np.zeros(n_cls)
step = 0.5

for epoch in range(60):
    scores = feats @ weights + bias
    cost, d_scores = nll_by_node(scores, targets)
    d_weights = feats.T @ d_scores  # bp: F3[weights]
    d_bias = d_scores.sum(axis=0)  # bp: F3[bias]
    weights -= step * d_weights  # bp: update[weights]
    bias -= step * d_bias  # bp: update[bias]
    if epoch % 20 == 0 or epoch == 59:
        print("epoch", epoch, "loss", round(float(cost), 4))
