# bp-corpus: clean
# bp-style: skip-gram word2vec with negative sampling, one (centre, context) pair at a time in NumPy: two
# tables of word vectors, `W_in` for centre words and `W_out` for contexts; the score of a pair is the dot
# product of the picked rows (`np.dot(u_o, v_c)`, `u_n @ v_c` for the negatives), a sigmoid, a cost of
# log-sigmoids; the positive pair's error is `sigmoid(score) - 1`; each picked row is stepped in place
# (`W_out[o] -= lr * grad_uo`, `W_in[c] -= lr * grad_v`)
"""Word vectors for a toy corpus in which each word is followed by the next one in a ring, trained pair
by pair with five negative samples each."""
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


vocab, dim, k = 40, 10, 5
rng = np.random.RandomState(7)
W_in = rng.uniform(-0.5, 0.5, (vocab, dim)) / dim
W_out = np.zeros((vocab, dim))
centres = rng.randint(0, vocab, 1500)
pairs = [(c, (c + 1) % vocab) for c in centres]
lr = 0.1

for epoch in range(4):
    total = 0.0
    for c, o in pairs:
        negs = rng.randint(0, vocab, k)
        v_c = W_in[c]
        u_o = W_out[o]
        u_n = W_out[negs]
        p_pos = sigmoid(np.dot(u_o, v_c))
        p_neg = sigmoid(u_n @ v_c)
        total += -np.log(p_pos + 1e-10) - np.sum(np.log(1.0 - p_neg + 1e-10))
        g_pos = p_pos - 1.0  # bp: error F1
        g_neg = p_neg
        grad_v = g_pos * u_o + g_neg @ u_n  # bp: F2
        grad_uo = g_pos * v_c  # bp: F3
        grad_un = np.outer(g_neg, v_c)  # bp: F3
        W_out[o] -= lr * grad_uo  # bp: update
        W_out[negs] -= lr * grad_un  # bp: update
        W_in[c] -= lr * grad_v  # bp: update
    print("epoch", epoch, "loss", round(total / len(pairs), 4))
