"""Trains a linear softmax classifier with the joined loss of loss_softmax_xent_joined_library_clean, handing its
backward the probabilities, as a layers-and-objects training loop does."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import loss_softmax_xent_joined_library_clean as lib  # noqa: E402

rng = np.random.default_rng(8)
X = rng.normal(size=(240, 3))
y = np.argmax(X @ rng.normal(size=(3, 4)), axis=1)
W = np.zeros((3, 4))
b = np.zeros(4)
head = lib.SoftmaxWithCrossEntropy()
for epoch in range(300):
    loss = head.forward(X @ W + b, y)
    d = head.backward(head.output, y)
    W -= 0.5 * X.T @ d
    b -= 0.5 * d.sum(axis=0)
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")
print(f"final loss {loss:.4f}")
