# bp-corpus: clean
# bp-layers: w_in:sigmoid w_out:sigmoid
# bp-style: script, one sample at a time, row vectors; one output unit, so the output weight is a 1-D
# vector and the output delta a number: np.dot(d_out, w_out) needs no transpose (a 1-D array is its own)
import numpy as np

rng = np.random.default_rng(11)
samples = rng.random((60, 3))
labels = (samples.sum(axis=1) > 1.5).astype(float) * 0.8 + 0.1
w_in = rng.normal(0.0, 0.5, (3, 6))
w_out = rng.normal(0.0, 0.5, 6)
rate = 0.5

for epoch in range(200):
    total = 0.0
    for x, t in zip(samples, labels):
        h = 1 / (1 + np.exp(-np.dot(x, w_in)))
        o = 1 / (1 + np.exp(-np.dot(h, w_out)))
        total += 0.5 * (t - o) ** 2
        d_out = (t - o) * o * (1 - o)                                # bp: error F1
        err_h = np.dot(d_out, w_out)                                 # bp: F2
        d_h = err_h * h * (1 - h)                                    # bp: F1
        g_out = d_out * h                                            # bp: F3[w_out]
        g_in = np.outer(x, d_h)                                      # bp: F3[w_in]
        w_out += rate * g_out                                        # bp: update[w_out]
        w_in += rate * g_in                                          # bp: update[w_in]
    if epoch % 50 == 0 or epoch == 199:
        print(f"epoch {epoch} loss {total / len(samples):.5f}")
