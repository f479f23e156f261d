"""Fit the custom-Function MLP to a seeded toy problem with a hand-written SGD step."""
# bp-corpus: buggy
# bp-requires: torch
# bp-style: torch script beside its modules (from model import TwoLayerMLP), cross-entropy from torch.nn.functional, loss.backward(), manual SGD over model.parameters() inside torch.no_grad() as p -= lr * p.grad followed by p.grad.zero_(); square sizes (batch = features = hidden)
import torch
import torch.nn.functional as F

from model import TwoLayerMLP

gen = torch.Generator().manual_seed(0)
n = d_in = hidden = 24
classes = 3
X = torch.randn(n, d_in, generator=gen, dtype=torch.float64)
labels = (X[:, 0] > 0).long() + (X[:, 1] > 0.3).long()

model = TwoLayerMLP(d_in, hidden, classes, gen)
lr = 0.1

for step in range(201):
    loss = F.cross_entropy(model(X), labels)
    if step % 50 == 0:
        print(f"step {step} loss {loss.item():.4f}")
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad  # bp: update
            p.grad.zero_()
