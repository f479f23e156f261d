# bp-corpus: buggy
# bp-layers: ctx_vecs:softmax
# bp-style: (the looked-up row is stepped up its gradient) functions, one (centre, context) pair at a time: the centre word's embedding is a row looked up by
# its index, the output matrix gets an outer-product gradient, and only the looked-up row is stepped in place
"""Word vectors for a tiny corpus: skip-gram with a full softmax over the vocabulary."""
import numpy as np


def pairs_of(ids, window=2):
    out = []
    for i, centre in enumerate(ids):
        for j in range(max(0, i - window), min(len(ids), i + window + 1)):
            if j != i:
                out.append((centre, ids[j]))
    return out


def softmax(scores):
    shifted = np.exp(scores - np.max(scores))
    return shifted / shifted.sum()


def train(pairs, n_words, dim=10, lr=0.05, epochs=30):
    rng = np.random.default_rng(11)
    word_vecs = rng.normal(0.0, 0.1, (n_words, dim))
    ctx_vecs = rng.normal(0.0, 0.1, (dim, n_words))
    for epoch in range(epochs):
        loss = 0.0
        for centre, context in pairs:
            v = word_vecs[centre]
            probs = softmax(v @ ctx_vecs)
            loss -= np.log(probs[context] + 1e-12)
            grad_scores = probs.copy()  # bp: error
            grad_scores[context] -= 1.0                     # bp: error F1
            grad_ctx = np.outer(v, grad_scores)             # bp: F3[ctx_vecs]
            grad_v = ctx_vecs @ grad_scores                 # bp: F2
            ctx_vecs -= lr * grad_ctx                       # bp: update[ctx_vecs]
            word_vecs[centre] += lr * grad_v                # bp: update[word_vecs] BP201
        if epoch % 10 == 0:
            print(f"epoch {epoch}: loss {loss / len(pairs):.3f}")
    return word_vecs


if __name__ == "__main__":
    # "the cat sat on the mat the dog sat on the log", each word by its index in the vocabulary
    sentence = [0, 1, 2, 3, 0, 4, 0, 5, 2, 3, 0, 6]
    train(pairs_of(sentence), 7)
