# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:sigmoid w2:sigmoid
# bp-style: torch tensors without autograd (torch.mm), the article's torch example, sigmoid_delta helper, F3 merged into += updates, error = y - output
"""The article's torch net: both bias updates sum the delta over all axes (.sum()) instead of the batch axis."""
import torch

torch.manual_seed(1)
x = torch.randn(50, 4)
y = torch.stack([x[:, 0] > 0, x[:, 1] * x[:, 2] > 0, x[:, 3] > x[:, 0]], dim=1).float()
w1 = torch.randn(4, 6) * 0.5
b1 = torch.zeros(6)
w2 = torch.randn(6, 3) * 0.5
b2 = torch.zeros(3)
lr = 0.01


def sigmoid(s):
    return 1 / (1 + torch.exp(-s))


def sigmoid_delta(s):
    return s * (1 - s)


epochs = 500
for epoch in range(epochs):
    z1 = torch.mm(x, w1) + b1
    a1 = sigmoid(z1)
    z2 = torch.mm(a1, w2) + b2
    output = sigmoid(z2)

    loss = y - output                           # bp: error
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {(loss ** 2).sum().item():.4f}")
    delta_output = sigmoid_delta(output)
    delta_hidden = sigmoid_delta(a1)
    d_outp = delta_output * loss                # bp: F1
    loss_h = torch.mm(d_outp, w2.t())           # bp: F2
    d_hidn = delta_hidden * loss_h              # bp: F1

    w2 += torch.mm(a1.t(), d_outp) * lr         # bp: F3[w2] update[w2]
    w1 += torch.mm(x.t(), d_hidn) * lr          # bp: F3[w1] update[w1]
    b2 += d_outp.sum() * lr                     # bp: F3[b2] update[b2] BP401
    b1 += d_hidn.sum() * lr                     # bp: F3[b1] update[b1] BP401
