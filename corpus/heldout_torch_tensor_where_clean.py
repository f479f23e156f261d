"""Plain torch tensors, no autograd: ReLU via torch.where, softmax output, transposes via .transpose(0, 1)."""
# bp-corpus: clean
# bp-requires: torch
# bp-layers: W1:relu W2:softmax
# bp-style: torch tensors without autograd, torch.matmul, .transpose(0, 1), torch.where masks, in-place sub_/add_
import torch

torch.manual_seed(0)
torch.set_num_threads(1)  # tiny tensors: thread start-up costs more than it saves
g = torch.Generator().manual_seed(1)

n, d, hidden, k = 240, 4, 32, 3
X = torch.randn(n, d, generator=g)
labels = (X[:, 0] > 0).long() + (X[:, 1] + X[:, 2] > 0.5).long()
onehot = torch.zeros(n, k)
onehot[torch.arange(n), labels] = 1.0

W1 = torch.randn(d, hidden, generator=g) * (2.0 / d) ** 0.5
c1 = torch.zeros(hidden)
W2 = torch.randn(hidden, k, generator=g) * (1.0 / hidden) ** 0.5
c2 = torch.zeros(k)
lr = 0.5
zero = torch.zeros(())

for epoch in range(300):
    pre = torch.matmul(X, W1) + c1
    hid = torch.where(pre > 0, pre, zero)
    logits = torch.matmul(hid, W2) + c2
    prob = torch.softmax(logits, dim=1)
    xent = -(onehot * torch.log(prob + 1e-9)).sum(dim=1).mean()
    if epoch % 60 == 0 or epoch == 299:
        print(f"epoch {epoch:3d} loss {xent.item():.4f}")

    d_logits = (prob - onehot) / n                                   # bp: error F1
    gW2 = torch.matmul(hid.transpose(0, 1), d_logits)                # bp: F3[W2]
    gc2 = d_logits.sum(dim=0)                                        # bp: F3[c2]
    d_hid = torch.matmul(d_logits, W2.transpose(0, 1))               # bp: F2
    d_pre = torch.where(pre > 0, d_hid, zero)                        # bp: F1
    gW1 = torch.matmul(X.transpose(0, 1), d_pre)                     # bp: F3[W1]
    gc1 = d_pre.sum(dim=0)                                           # bp: F3[c1]

    W2.sub_(lr * gW2)                                                # bp: update[W2]
    c2.sub_(lr * gc2)                                                # bp: update[c2]
    W1.add_(gW1, alpha=-lr)                                          # bp: update[W1]
    c1.add_(gc1, alpha=-lr)                                          # bp: update[c1]
