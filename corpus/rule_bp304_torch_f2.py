# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:tanh w2:sigmoid
# bp-style: torch tensors without autograd (torch.mm), square w2, inline F2*F1, biases, SSE, error = output - target
"""Torch formula 2 without .t(): torch.mm(d2, w2) runs only because w2 is square."""
import torch

torch.manual_seed(17)
data = torch.randn(70, 2)
target = torch.stack([data[:, 0] > 0, data[:, 1] > 0, data[:, 0] * data[:, 1] > 0], dim=1).float()
w1 = torch.randn(2, 3) * 0.5
b1 = torch.zeros(1, 3)
w2 = torch.randn(3, 3) * 0.5
b2 = torch.zeros(1, 3)
lr = 0.02

n_epochs = 400
for epoch in range(n_epochs):
    hidden = torch.tanh(torch.mm(data, w1) + b1)
    output = torch.sigmoid(torch.mm(hidden, w2) + b2)
    loss = ((output - target) ** 2).sum()
    if epoch == 0 or epoch == n_epochs - 1:
        print(f"epoch {epoch}: loss {loss.item():.4f}")

    d2 = (output - target) * output * (1 - output)      # bp: error F1
    d1 = torch.mm(d2, w2) * (1 - hidden ** 2)           # bp: F2 F1 BP304
    w2 -= lr * torch.mm(hidden.t(), d2)                 # bp: F3[w2] update[w2]
    b2 -= lr * d2.sum(0, keepdim=True)                  # bp: F3[b2] update[b2]
    w1 -= lr * torch.mm(data.t(), d1)                   # bp: F3[w1] update[w1]
    b1 -= lr * d1.sum(0, keepdim=True)                  # bp: F3[b1] update[b1]
