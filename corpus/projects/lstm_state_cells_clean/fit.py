"""Fit five numbers, one per time step, with the first hidden unit of an LSTM chain."""
# bp-corpus: clean
# bp-style: driver beside its module (from cells import Chain, Weights), a loss class with classmethods loss/diff handed to the chain, literal list of target numbers, one full pass per epoch then Weights.step
import numpy as np

from cells import Chain, Weights


class FirstUnitSquare:
    @classmethod
    def loss(cls, pred, label):
        return (pred[0] - label) ** 2

    @classmethod
    def diff(cls, pred, label):
        g = np.zeros_like(pred)
        g[0] = 2 * (pred[0] - label)  # bp: error
        return g


def main():
    np.random.seed(4)
    weights = Weights(24, 8)
    chain = Chain(weights)
    ys = [0.3, -0.2, 0.6, 0.1, -0.4]
    xs = [np.random.random(8) for _ in ys]
    for epoch in range(150):
        for x in xs:
            chain.push(x)
        total = chain.score_against(ys, FirstUnitSquare)            # bp: F2
        if epoch % 25 == 0:
            print("epoch %d loss %.6f" % (epoch, total))
        weights.step(rate=0.05)                                     # bp: update
        chain.clear()


if __name__ == "__main__":
    main()
