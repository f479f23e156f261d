# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w_a:relu w_b:linear
# bp-style: torch tensors without autograd, row convention, square 6-6-6 layers, ReLU via torch.relu with clone + mask, in-place .sub_() updates; the two weight updates apply each other's gradients
"""Manual torch backprop with .sub_() steps where the gradients were handed to the wrong weights."""
import torch

torch.manual_seed(12)

width = 6
xs = torch.randn(100, width)
# target: each coordinate mixed with its neighbour, squashed
ys = torch.tanh(0.8 * xs + 0.5 * xs.roll(1, dims=1))

w_a = torch.randn(width, width) * 0.4
w_b = torch.randn(width, width) * 0.4
step = 0.001

for epoch in range(300):
    hid_pre = xs.mm(w_a)
    hid = torch.relu(hid_pre)
    out = hid.mm(w_b)
    sq = (out - ys).pow(2).sum()
    if epoch % 75 == 0 or epoch == 299:
        print(f"epoch {epoch} loss {sq.item():.4f}")

    g_out = 2 * (out - ys)  # bp: error
    g_wb = hid.t().mm(g_out)  # bp: F3[w_b]
    g_hid = g_out.mm(w_b.t())  # bp: F2
    g_pre = g_hid.clone()  # bp: F1
    g_pre[hid_pre <= 0] = 0  # bp: F1
    g_wa = xs.t().mm(g_pre)  # bp: F3[w_a]

    w_a.sub_(step * g_wb)  # bp: update[w_a] BP103
    w_b.sub_(step * g_wa)  # bp: update[w_b] BP103

# how far did each weight travel? (both started near 0.4 * sqrt(width))
print(f"|w_a| = {w_a.norm().item():.4f}, |w_b| = {w_b.norm().item():.4f}")
