# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:relu w2:sigmoid
# bp-style: torch tensors without autograd (torch.mm), sigmoid_grad helper, sp computed apart, sigmoid + BCE, masked_fill ReLU
"""Sigmoid + BCE output; the delta multiplies (out - y) by sigmoid_grad(out) although the loss cancels it."""
import torch

torch.manual_seed(21)
x = torch.randn(128, 5)
y = ((x[:, :1] + x[:, 1:2] * x[:, 2:3]) > 0).float()
w1 = torch.randn(5, 12) * 0.4
w2 = torch.randn(12, 1) * 0.4
lr = 0.2


def sigmoid_grad(s):
    return s * (1 - s)


n = x.shape[0]
epochs = 400
for epoch in range(epochs):
    pre = torch.mm(x, w1)
    hid = torch.relu(pre)
    out = torch.sigmoid(torch.mm(hid, w2))
    bce = -(y * torch.log(out) + (1 - y) * torch.log(1 - out)).mean()
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {bce.item():.4f}")

    sp = sigmoid_grad(out)
    d_out = (out - y) * sp / n                          # bp: error F1 BP307
    e_hid = torch.mm(d_out, w2.t())                     # bp: F2
    d_hid = e_hid.masked_fill(pre <= 0, 0.0)            # bp: F1
    grad_w2 = torch.mm(hid.t(), d_out)                  # bp: F3[w2]
    grad_w1 = torch.mm(x.t(), d_hid)                    # bp: F3[w1]
    w2 -= lr * grad_w2                                  # bp: update[w2]
    w1 -= lr * grad_w1                                  # bp: update[w1]
