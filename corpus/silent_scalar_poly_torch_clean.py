# bp-corpus: clean
# bp-requires: torch
# bp-style: scalar parameters (pattern 6): the cubic fit on torch tensors without autograd, coefficients as 0-d tensors `a = torch.randn((), dtype=dtype)`, `y_pred = a + b * x + c * x ** 2 + d * x ** 3`, `loss = (y_pred - y).pow(2).sum().item()`, hand-written `grad_a ... grad_d` and updates `a -= learning_rate * grad_a`
"""Cubic fit of log(1 + x) on [0, 2] with torch tensors and gradients written by hand."""
import torch

torch.set_num_threads(1)  # tiny tensors: one thread is fastest
torch.manual_seed(23)
dtype = torch.float64

x = torch.linspace(0.0, 2.0, 500, dtype=dtype)
y = torch.log1p(x)

a = torch.randn((), dtype=dtype)
b = torch.randn((), dtype=dtype)
c = torch.randn((), dtype=dtype)
d = torch.randn((), dtype=dtype)

learning_rate = 6e-5
for t in range(1200):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum().item()
    if t % 300 == 0 or t == 1199:
        print(t, "loss", loss)

    grad_y_pred = 2.0 * (y_pred - y)  # bp: error
    grad_a = grad_y_pred.sum()  # bp: F3[a]
    grad_b = (grad_y_pred * x).sum()  # bp: F3[b]
    grad_c = (grad_y_pred * x ** 2).sum()  # bp: F3[c]
    grad_d = (grad_y_pred * x ** 3).sum()  # bp: F3[d]

    a -= learning_rate * grad_a  # bp: update[a]
    b -= learning_rate * grad_b  # bp: update[b]
    c -= learning_rate * grad_c  # bp: update[c]
    d -= learning_rate * grad_d  # bp: update[d]

print(f"y = {a.item():.4f} + {b.item():.4f} x + {c.item():.4f} x^2 + {d.item():.4f} x^3")
