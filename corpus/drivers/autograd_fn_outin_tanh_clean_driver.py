"""Fits a 1-D wiggle with the custom-Function tanh MLP and plain SGD."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import autograd_fn_outin_tanh_clean as mod  # noqa: E402

gen = torch.Generator().manual_seed(123)
x = torch.linspace(-2, 2, 200, dtype=torch.float64).unsqueeze(1)
target = torch.sin(2.5 * x) + 0.3 * x

net = mod.TanhMLP([1, 24, 24, 1], gen)
lr = 0.1
for it in range(801):
    loss = ((net(x) - target) ** 2).mean()
    if it % 200 == 0:
        print("it", it, "loss", f"{loss.item():.5f}")
    for p in net.parameters():
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in net.parameters():
            p.sub_(lr * p.grad)
