# bp-corpus: buggy
# bp-requires: torch
# bp-layers: W_ih:tanh W_ho:sigmoid
# bp-style: torch tensors without autograd (torch.mm), descriptive names, SSE loss, error = target - out, += updates
"""Tanh derivative written with the pre-activation h_in instead of the tanh output h_out."""
import torch

torch.manual_seed(5)
inputs = torch.randn(80, 3)
targets = (inputs[:, :1] * inputs[:, 1:2] > 0).float()
W_ih = torch.randn(3, 7) * 0.5
W_ho = torch.randn(7, 1) * 0.5
rate = 0.002

num_iters = 200
for it in range(num_iters):
    h_in = torch.mm(inputs, W_ih)
    h_out = torch.tanh(h_in)
    o_in = torch.mm(h_out, W_ho)
    out = torch.sigmoid(o_in)
    sse = ((targets - out) ** 2).sum()
    if it == 0 or it == num_iters - 1:
        print(f"iter {it} loss {sse.item():.4f}")

    e_o = targets - out                         # bp: error
    d_o = e_o * out * (1 - out)                 # bp: F1
    e_h = torch.mm(d_o, W_ho.t())               # bp: F2
    d_h = e_h * (1 - h_in ** 2)                 # bp: F1 BP302
    W_ho += rate * torch.mm(h_out.t(), d_o)     # bp: F3[W_ho] update[W_ho]
    W_ih += rate * torch.mm(inputs.t(), d_h)    # bp: F3[W_ih] update[W_ih]
