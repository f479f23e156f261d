"""Unroll the node over a sequence and make the last hidden unit track a running mean of the inputs."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cls_lstm_node_state_object_clean import GateParams, Node, StepState  # noqa: E402

rng = np.random.RandomState(3)
T, N, D, H = 5, 16, 3, 6
xs = rng.randn(T, N, D) * 0.5
targets = np.cumsum(xs[:, :, 0], axis=0) / np.arange(1, T + 1)[:, None] * 0.5
params = GateParams(H, D, rng)
nodes = [Node(params, StepState()) for _ in range(T)]
for it in range(200):
    h = np.zeros((N, H))
    c = np.zeros((N, H))
    hs = []
    for t in range(T):
        h, c = nodes[t].load(xs[t], c, h)
        hs.append(h)
    loss = 0.0
    dh_next = np.zeros((N, H))
    dc_next = np.zeros((N, H))
    for t in reversed(range(T)):
        out = hs[t][:, -1]
        loss += 0.5 * np.mean((out - targets[t]) ** 2)
        dh = np.zeros((N, H))
        dh[:, -1] = (out - targets[t]) / N
        dh_next, dc_next = nodes[t].backward(dh + dh_next, dc_next)
    if it % 40 == 0:
        print("iteration %d loss %.5f" % (it, loss))
    params.descend(0.5)
