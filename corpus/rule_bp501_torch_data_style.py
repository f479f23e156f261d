# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:sigmoid w2:sigmoid
# bp-style: torch autograd, old-style .data updates with .grad.data, biases, w1/b1 grads zeroed but w2/b2 forgotten, BCE
"""Old-style .data updates: w1 and b1 have their gradients zeroed after the step, w2 and b2 never do."""
import torch

torch.manual_seed(8)
x = torch.randn(90, 4)
y = ((x[:, 0] - x[:, 1] * x[:, 2]) > 0).float().unsqueeze(1)
w1 = torch.randn(4, 6, requires_grad=True)
b1 = torch.zeros(6, requires_grad=True)
w2 = torch.randn(6, 1, requires_grad=True)
b2 = torch.zeros(1, requires_grad=True)
lr = 0.01

iterations = 150
for it in range(iterations):
    a1 = torch.sigmoid(x.mm(w1) + b1)
    out = torch.sigmoid(a1.mm(w2) + b2)
    loss = -(y * torch.log(out) + (1 - y) * torch.log(1 - out)).mean()
    if it == 0 or it == iterations - 1:
        print(f"iter {it} loss {loss.item():.4f}")
    loss.backward()
    w1.data -= lr * w1.grad.data                # bp: update[w1]
    b1.data -= lr * b1.grad.data                # bp: update[b1]
    w2.data -= lr * w2.grad.data                # bp: update[w2] BP501
    b2.data -= lr * b2.grad.data                # bp: update[b2] BP501
    w1.grad.data.zero_()
    b1.grad.data.zero_()
