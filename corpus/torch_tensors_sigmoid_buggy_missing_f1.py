# bp-corpus: buggy
# bp-requires: torch
# bp-style: torch tensors with hand-written backprop (no autograd), row convention, torch.mm and .t(), sigmoid hidden layer, linear output with squared error; the hidden error goes back through w_out but never meets the sigmoid derivative
# bp-layers: w_in:sigmoid w_out:linear
import torch

torch.manual_seed(0)
x = torch.randn(32, 4)
y = x[:, :1] * 0.5 - x[:, 1:2]
w_in = torch.randn(4, 10) * 0.3
w_out = torch.randn(10, 1) * 0.3
for epoch in range(300):
    hid = torch.sigmoid(torch.mm(x, w_in))
    pred = torch.mm(hid, w_out)
    diff = pred - y                                  # bp: error
    g_out = torch.mm(hid.t(), diff) / 32             # bp: F3[w_out]
    d_hid = torch.mm(diff, w_out.t())                # bp: F2
    g_in = torch.mm(x.t(), d_hid) / 32               # bp: F3[w_in] BP309
    w_in -= 0.1 * g_in                               # bp: update[w_in]
    w_out -= 0.1 * g_out                             # bp: update[w_out]
    if epoch % 100 == 0:
        print("epoch", epoch, "loss", float((diff ** 2).mean()))
