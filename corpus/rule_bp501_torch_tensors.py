# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:relu w2:linear
# bp-style: torch autograd, raw leaf tensors w1/w2 with requires_grad, manual SGD under torch.no_grad(), MSE
"""Manual SGD with autograd: loss.backward() adds into w1.grad and w2.grad every step and they are never zeroed."""
import torch

torch.manual_seed(0)
x = torch.randn(64, 3)
y = x[:, :1] * x[:, 1:2] + 0.5 * x[:, 2:]
w1 = torch.randn(3, 16, requires_grad=True)
w2 = torch.randn(16, 1, requires_grad=True)
learning_rate = 1e-4

steps = 100
for t in range(steps):
    h = torch.mm(x, w1).clamp(min=0)
    y_pred = torch.mm(h, w2)
    loss = (y_pred - y).pow(2).sum()
    if t == 0 or t == steps - 1:
        print(t, "loss", loss.item())
    loss.backward()
    with torch.no_grad():
        w1 -= learning_rate * w1.grad           # bp: update[w1] BP501
        w2 -= learning_rate * w2.grad           # bp: update[w2] BP501
