# bp-corpus: clean
# bp-layers: w:sigmoid
# bp-style: functions, one sample at a time with the gradients summed over the epoch: the weight gradient an
# outer product of the sample and its error, the bias gradient a running sum written `g = g + err`, both
# averaged into one step per epoch
"""Is a point inside the unit circle? Logistic regression on squared features."""
import numpy as np


def features(points):
    return np.c_[points, points ** 2]


def fit(F, t, rate=1.0, epochs=200):
    rng = np.random.default_rng(5)
    w = rng.normal(0.0, 0.1, (F.shape[1], 1))
    c = 0.0
    for epoch in range(epochs):
        grad_sum_w = np.zeros_like(w)
        grad_sum_c = 0.0
        total = 0.0
        for f, target in zip(F, t):
            q = 1.0 / (1.0 + np.exp(-(f @ w + c)))
            total -= target * np.log(q[0] + 1e-12) + (1 - target) * np.log(1 - q[0] + 1e-12)
            err = q - target                                       # bp: error F1
            grad_sum_w = grad_sum_w + np.outer(f, err)             # bp: F3[w]
            grad_sum_c = grad_sum_c + err                          # bp: F3[c]
        w = w - rate * grad_sum_w / len(F)                         # bp: update[w]
        c = c - rate * grad_sum_c / len(F)                         # bp: update[c]
        if epoch % 50 == 0 or epoch == epochs - 1:
            print(f"epoch {epoch} loss {total / len(F):.4f}")
    return w, c


if __name__ == "__main__":
    rng = np.random.default_rng(2)
    P = rng.uniform(-1.5, 1.5, (200, 2))
    t = (np.sum(P ** 2, axis=1) < 1.0).astype(float)
    fit(features(P), t)
