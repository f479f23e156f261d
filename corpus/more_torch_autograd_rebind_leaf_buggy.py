# bp-corpus: buggy
# bp-layers: w1:tanh w2:linear
# bp-requires: torch
# bp-style: torch autograd on raw leaf tensors, row convention, tanh hidden, linear output with MSE, updates under torch.no_grad(); the output weight is stepped as w2 = w2 - lr * w2.grad, which rebinds the name to a new tensor that no longer requires grad, so w2 gets one step and then stays frozen (the None guard hides the crash)
"""Autograd regressor where one update rebinds the weight instead of modifying the leaf in place."""
import torch

torch.manual_seed(8)

# a cubic with a little noise, sampled on a regular grid
X = torch.linspace(-2, 2, 100).view(-1, 1)
Y = X ** 3 / 4 - X + 0.05 * torch.randn(100, 1)

w1 = torch.randn(1, 24, requires_grad=True)
b1 = torch.zeros(24, requires_grad=True)
w2 = (0.2 * torch.randn(24, 1)).requires_grad_()
b2 = torch.zeros(1, requires_grad=True)
lr = 0.05

for it in range(200):
    hidden = torch.tanh(X @ w1 + b1)
    out = hidden @ w2 + b2
    loss = ((out - Y) ** 2).mean()
    if it % 50 == 0 or it == 199:
        print("iter", it, "loss", round(loss.item(), 5))

    loss.backward()
    with torch.no_grad():
        w1 -= lr * w1.grad  # bp: update[w1]
        b1 -= lr * b1.grad  # bp: update[b1]
        b2 -= lr * b2.grad  # bp: update[b2]
        # guard added after a "NoneType" crash on the second iteration
        if w2.grad is not None:
            w2 = w2 - lr * w2.grad  # bp: update[w2] BP502

    for tensor in (w1, b1, w2, b2):
        tensor.grad = None

with torch.no_grad():
    final = ((torch.tanh(X @ w1 + b1) @ w2 + b2 - Y) ** 2).mean().item()
print("w2 still a leaf that requires grad:", w2.requires_grad)
print("final loss", round(final, 5))
