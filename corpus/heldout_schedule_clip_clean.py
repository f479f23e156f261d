"""Leaky-ReLU regressor with a warmup + cosine learning-rate schedule and clipping by global gradient norm."""
# bp-corpus: clean
# bp-layers: params['A']:leaky_relu params['B']:linear
# bp-style: row convention, params and grad_buffer dicts, global-norm clipping, update through dict-value aliases
import math

import numpy as np

rng = np.random.default_rng(42)
n, d, h = 200, 3, 24
X = rng.normal(size=(n, d))
Y = (np.tanh(X @ np.array([[1.0], [-2.0], [0.5]])) + 0.3 * X[:, :1] ** 2)

params = {
    'A': rng.normal(0.0, 0.6, (d, h)),
    'a': np.zeros(h),
    'B': rng.normal(0.0, 0.3, (h, 1)),
    'b': np.zeros(1),
}
grad_buffer = {k: np.zeros_like(v) for k, v in params.items()}
SLOPE = 0.1
MAX_NORM = 1.0
TOTAL, WARMUP, PEAK = 500, 25, 0.1


def rate_at(t):
    if t < WARMUP:
        return PEAK * (t + 1) / WARMUP
    frac = (t - WARMUP) / (TOTAL - WARMUP)
    return 0.05 * PEAK + 0.95 * PEAK * 0.5 * (1.0 + math.cos(math.pi * frac))


for t in range(TOTAL):
    u = X @ params['A'] + params['a']
    z = np.where(u > 0, u, SLOPE * u)
    pred = z @ params['B'] + params['b']
    mse = float(np.mean((pred - Y) ** 2))
    if t % 100 == 0 or t == TOTAL - 1:
        print(f"step {t:3d} lr {rate_at(t):.4f} loss {mse:.5f}")

    e = 2.0 * (pred - Y) / n                                    # bp: error
    grad_buffer['B'] = z.T @ e                                  # bp: F3[params['B']]
    grad_buffer['b'] = e.sum(axis=0)                            # bp: F3[params['b']]
    dz = e @ params['B'].T                                      # bp: F2
    du = np.where(u > 0, dz, SLOPE * dz)                        # bp: F1
    grad_buffer['A'] = X.T @ du                                 # bp: F3[params['A']]
    grad_buffer['a'] = du.sum(axis=0)                           # bp: F3[params['a']]

    # one norm over every tensor, so the direction of the full step is kept
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grad_buffer.values()))
    if norm > MAX_NORM:
        for k in grad_buffer:
            grad_buffer[k] *= MAX_NORM / norm

    lr_t = rate_at(t)
    for k, v in params.items():
        v -= lr_t * grad_buffer[k]                              # bp: update
