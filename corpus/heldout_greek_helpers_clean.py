"""ReLU hidden + sigmoid output, SSE, with Greek identifiers, a bias column folded into the input, and oddly named helpers."""
# bp-corpus: clean
# bp-layers: θ1:relu θ2:sigmoid
# bp-style: row convention, Unicode Greek names, activation helpers named squash/kink, error as target-minus-output, += updates
import numpy as np


def squash(v):
    return 1.0 / (1.0 + np.exp(-v))


def squash_tangent(s):
    # derivative of squash written with its output s
    return s - s * s


def kink(v):
    return np.maximum(v, 0.0)


def kink_slope(v):
    return (v > 0).astype(v.dtype)


def with_ones(a):
    return np.hstack([a, np.ones((a.shape[0], 1))])


rs = np.random.RandomState(8)
m = 96
X = rs.uniform(-1, 1, (m, 2))
T = (np.hypot(X[:, 0], X[:, 1]) < 0.7).astype(float).reshape(-1, 1)
Xb = with_ones(X)

θ1 = rs.randn(3, 12) * 0.7          # last row acts as the hidden bias
θ2 = rs.randn(13, 1) * 0.3          # last row acts as the output bias
η = 0.02

for epoch in range(2000):
    φ_pre = Xb @ θ1
    φ = with_ones(kink(φ_pre))
    ψ = squash(φ @ θ2)
    sse = 0.5 * np.sum((T - ψ) ** 2)
    if epoch % 400 == 0 or epoch == 1999:
        print("epoch %4d loss %.4f" % (epoch, sse))

    miss = T - ψ                                           # bp: error
    δ2 = squash_tangent(ψ) * miss                          # bp: F1
    δ1 = (δ2 @ θ2[:-1].T
          ) * kink_slope(φ_pre)                            # bp: F2 F1
    θ2 += η * φ.T @ δ2                                     # bp: F3[θ2] update[θ2]
    θ1 += η * Xb.T @ δ1                                    # bp: F3[θ1] update[θ1]
