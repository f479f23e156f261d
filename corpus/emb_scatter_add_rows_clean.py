"""A word-embedding classifier trained by hand: the embedding's rows are looked up by index, and its
gradient is scattered back into those rows with np.add.at (several samples may share a word)."""
# bp-corpus: clean
# bp-style: script, row convention, an embedding table gathered by an index array (W_embed[words]) feeding a softmax layer, dW_embed made by np.zeros_like and filled with np.add.at(dW_embed, words, dh), plain SGD on all three parameters
import numpy as np


def softmax_rows(scores):
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


np.random.seed(0)
vocab, dim, classes = 12, 5, 3
words = np.random.randint(0, vocab, size=40)
n = len(words)
labels = words % classes
W_embed = np.random.normal(0, 0.1, (vocab, dim))
W_out = np.random.normal(0, 0.1, (dim, classes))
b_out = np.zeros(classes)
step = 1.0

for it in range(301):
    h = W_embed[words]
    scores = h @ W_out + b_out
    probs = softmax_rows(scores)
    loss = -np.log(probs[np.arange(n), labels]).mean()
    dscores = probs.copy()  # bp: error
    dscores[np.arange(n), labels] -= 1  # bp: error F1
    dscores /= n  # bp: error
    dW_out = h.T @ dscores  # bp: F3[W_out]
    db_out = dscores.sum(axis=0)  # bp: F3[b_out]
    dh = dscores @ W_out.T  # bp: F2
    dW_embed = np.zeros_like(W_embed)
    np.add.at(dW_embed, words, dh)  # bp: F3[W_embed]
    W_out -= step * dW_out  # bp: update[W_out]
    b_out -= step * db_out  # bp: update[b_out]
    W_embed -= step * dW_embed  # bp: update[W_embed]
    if it % 100 == 0:
        print("iteration", it, "loss", round(float(loss), 5))
