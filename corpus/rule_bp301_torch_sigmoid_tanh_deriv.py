# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:sigmoid w2:sigmoid
# bp-style: torch tensors without autograd (torch.mm), biases, MSE loss, error = output - y, split gradients
"""Sigmoid hidden layer backpropagated with tanh's derivative 1 - a**2."""
import torch

torch.manual_seed(0)
x = torch.randn(100, 4)
y = ((x[:, 0] + x[:, 1] * x[:, 2]) > 0).float().unsqueeze(1)
w1 = torch.randn(4, 8) * 0.5
b1 = torch.zeros(8)
w2 = torch.randn(8, 1) * 0.5
b2 = torch.zeros(1)
lr = 0.05

epochs = 400
for epoch in range(epochs):
    z1 = torch.mm(x, w1) + b1
    a1 = torch.sigmoid(z1)
    z2 = torch.mm(a1, w2) + b2
    output = torch.sigmoid(z2)
    mse = ((output - y) ** 2).mean()
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {mse.item():.4f}")

    err_out = output - y                        # bp: error
    d_out = err_out * output * (1 - output)     # bp: F1
    err_hid = torch.mm(d_out, w2.t())           # bp: F2
    d_hid = err_hid * (1 - a1 ** 2)             # bp: F1 BP301
    grad_w2 = torch.mm(a1.t(), d_out)           # bp: F3[w2]
    grad_b2 = d_out.sum(0)                      # bp: F3[b2]
    grad_w1 = torch.mm(x.t(), d_hid)            # bp: F3[w1]
    grad_b1 = d_hid.sum(0)                      # bp: F3[b1]

    w2 -= lr * grad_w2                          # bp: update[w2]
    b2 -= lr * grad_b2                          # bp: update[b2]
    w1 -= lr * grad_w1                          # bp: update[w1]
    b1 -= lr * grad_b1                          # bp: update[b1]
