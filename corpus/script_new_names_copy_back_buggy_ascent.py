# bp-corpus: buggy
# bp-layers: V:sigmoid u:sigmoid
# bp-style: plain script, XOR, one sample at a time; starting weights written as literal arrays, a 1-D output
# weight vector u and a scalar output bias d; every step is written into a new name (new_V = V - rate * ...)
# and the four are copied back at once with one tuple assignment; the hidden delta is one product
# g1 = g2 * u * h * (1 - h) (formula 2 through the 1-D weight, then sigmoid's derivative); the output
# weight's step adds its gradient (new_u = u + rate * g2 * h, with g2 from y - t: ascent, BP201)
"""XOR with three sigmoid hidden units: each sample's step is computed from the old weights into
new_V, new_c, new_u, new_d, which replace the old ones only after all four are known."""
import numpy as np


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


inputs = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
targets = np.array([0.0, 1.0, 1.0, 0.0])

V = np.array([[0.9, -0.7], [-0.6, 0.8], [0.5, 0.4]])
c = np.array([0.1, -0.2, 0.05])
u = np.array([0.7, -0.5, 0.3])
d = 0.0
rate = 0.8

for epoch in range(2000):
    sq = 0.0
    for x, t in zip(inputs, targets):
        h = sig(V @ x + c)
        y = sig(u @ h + d)
        sq += (y - t) ** 2
        g2 = (y - t) * y * (1 - y)  # bp: error F1
        g1 = g2 * u * h * (1 - h)  # bp: F2 F1
        new_V = V - rate * np.outer(g1, x)  # bp: F3 update[V]
        new_c = c - rate * g1  # bp: update[c]
        new_u = u + rate * g2 * h  # bp: F3 update[u] BP201
        new_d = d - rate * g2  # bp: update[d]
        V, c, u, d = new_V, new_c, new_u, new_d
    if epoch % 400 == 0 or epoch == 1999:
        print(f"epoch {epoch} loss {sq / 4:.5f}")
