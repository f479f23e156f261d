# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:relu w2:linear
# bp-style: torch autograd, raw tensors, rebinding update w = w - lr * w.grad outside torch.no_grad(), retain_grad() to silence the non-leaf warning
"""Rebinding w1 = w1 - lr * w1.grad makes the weights non-leaf tensors whose graph grows every step."""
import torch

torch.manual_seed(2)
x = torch.randn(64, 4)
y = x[:, :1] - 2 * x[:, 1:2] * x[:, 2:3] + x[:, 3:]
w1 = torch.randn(4, 12, requires_grad=True)
w2 = torch.randn(12, 1, requires_grad=True)
learning_rate = 1e-3

steps = 200
for step in range(steps):
    w1.grad = None
    w2.grad = None
    y_pred = torch.mm(torch.relu(torch.mm(x, w1)), w2)
    loss = ((y_pred - y) ** 2).mean()
    if step == 0 or step == steps - 1:
        print(f"step {step} loss {loss.item():.4f}")
    loss.backward()
    w1 = w1 - learning_rate * w1.grad           # bp: update[w1] BP502
    w2 = w2 - learning_rate * w2.grad           # bp: update[w2] BP502
    w1.retain_grad()
    w2.retain_grad()
