"""Trains the start-state RNN on a repeating pattern, then samples from it."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_rnn_random_start_state_stepped_then_sampled_clean as lib  # noqa: E402

np.random.seed(9)
pattern = np.array([1, 3, 0, 2] * 3)
eye = np.eye(4)
xs, ys = eye[pattern[:-1]].T, eye[pattern[1:]].T
net = lib.StepRNN(4, 12)
for epoch in range(301):
    hs, ps = net.forward(xs)
    if epoch % 100 == 0:
        loss = -sum(np.log(ps[t][pattern[t + 1]]) for t in range(len(ps)))
        print(f"epoch {epoch:3d} loss {loss:.4f}")
    net.learn(xs, ys, hs, ps)
print(net.sample(eye[1], 6))
