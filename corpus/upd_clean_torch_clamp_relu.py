# bp-corpus: clean
# bp-layers: w1:relu w2:linear
# bp-requires: torch
# bp-style: torch tensors without autograd (the PyTorch "warm-up" tutorial), row convention, ReLU via .clamp(min=0), mask after .clone(), summed squared error
"""Two-layer ReLU net on random data with hand-written backprop on torch tensors, no autograd."""
import torch

dtype = torch.float
device = torch.device("cpu")
torch.manual_seed(0)

# N is batch size; D_in is input dimension; H is hidden dimension; D_out is output dimension.
N, D_in, H, D_out = 64, 100, 50, 10

# Create random input and output data
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)

# Randomly initialize weights
w1 = torch.randn(D_in, H, device=device, dtype=dtype)
w2 = torch.randn(H, D_out, device=device, dtype=dtype)

learning_rate = 1e-6
for it in range(500):
    # Forward pass: compute predicted y
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)

    # Compute and print loss
    loss = (y_pred - y).pow(2).sum().item()
    if it % 100 == 99 or it == 0:
        print(it, "loss", loss)

    # Backprop to compute gradients of w1 and w2 with respect to loss
    grad_y_pred = 2.0 * (y_pred - y)  # bp: error
    grad_w2 = h_relu.t().mm(grad_y_pred)  # bp: F3[w2]
    grad_h_relu = grad_y_pred.mm(w2.t())  # bp: F2
    grad_h = grad_h_relu.clone()  # bp: F1
    grad_h[h < 0] = 0  # bp: F1
    grad_w1 = x.t().mm(grad_h)  # bp: F3[w1]

    # Update weights using gradient descent
    w1 -= learning_rate * grad_w1  # bp: update[w1]
    w2 -= learning_rate * grad_w2  # bp: update[w2]
