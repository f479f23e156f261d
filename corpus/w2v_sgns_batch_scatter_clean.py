# bp-corpus: clean
# bp-style: skip-gram word2vec with negative sampling as a class over mini-batches in NumPy: the tables are
# `self.input_embeddings` and `self.output_embeddings`; scores are row-wise dot products written as sums of
# products (`np.sum(center * context, axis=1)`, and with the negatives broadcast on a new axis); the cost is
# written stably with `np.logaddexp`; the positive pairs' error is `sigmoid(scores) - 1`; the gradients of the
# picked rows are summed into full-size buffers with `np.add.at`, averaged, then subtracted
"""Word vectors for a toy corpus of word pairs that always follow each other, trained on batches of
pairs with four negative samples each."""
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


class SkipGram:
    def __init__(self, vocab, dim, seed=0):
        rng = np.random.RandomState(seed)
        self.input_embeddings = rng.normal(0.0, 0.1, (vocab, dim))
        self.output_embeddings = rng.normal(0.0, 0.1, (vocab, dim))

    def step(self, centers, contexts, negatives, lr):
        center = self.input_embeddings[centers]
        context = self.output_embeddings[contexts]
        negative = self.output_embeddings[negatives]
        pos_scores = np.sum(center * context, axis=1)
        neg_scores = np.sum(negative * center[:, None, :], axis=2)
        loss = np.mean(np.logaddexp(0.0, -pos_scores) + np.sum(np.logaddexp(0.0, neg_scores), axis=1))

        d_pos = sigmoid(pos_scores) - 1.0  # bp: error F1
        d_neg = sigmoid(neg_scores)
        grad_center = d_pos[:, None] * context + np.sum(d_neg[:, :, None] * negative, axis=1)  # bp: F2
        grad_context = d_pos[:, None] * center  # bp: F3
        grad_negative = d_neg[:, :, None] * center[:, None, :]  # bp: F3

        grad_in = np.zeros_like(self.input_embeddings)
        grad_out = np.zeros_like(self.output_embeddings)
        np.add.at(grad_in, centers, grad_center)  # bp: F3
        np.add.at(grad_out, contexts, grad_context)  # bp: F3
        np.add.at(grad_out, negatives.reshape(-1), grad_negative.reshape(-1, grad_negative.shape[2]))  # bp: F3
        n = len(centers)
        self.input_embeddings -= lr * grad_in / n  # bp: update
        self.output_embeddings -= lr * grad_out / n  # bp: update
        return loss


if __name__ == "__main__":
    rng = np.random.RandomState(3)
    vocab = 30
    model = SkipGram(vocab, 8)
    centres = rng.randint(0, vocab, 4000)
    partners = (centres * 7 + 3) % vocab
    for epoch in range(6):
        total = 0.0
        for start in range(0, len(centres), 50):
            c = centres[start:start + 50]
            negs = rng.randint(0, vocab, (len(c), 4))
            total += model.step(c, partners[start:start + 50], negs, lr=1.0)
        print("epoch", epoch, "loss", round(total / (len(centres) // 50), 4))
