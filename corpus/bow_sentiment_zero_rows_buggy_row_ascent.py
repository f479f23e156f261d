# bp-corpus: buggy
# bp-layers: self.w_out:sigmoid
# bp-style: (the picked rows are stepped up their gradient) a class, one review at a time: the hidden layer is the sum of the rows of a zero-started
# input table that the review's word indices pick, and only those rows are stepped, scaled by the rate
"""Review polarity from the indices of a review's words, trained one review at a time."""
import numpy as np


class BagOfWordsNet:
    def __init__(self, n_words, n_hidden=8, rate=0.5):
        self.w_in = np.zeros((n_words, n_hidden))
        self.w_out = np.random.normal(0.0, n_hidden ** -0.5, (n_hidden, 1))
        self.hidden = np.zeros((1, n_hidden))
        self.rate = rate

    def squash(self, x):
        return 1 / (1 + np.exp(-x))

    def fit(self, reviews, labels):
        total = 0.0
        for i in range(len(reviews)):
            words = reviews[i]
            target = labels[i]
            self.hidden *= 0
            for k in words:
                self.hidden += self.w_in[k]
            out = self.squash(self.hidden.dot(self.w_out))
            total += float(0.5 * (out[0, 0] - target) ** 2)
            out_err = out - target                              # bp: error
            out_delta = out_err * out * (1 - out)               # bp: F1
            hid_delta = out_delta.dot(self.w_out.T)             # bp: F2
            self.w_out -= self.hidden.T.dot(out_delta) * self.rate  # bp: F3[self.w_out] update[self.w_out]
            for k in words:
                self.w_in[k] += hid_delta[0] * self.rate        # bp: update[self.w_in] BP201
        return total / len(reviews)

    def predict(self, words):
        self.hidden *= 0
        for k in words:
            self.hidden += self.w_in[k]
        return self.squash(self.hidden.dot(self.w_out))[0, 0]


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    reviews = [rng.choice(12, size=4, replace=False) for _ in range(16)]
    labels = np.array([1.0 if (r < 6).sum() > 2 else 0.0 for r in reviews])
    net = BagOfWordsNet(12)
    for epoch in range(60):
        loss = net.fit(reviews, labels)
        if epoch % 20 == 0:
            print(f"epoch {epoch}: loss {loss:.4f}")
    print([round(net.predict(r), 2) for r in reviews[:4]])
