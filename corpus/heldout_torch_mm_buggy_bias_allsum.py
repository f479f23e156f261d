"""Torch tensors by hand (no autograd): ReLU hidden, sigmoid + BCE output, target-minus-output error, add_ updates."""
# bp-corpus: buggy
# bp-requires: torch
# bp-layers: k1:relu k2:sigmoid
# bp-style: torch tensors without autograd, .mm / .t(), F3 merged into add_ updates
# defect: the hidden bias s1 (12 units) gets torch.sum(back) - one number summed over the batch AND
# the units - instead of back.sum(0).
import torch

torch.manual_seed(5)
torch.set_num_threads(1)  # tiny tensors: thread start-up costs more than it saves

m = 200
x = torch.rand(m, 2) * 4 - 2
y = ((x[:, 0] ** 2 + x[:, 1]) < 1.0).float().unsqueeze(1)

k1 = torch.randn(2, 12) * 0.8
s1 = torch.zeros(12)
k2 = torch.randn(12, 1) * 0.3
s2 = torch.zeros(1)
lr = 0.5


def bce(prob, t):
    prob = prob.clamp(1e-7, 1 - 1e-7)
    return -(t * prob.log() + (1 - t) * (1 - prob).log()).mean().item()


for epoch in range(600):
    pre = x.mm(k1) + s1
    hidden = torch.relu(pre)
    out = torch.sigmoid(hidden.mm(k2) + s2)
    if epoch % 120 == 0 or epoch == 599:
        print(f"epoch {epoch:3d} loss {bce(out, y):.4f}")

    gap = (y - out) / m                                        # bp: error F1
    back = gap.mm(k2.t()) * (pre > 0).float()                  # bp: F2 F1
    k2.add_(lr * hidden.t().mm(gap))                           # bp: F3[k2] update[k2]
    s2.add_(lr * gap.sum(0))                                   # bp: F3[s2] update[s2]
    k1.add_(lr * x.t().mm(back))                               # bp: F3[k1] update[k1]
    s1.add_(lr * torch.sum(back))                              # bp: F3[s1] update[s1] BP401
