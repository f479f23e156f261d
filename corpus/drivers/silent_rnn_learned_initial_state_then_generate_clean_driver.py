"""Trains with the code of silent_rnn_learned_initial_state_then_generate_clean.py: learns to continue a repeating four-symbol pattern, then generates from its learned start state."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import silent_rnn_learned_initial_state_then_generate_clean as lib  # noqa: E402

rng = np.random.default_rng(8)
pattern = np.array([0, 2, 1, 3] * 4)
eye = np.eye(4)
xs, ys = eye[pattern[:-1]].T, eye[pattern[1:]].T
net = lib.PatternRNN(4, 10, rng)
for epoch in range(301):
    hs, ps = net.forward(xs)
    if epoch % 100 == 0:
        loss = -sum(np.log(ps[t][pattern[t + 1]]) for t in range(len(ps)))
        print(f"epoch {epoch:3d} loss {loss:.4f}")
    net.backward(xs, ys, hs, ps, 0.1)
print(net.generate(0, 7))
