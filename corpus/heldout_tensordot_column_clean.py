"""Column-major (features x batch) two-layer net written with np.tensordot; transposes live in the axes= argument."""
# bp-corpus: clean
# bp-layers: theta_hidden:sigmoid theta_out:sigmoid
# bp-style: column convention, np.tensordot with explicit axes instead of .T, helper names gate/gate_slope
import numpy as np


def gate(v):
    return 1.0 / (1.0 + np.exp(-v))


def gate_slope(s):
    # s is the gate's output, not its input
    return s * (1.0 - s)


rng = np.random.default_rng(5)
D, H, N = 4, 9, 160
A0 = rng.normal(size=(D, N))                                # one sample per column
T = ((A0[0] * A0[1] > 0) ^ (A0[2] > 0.5)).astype(float)[None, :]

theta_hidden = rng.normal(0.0, 0.8, (H, D))
bias_hidden = np.zeros((H, 1))
theta_out = rng.normal(0.0, 0.8, (1, H))
bias_out = np.zeros((1, 1))
alpha = 1.0

for sweep in range(1200):
    A1 = gate(np.tensordot(theta_hidden, A0, axes=1) + bias_hidden)
    P = gate(np.tensordot(theta_out, A1, axes=1) + bias_out)
    xent = -np.mean(T * np.log(P + 1e-9) + (1.0 - T) * np.log(1.0 - P + 1e-9))
    if sweep % 300 == 0 or sweep == 1199:
        print("sweep", sweep, "loss", f"{xent:.5f}")

    delta_out = P - T                                                   # bp: error F1
    g_theta_out = np.tensordot(delta_out, A1, axes=([1], [1])) / N      # bp: F3[theta_out]
    g_bias_out = delta_out.sum(axis=1, keepdims=True) / N               # bp: F3[bias_out]
    sent_back = np.tensordot(theta_out, delta_out, axes=([0], [0]))     # bp: F2
    delta_hidden = sent_back * gate_slope(A1)                           # bp: F1
    g_theta_hidden = np.tensordot(delta_hidden, A0, axes=([1], [1])) / N  # bp: F3[theta_hidden]
    g_bias_hidden = delta_hidden.sum(axis=1, keepdims=True) / N         # bp: F3[bias_hidden]

    theta_out -= alpha * g_theta_out                                    # bp: update[theta_out]
    bias_out -= alpha * g_bias_out                                      # bp: update[bias_out]
    theta_hidden -= alpha * g_theta_hidden                              # bp: update[theta_hidden]
    bias_hidden -= alpha * g_bias_hidden                                # bp: update[bias_hidden]
