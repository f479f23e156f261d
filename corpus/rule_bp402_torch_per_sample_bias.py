# bp-corpus: buggy
# bp-requires: torch
# bp-layers: W1:sigmoid W2:sigmoid
# bp-style: torch tensors without autograd (torch.mm on 1-row slices), per-sample loop, biases, SSE, error = t - out, += updates
"""Per-sample torch loop: the hidden bias gradient is assigned with = and keeps only the last sample."""
import torch

torch.manual_seed(35)
N = 32
X = torch.randn(N, 3)
T = torch.stack([X[:, 0] > 0, X[:, 1] + X[:, 2] > 0], dim=1).float()
W1 = torch.randn(3, 5) * 0.5
b1 = torch.zeros(1, 5)
W2 = torch.randn(5, 2) * 0.5
b2 = torch.zeros(1, 2)
lr = 1.0

epochs = 120
for epoch in range(epochs):
    gW1 = torch.zeros_like(W1)
    gb1 = torch.zeros_like(b1)
    gW2 = torch.zeros_like(W2)
    gb2 = torch.zeros_like(b2)
    sse = 0.0
    for n in range(N):
        xn = X[n:n + 1]
        tn = T[n:n + 1]
        hn = torch.sigmoid(torch.mm(xn, W1) + b1)
        on = torch.sigmoid(torch.mm(hn, W2) + b2)
        sse += ((tn - on) ** 2).sum().item()
        e2 = tn - on                                # bp: error
        d2 = e2 * on * (1 - on)                     # bp: F1
        gW2 += torch.mm(hn.t(), d2)                 # bp: F3[W2]
        gb2 += d2                                   # bp: F3[b2]
        e1 = torch.mm(d2, W2.t())                   # bp: F2
        d1 = e1 * hn * (1 - hn)                     # bp: F1
        gW1 += torch.mm(xn.t(), d1)                 # bp: F3[W1]
        gb1 = d1.sum(0, keepdim=True)               # bp: F3[b1] BP402
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {sse:.4f}")
    W1 += lr * gW1 / N                              # bp: update[W1]
    b1 += lr * gb1 / N                              # bp: update[b1]
    W2 += lr * gW2 / N                              # bp: update[W2]
    b2 += lr * gb2 / N                              # bp: update[b2]
