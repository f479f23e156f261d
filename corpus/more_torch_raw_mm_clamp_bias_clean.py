# bp-corpus: clean
# bp-layers: w1:relu w2:linear
# bp-requires: torch
# bp-style: torch tensors without autograd, row convention with torch.mm and .t(), ReLU via .clamp(min=0), hidden gradient masked after .clone() (grad_h[h < 0] = 0), biases, mean squared error, in-place -= updates
"""Fit one period of a sine with a ReLU net on plain torch tensors and hand-derived gradients."""
import math

import torch

torch.manual_seed(1234)

# 1-D regression: 200 points of sin on [-pi, pi]
x = torch.linspace(-math.pi, math.pi, 200).unsqueeze(1)
y = torch.sin(x)
N, H = x.shape[0], 40

w1 = torch.randn(1, H)
b1 = torch.randn(H) * 2.0  # spread the ReLU kinks across the input range
w2 = torch.randn(H, 1) * 0.1
b2 = torch.zeros(1)

learning_rate = 0.02
for t in range(300):
    # forward pass
    h = torch.mm(x, w1) + b1
    h_relu = h.clamp(min=0)
    y_pred = torch.mm(h_relu, w2) + b2

    loss = (y_pred - y).pow(2).mean().item()
    if t % 60 == 0 or t == 299:
        print(f"t={t:4d} loss {loss:.5f}")

    # backward pass, derived by hand for the mean squared error
    grad_y_pred = 2.0 * (y_pred - y) / N  # bp: error
    grad_w2 = torch.mm(h_relu.t(), grad_y_pred)  # bp: F3[w2]
    grad_b2 = grad_y_pred.sum(0)  # bp: F3[b2]
    grad_h_relu = torch.mm(grad_y_pred, w2.t())  # bp: F2
    grad_h = grad_h_relu.clone()  # bp: F1
    grad_h[h < 0] = 0  # bp: F1
    grad_w1 = torch.mm(x.t(), grad_h)  # bp: F3[w1]
    grad_b1 = grad_h.sum(0)  # bp: F3[b1]

    # plain gradient descent
    w1 -= learning_rate * grad_w1  # bp: update[w1]
    b1 -= learning_rate * grad_b1  # bp: update[b1]
    w2 -= learning_rate * grad_w2  # bp: update[w2]
    b2 -= learning_rate * grad_b2  # bp: update[b2]
