# bp-corpus: clean
# bp-style: a one-hidden-layer classifier in NumPy whose softmax and mean negative log-likelihood are written node by
# node and differentiated the same way, as in makemore's exercise: the seed buffer is made from numbers
# (`np.zeros((batch, n_cls))`, not shaped like the log-probabilities), the two paths into `counts` are summed in one
# statement, and negation is written `-1 * ...`
import numpy as np

rng = np.random.default_rng(5)
n_in, n_hid, n_cls, n_all, batch = 4, 24, 3, 300, 30
centres = rng.normal(0.0, 2.0, (n_cls, n_in))
labels = rng.integers(0, n_cls, n_all)
inputs = centres[labels] + rng.normal(0.0, 1.0, (n_all, n_in))

w1 = rng.normal(0.0, 1.0, (n_in, n_hid)) / np.sqrt(n_in)
b1 = np.zeros(n_hid)
w2 = rng.normal(0.0, 0.1, (n_hid, n_cls))
b2 = np.zeros(n_cls)
rate = 0.2


def step(xb, yb):
    global w1, b1, w2, b2
    pre = xb @ w1 + b1
    hid = np.tanh(pre)
    logits = hid @ w2 + b2
    peak = logits.max(1, keepdims=True)
    shifted = logits - peak
    counts = np.exp(shifted)
    total = counts.sum(1, keepdims=True)
    total_inv = total ** -1
    probs = counts * total_inv
    logp = np.log(probs)
    loss = -logp[np.arange(batch), yb].mean()

    d_logp = np.zeros((batch, n_cls))
    d_logp[np.arange(batch), yb] = -1.0 / batch  # bp: error
    d_probs = (1.0 / probs) * d_logp  # bp: error
    d_total_inv = (counts * d_probs).sum(1, keepdims=True)  # bp: error
    d_total = -1 * total ** -2 * d_total_inv  # bp: error
    d_counts = total_inv * d_probs + np.ones((batch, n_cls)) * d_total  # bp: error
    d_shifted = counts * d_counts  # bp: error
    d_peak = (-1 * d_shifted).sum(1, keepdims=True)  # bp: error
    d_logits = d_shifted + (logits == peak) * d_peak  # bp: error
    d_hid = d_logits @ w2.T  # bp: F2
    d_w2 = hid.T @ d_logits  # bp: F3[w2]
    d_b2 = d_logits.sum(0)  # bp: F3[b2]
    d_pre = (1.0 - hid ** 2) * d_hid  # bp: F1
    d_w1 = xb.T @ d_pre  # bp: F3[w1]
    d_b1 = d_pre.sum(0)  # bp: F3[b1]

    w1 = w1 - rate * d_w1  # bp: update[w1]
    b1 = b1 - rate * d_b1  # bp: update[b1]
    w2 = w2 - rate * d_w2  # bp: update[w2]
    b2 = b2 - rate * d_b2  # bp: update[b2]
    return loss


for epoch in range(30):
    order = rng.permutation(n_all)
    losses = [step(inputs[order[k:k + batch]], labels[order[k:k + batch]]) for k in range(0, n_all, batch)]
    if epoch % 10 == 0 or epoch == 29:
        print("epoch", epoch, "loss", round(float(np.mean(losses)), 4))
