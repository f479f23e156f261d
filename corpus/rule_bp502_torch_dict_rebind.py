# bp-corpus: buggy
# bp-requires: torch
# bp-layers: params['w1']:tanh params['w2']:linear
# bp-style: torch autograd, parameters in a dict, grads cleared with p.grad = None, rebinding dict entries outside torch.no_grad() plus retain_grad()
"""Rebinding params[name] = params[name] - lr * grad outside no_grad leaves non-leaf weights and a growing graph."""
import torch

torch.manual_seed(12)
x = torch.randn(72, 2)
y = torch.tanh(x[:, :1] * 2) + 0.3 * x[:, 1:]
params = {
    'w1': torch.randn(2, 10, requires_grad=True),
    'w2': torch.randn(10, 1, requires_grad=True),
}
lr = 0.02

n_steps = 200
for step in range(n_steps):
    for p in params.values():
        p.grad = None
    hidden = torch.tanh(torch.mm(x, params['w1']))
    pred = torch.mm(hidden, params['w2'])
    loss = ((pred - y) ** 2).mean()
    if step == 0 or step == n_steps - 1:
        print(f"step {step} loss {loss.item():.4f}")
    loss.backward()
    for name in params:
        params[name] = params[name] - lr * params[name].grad     # bp: update BP502
        params[name].retain_grad()
