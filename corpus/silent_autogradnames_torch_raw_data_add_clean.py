# bp-corpus: clean
# bp-requires: torch
# bp-style: autograd-like names in plain code (pattern 5): raw torch leaf tensors with requires_grad=True, row convention x.mm(w1), ReLU via .clamp(min=0), summed squared error, loss.backward(), then per-tensor steps `w1.data.add_(w1.grad, alpha=-lr)` and gradients cleared with `w1.grad.data.zero_()`
"""Two-layer ReLU regression on raw tensors; each step is .data.add_(grad, alpha=-lr)."""
import torch

torch.set_num_threads(1)  # tiny tensors: one thread is fastest

torch.manual_seed(5)

n, d_in, hidden, d_out = 96, 6, 20, 2
x = torch.randn(n, d_in)
y = torch.tanh(x @ torch.randn(d_in, d_out))

w1 = (0.3 * torch.randn(d_in, hidden)).requires_grad_(True)
b1 = torch.zeros(hidden, requires_grad=True)
w2 = (0.3 * torch.randn(hidden, d_out)).requires_grad_(True)
b2 = torch.zeros(d_out, requires_grad=True)
lr = 2e-3

for t in range(300):
    h = (x.mm(w1) + b1).clamp(min=0)
    y_pred = h.mm(w2) + b2
    loss = (y_pred - y).pow(2).sum()
    if t % 60 == 0 or t == 299:
        print(t, "loss", round(loss.item(), 4))
    loss.backward()
    w1.data.add_(w1.grad, alpha=-lr)  # bp: update[w1]
    b1.data.add_(b1.grad, alpha=-lr)  # bp: update[b1]
    w2.data.add_(w2.grad, alpha=-lr)  # bp: update[w2]
    b2.data.add_(b2.grad, alpha=-lr)  # bp: update[b2]
    w1.grad.data.zero_()
    b1.grad.data.zero_()
    w2.grad.data.zero_()
    b2.grad.data.zero_()
