# bp-corpus: clean
# bp-layers: model:sigmoid
# bp-requires: torch
# bp-style: torch autograd with a single torch.nn.Linear module (logistic regression), loop over model.parameters() inside torch.no_grad() with p.sub_(lr * p.grad), gradients dropped with p.grad = None, no torch.optim
"""Logistic regression as one nn.Linear layer, stepped by hand over model.parameters()."""
import torch

torch.manual_seed(2718)

# two Gaussian clouds in 4-D, one per class
n_per_class, dim = 100, 4
shift = torch.tensor([1.0, -1.0, 0.5, 0.0])
pos = torch.randn(n_per_class, dim) + shift
neg = torch.randn(n_per_class, dim) - shift
features = torch.cat([pos, neg])
targets = torch.cat([torch.ones(n_per_class, 1), torch.zeros(n_per_class, 1)])

model = torch.nn.Linear(dim, 1)
lr = 0.3


def log_loss(probs, t):
    eps = 1e-7
    return -(t * (probs + eps).log() + (1 - t) * (1 - probs + eps).log()).mean()


history = []
for step in range(150):
    probs = torch.sigmoid(model(features))
    loss = log_loss(probs, targets)
    history.append(loss.item())
    if step % 30 == 0:
        print(f"step {step:3d} loss {loss.item():.4f}")

    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p.sub_(lr * p.grad)  # bp: update
            p.grad = None  # cheaper than zero_(); backward() allocates a fresh one

accuracy = ((probs > 0.5).float() == targets).float().mean().item()
print(f"final loss {history[-1]:.4f}  accuracy {accuracy:.3f}")
