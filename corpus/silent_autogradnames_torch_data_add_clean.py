# bp-corpus: clean
# bp-requires: torch
# bp-style: autograd-like names in plain code (pattern 5): a torch.nn.Sequential MLP trained by hand, `model.zero_grad()` before `loss.backward()`, then the step `p.data.add_(p.grad, alpha=-lr)` over model.parameters() (no torch.optim, no torch.no_grad block, the .data form); tanh hidden, MSE on a 1-D regression
"""Fit y = sin(3x) with a small MLP stepped by p.data.add_(p.grad, alpha=-lr)."""
import torch

torch.set_num_threads(1)  # tiny tensors: one thread is fastest

torch.manual_seed(11)

x = torch.linspace(-1.0, 1.0, 128).unsqueeze(1)
y = torch.sin(3.0 * x)

model = torch.nn.Sequential(
    torch.nn.Linear(1, 24),
    torch.nn.Tanh(),
    torch.nn.Linear(24, 1),
)
loss_fn = torch.nn.MSELoss()
lr = 0.1

for step in range(400):
    pred = model(x)
    loss = loss_fn(pred, y)
    if step % 80 == 0 or step == 399:
        print(f"step {step:3d} loss {loss.item():.5f}")
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data.add_(p.grad, alpha=-lr)  # bp: update
