# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:sigmoid w2:sigmoid w3:sigmoid
# bp-style: torch tensors without autograd (torch.mm), three sigmoid layers, merged F2*F1 statements, SSE, error = y - out
"""Three sigmoid layers; the first merged F2/F1 line sends d3 back through w2.t() instead of w3.t()."""
import torch

torch.manual_seed(9)
x = torch.randn(60, 5)
y = torch.sigmoid(torch.cat([x[:, :2], x[:, 2:3] * x[:, 3:4], x[:, 4:5] - x[:, :1]], dim=1))
w1 = torch.randn(5, 4) * 0.5
w2 = torch.randn(4, 4) * 0.5
w3 = torch.randn(4, 4) * 0.5
lr = 0.05

steps = 500
for step in range(steps):
    a1 = torch.sigmoid(torch.mm(x, w1))
    a2 = torch.sigmoid(torch.mm(a1, w2))
    out = torch.sigmoid(torch.mm(a2, w3))
    loss = ((y - out) ** 2).sum()
    if step == 0 or step == steps - 1:
        print(f"step {step} loss {loss.item():.4f}")

    d3 = (y - out) * out * (1 - out)                    # bp: error F1
    d2 = torch.mm(d3, w2.t()) * a2 * (1 - a2)           # bp: F2 F1 BP303
    d1 = torch.mm(d2, w2.t()) * a1 * (1 - a1)           # bp: F2 F1
    w3 += lr * torch.mm(a2.t(), d3)                     # bp: F3[w3] update[w3]
    w2 += lr * torch.mm(a1.t(), d2)                     # bp: F3[w2] update[w2]
    w1 += lr * torch.mm(x.t(), d1)                      # bp: F3[w1] update[w1]
