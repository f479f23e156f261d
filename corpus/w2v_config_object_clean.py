# bp-corpus: clean
# bp-style: skip-gram word2vec with negative sampling as a class handed a config object (a @dataclass Config with
# emb_dim, vocab_size, learning_rate, k, seed); __init__ draws self.W_in with self.rng.uniform(-0.5 /
# self.config.emb_dim, 0.5 / self.config.emb_dim, size=(vocab_size, emb_dim)) from np.random.default_rng(config.seed)
# and starts W_out at zeros; _train_step(center, context) copies the picked rows (.copy()), takes error = prob_pos -
# 1, grad_h = error * v_pos plus the negatives' share, steps self.W_out[context] -= lr * error * h in one statement,
# scatters the negatives' step with np.add.at and steps self.W_in[center] -= lr * grad_h
"""Word vectors for a toy corpus in which every word is followed by the next one round a ring, trained pair by pair
with k negative samples drawn uniformly; every setting comes from one config object."""
from dataclasses import dataclass

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class Config:
    emb_dim: int = 10
    vocab_size: int = 40
    learning_rate: float = 0.1
    k: int = 5
    seed: int = 0


class SkipGramNS:
    def __init__(self, config):
        self.config = config
        self.rng = np.random.default_rng(config.seed)
        self.W_in = self.rng.uniform(-0.5 / self.config.emb_dim, 0.5 / self.config.emb_dim,
                                     size=(self.config.vocab_size, self.config.emb_dim))
        self.W_out = np.zeros((self.config.vocab_size, self.config.emb_dim))

    def _train_step(self, center, context):
        lr = self.config.learning_rate
        negatives = self.rng.integers(0, self.config.vocab_size, self.config.k)
        h = self.W_in[center].copy()
        v_pos = self.W_out[context].copy()
        v_neg = self.W_out[negatives].copy()

        prob_pos = sigmoid(np.dot(h, v_pos))
        prob_neg = sigmoid(v_neg @ h)
        loss = -np.log(prob_pos + 1e-10) - np.sum(np.log(1.0 - prob_neg + 1e-10))

        error = prob_pos - 1  # bp: error F1
        grad_h = error * v_pos  # bp: F2
        grad_h += prob_neg @ v_neg  # bp: F2
        self.W_out[context] -= lr * error * h  # bp: F3 update
        grad_neg = np.outer(prob_neg, h)  # bp: F3
        np.add.at(self.W_out, negatives, -lr * grad_neg)  # bp: update
        self.W_in[center] -= lr * grad_h  # bp: update
        return loss

    def train(self, pairs, epochs):
        for epoch in range(epochs):
            total = 0.0
            for center, context in pairs:
                total += self._train_step(center, context)
            print(f"epoch {epoch} loss {total / len(pairs):.4f}")


config = Config(emb_dim=10, vocab_size=40, learning_rate=0.1, k=5, seed=7)
data_rng = np.random.default_rng(3)
centres = data_rng.integers(0, config.vocab_size, 1500)
pairs = [(int(c), int((c + 1) % config.vocab_size)) for c in centres]
model = SkipGramNS(config)
model.train(pairs, epochs=4)
