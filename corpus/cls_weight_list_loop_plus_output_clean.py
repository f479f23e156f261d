# bp-corpus: clean
# bp-style: class, row vectors, one sample at a time; the hidden weights are drawn by an append loop and
# the output weight by one more append after it, all in one list the training loop walks by index
import numpy as np


def squash(v):
    return 1.0 / (1.0 + np.exp(-v))


class Stack:
    def __init__(self, dims, rng):
        self.mats = []
        for k in range(1, len(dims) - 1):
            w = rng.normal(0.0, 0.8, (dims[k - 1], dims[k]))
            self.mats.append(w)
        w = rng.normal(0.0, 0.8, (dims[-2], dims[-1]))
        self.mats.append(w)

    def train(self, X, T, step, rounds, rng):
        for r in range(rounds):
            j = rng.integers(X.shape[0])
            outs = [X[j]]
            for m in range(len(self.mats)):
                outs.append(squash(np.dot(outs[m], self.mats[m])))
            miss = T[j] - outs[-1]                                            # bp: error
            deltas = [miss * outs[-1] * (1 - outs[-1])]                       # bp: F1
            for m in range(len(outs) - 2, 0, -1):
                back = deltas[-1].dot(self.mats[m].T)                         # bp: F2
                deltas.append(back * outs[m] * (1 - outs[m]))                 # bp: F1
            deltas.reverse()
            for m in range(len(self.mats)):
                inp = np.atleast_2d(outs[m])
                grad = inp.T.dot(np.atleast_2d(deltas[m]))                    # bp: F3
                self.mats[m] += step * grad                                   # bp: update
            if r % 2000 == 0 or r == rounds - 1:
                pred = X
                for mat in self.mats:
                    pred = squash(pred @ mat)
                print(f"round {r} loss {0.5 * float(np.mean((T - pred) ** 2)):.5f}")


rng = np.random.default_rng(12)
X = rng.random((40, 3))
T = (X[:, :1] + X[:, 1:2] > 1.0).astype(float) * 0.8 + 0.1
net = Stack([3, 5, 4, 1], rng)
net.train(X, T, 0.5, 8000, rng)
