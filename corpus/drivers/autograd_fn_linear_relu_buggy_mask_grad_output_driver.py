"""Trains a two-layer classifier whose layers are the custom autograd Functions."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import autograd_fn_linear_relu_buggy_mask_grad_output as fn  # noqa: E402

torch.manual_seed(0)
N, D, H, C = 256, 6, 32, 3
X = torch.randn(N, D, dtype=torch.float64)
labels = (X[:, 0] > 0).long() + (X[:, 1] > 0.5).long()

w1 = (torch.randn(D, H, dtype=torch.float64) * 0.4).requires_grad_()
b1 = torch.zeros(H, dtype=torch.float64, requires_grad=True)
w2 = (torch.randn(H, C, dtype=torch.float64) * 0.2).requires_grad_()
b2 = torch.zeros(C, dtype=torch.float64, requires_grad=True)
params = [w1, b1, w2, b2]
lr = 0.2

for step in range(301):
    scores = fn.linear(fn.relu(fn.linear(X, w1, b1)), w2, b2)
    loss = torch.nn.functional.cross_entropy(scores, labels)
    if step % 100 == 0:
        print(f"step {step} loss {loss.item():.4f}")
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad.zero_()
