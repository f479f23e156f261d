# bp-corpus: clean
# bp-style: forward expressions that look like an error (pattern 7): a Hopfield network whose unit update computes `activation = np.dot(w, x) - bias` per neuron (w a row of the weight matrix, bias a per-unit threshold), weights set once by the Hebbian outer-product rule (no gradient, no loss, nothing trained by descent); asynchronous recall of a corrupted pattern, the printed "loss" is the Hamming distance to the stored pattern (the energy, printed beside it, falls too)
"""Recall a stored pattern from a noisy copy with a Hopfield network."""
import numpy as np

rng = np.random.default_rng(13)

n_units, n_patterns = 64, 3
patterns = rng.choice([-1.0, 1.0], size=(n_patterns, n_units))

# Hebbian storage: one outer product per pattern, no self-connections
W = np.zeros((n_units, n_units))
for p in patterns:
    W += np.outer(p, p)
W /= n_units
np.fill_diagonal(W, 0.0)
bias = np.zeros(n_units)


def energy(state):
    return float(-0.5 * state @ W @ state + bias @ state)


target = patterns[0]
state = target.copy()
flip = rng.choice(n_units, size=18, replace=False)
state[flip] *= -1.0

print(f"sweep 0 loss {int(np.sum(state != target))} (hamming)  energy {energy(state):.4f}")
for sweep in range(1, 5):
    for i in rng.permutation(n_units):
        w = W[i]
        x = state
        activation = np.dot(w, x) - bias[i]
        state[i] = 1.0 if activation >= 0.0 else -1.0
    print(f"sweep {sweep} loss {int(np.sum(state != target))} (hamming)  energy {energy(state):.4f}")
