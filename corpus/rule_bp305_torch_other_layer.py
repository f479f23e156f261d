# bp-corpus: buggy
# bp-requires: torch
# bp-layers: W1:relu W2:relu W3:sigmoid
# bp-style: torch tensors without autograd (torch.mm), three layers, equal hidden widths, clone + mask ReLU, MSE, error = out - y
"""Formula 3 for the last layer uses the first hidden activation a1 instead of its input a2."""
import torch

torch.manual_seed(3)
N = 64
x = torch.randn(N, 4)
y = ((x[:, 0] * x[:, 1] + x[:, 2]) > 0).float().view(N, 1)
W1 = torch.randn(4, 8) * 0.5
W2 = torch.randn(8, 8) * 0.3
W3 = torch.randn(8, 1) * 0.3
lr = 0.1

steps = 500
for step in range(steps):
    z1 = torch.mm(x, W1)
    a1 = torch.relu(z1)
    z2 = torch.mm(a1, W2)
    a2 = torch.relu(z2)
    out = torch.sigmoid(torch.mm(a2, W3))
    loss = ((out - y) ** 2).mean()
    if step == 0 or step == steps - 1:
        print("step", step, "loss", f"{loss.item():.5f}")

    err = (out - y) * 2 / N                 # bp: error
    d3 = err * out * (1 - out)              # bp: F1
    g3 = torch.mm(a1.t(), d3)               # bp: F3[W3] BP305
    e2 = torch.mm(d3, W3.t())               # bp: F2
    d2 = e2.clone()                         # bp: F1
    d2[z2 <= 0] = 0                         # bp: F1
    g2 = torch.mm(a1.t(), d2)               # bp: F3[W2]
    e1 = torch.mm(d2, W2.t())               # bp: F2
    d1 = e1.clone()                         # bp: F1
    d1[z1 <= 0] = 0                         # bp: F1
    g1 = torch.mm(x.t(), d1)                # bp: F3[W1]

    W3 -= lr * g3                           # bp: update[W3]
    W2 -= lr * g2                           # bp: update[W2]
    W1 -= lr * g1                           # bp: update[W1]
