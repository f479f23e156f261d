# bp-corpus: clean
# bp-style: a toy set of four points, one class each, so the one-hot targets are the identity matrix `T = np.eye(4)`; row convention, a tanh hidden layer, softmax with cross-entropy; the identity is the targets by its name, not a softmax Jacobian (twenty-fourth probe)
# bp-layers: U:tanh V:softmax
"""Four points, four classes: the smallest classification set there is."""
import numpy as np

rng = np.random.default_rng(4)
P = np.array([[0.0, 0.2], [0.9, 0.1], [0.2, 1.0], [1.0, 0.8]])
T = np.eye(4)
U = rng.normal(0, 0.5, (2, 6))
c = np.zeros((1, 6))
V = rng.normal(0, 0.5, (6, 4))
e = np.zeros((1, 4))
step = 0.5

for it in range(401):
    h = np.tanh(P @ U + c)
    s = h @ V + e
    s = s - s.max(axis=1, keepdims=True)
    q = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    if it % 100 == 0:
        print("iteration %d loss %.5f" % (it, -np.mean(np.log(np.sum(q * T, axis=1)))))
    g = (q - T) / len(P)  # bp: error F1
    gV = h.T @ g  # bp: F3[V]
    ge = g.sum(axis=0, keepdims=True)  # bp: F3
    gh = (g @ V.T) * (1 - h ** 2)  # bp: F2 F1
    gU = P.T @ gh  # bp: F3[U]
    gc = gh.sum(axis=0, keepdims=True)  # bp: F3
    V -= step * gV  # bp: update[V]
    e -= step * ge  # bp: update[e]
    U -= step * gU  # bp: update[U]
    c -= step * gc  # bp: update[c]
