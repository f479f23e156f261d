"""Two-layer ReLU regressor whose weights are stored (out, in), like torch.nn.Linear: forward is X @ W.T."""
# bp-corpus: clean
# bp-layers: proj:relu readout:linear
# bp-style: row convention with weights stored transposed (out x in); F2 is delta @ W, F3 is delta.T @ input
import numpy as np

rng = np.random.default_rng(99)

n, d_in, d_hid, d_out = 128, 3, 20, 2
X = rng.normal(size=(n, d_in))
Y = np.stack([np.sin(X[:, 0]) + X[:, 1] * X[:, 2], np.cos(X[:, 1]) - 0.5 * X[:, 0]], axis=1)

# stored as (fan_out, fan_in)
proj = rng.normal(0.0, np.sqrt(2.0 / d_in), (d_hid, d_in))
proj_b = np.zeros(d_hid)
readout = rng.normal(0.0, np.sqrt(1.0 / d_hid), (d_out, d_hid))
readout_b = np.zeros(d_out)



def predict(inputs):
    hidden = np.maximum(inputs @ proj.T + proj_b, 0.0)
    return hidden @ readout.T + readout_b


X_val = rng.normal(size=(64, d_in))
Y_val = np.stack([np.sin(X_val[:, 0]) + X_val[:, 1] * X_val[:, 2], np.cos(X_val[:, 1]) - 0.5 * X_val[:, 0]], axis=1)

lr = 0.05
for t in range(600):
    h_pre = X @ proj.T + proj_b
    h = np.maximum(h_pre, 0.0)
    out = h @ readout.T + readout_b
    mse = ((out - Y) ** 2).sum(axis=1).mean()
    if t % 100 == 0 or t == 599:
        print(f"t={t:3d} loss {mse:.5f}")

    d_out = (out - Y) * (2.0 / n)                  # bp: error
    g_readout = d_out.T @ h                        # bp: F3[readout]
    g_readout_b = d_out.sum(0)                     # bp: F3[readout_b]
    d_h = d_out @ readout                          # bp: F2
    d_h[h <= 0] = 0.0                              # bp: F1
    g_proj = d_h.T @ X                             # bp: F3[proj]
    g_proj_b = d_h.sum(0)                          # bp: F3[proj_b]

    readout -= lr * g_readout                      # bp: update[readout]
    readout_b -= lr * g_readout_b                  # bp: update[readout_b]
    proj -= lr * g_proj                            # bp: update[proj]
    proj_b -= lr * g_proj_b                        # bp: update[proj_b]

val = ((predict(X_val) - Y_val) ** 2).sum(axis=1).mean()
print(f"validation error {val:.5f}")
