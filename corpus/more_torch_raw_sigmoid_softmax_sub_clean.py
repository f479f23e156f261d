# bp-corpus: clean
# bp-layers: W_in:sigmoid W_out:softmax
# bp-requires: torch
# bp-style: torch tensors without autograd, row convention with torch.matmul and .t(), sigmoid hidden, softmax + cross-entropy output via probs.clone() and index-subtract, in-place .sub_() updates, float64 tensors
"""Hand-written backprop on torch tensors for a three-class sigmoid/softmax classifier."""
import torch

gen = torch.Generator().manual_seed(5)
torch.set_default_dtype(torch.float64)

# three concentric rings, label = ring index
n_per, K = 60, 3
radius = torch.cat([torch.full((n_per,), r) for r in (0.5, 1.5, 2.5)])
angle = torch.rand(K * n_per, generator=gen) * 6.2832
feats = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
feats += 0.15 * torch.randn(feats.shape, generator=gen)
labels = torch.arange(K).repeat_interleave(n_per)
n = feats.shape[0]

W_in = torch.randn(2, 20, generator=gen)
b_in = torch.zeros(20)
W_out = torch.randn(20, K, generator=gen) * 0.2
b_out = torch.zeros(K)
step = 1.0

for epoch in range(300):
    act = torch.sigmoid(torch.matmul(feats, W_in) + b_in)
    probs = torch.softmax(torch.matmul(act, W_out) + b_out, dim=1)
    nll = -probs[torch.arange(n), labels].log().mean()
    if epoch % 60 == 0 or epoch == 299:
        print("epoch {:3d} loss {:.4f}".format(epoch, nll.item()))

    # softmax and cross-entropy together: subtract 1 at the true class
    g_logits = probs.clone()  # bp: error
    g_logits[torch.arange(n), labels] -= 1.0  # bp: error F1
    g_logits /= n  # bp: error
    g_W_out = torch.matmul(act.t(), g_logits)  # bp: F3[W_out]
    g_b_out = g_logits.sum(dim=0)  # bp: F3[b_out]
    g_act = torch.matmul(g_logits, W_out.t())  # bp: F2
    g_pre = g_act * act * (1 - act)  # bp: F1
    g_W_in = torch.matmul(feats.t(), g_pre)  # bp: F3[W_in]
    g_b_in = g_pre.sum(dim=0)  # bp: F3[b_in]

    W_out.sub_(step * g_W_out)  # bp: update[W_out]
    b_out.sub_(step * g_b_out)  # bp: update[b_out]
    W_in.sub_(step * g_W_in)  # bp: update[W_in]
    b_in.sub_(step * g_b_in)  # bp: update[b_in]
