# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:relu w2:linear
# bp-style: torch autograd (loss.backward()), row convention, ReLU via clamp, summed squared error, manual step inside torch.no_grad() written w += lr * w.grad (ascent), grads zeroed after each step
"""Autograd two-layer net with a manual update that adds the gradient instead of subtracting it."""
import torch

dtype = torch.float
device = torch.device("cpu")
torch.manual_seed(0)

# N is batch size; D_in is input dimension; n_hidden is hidden dimension; D_out is output dimension.
N, D_in, n_hidden, D_out = 64, 20, 30, 5

# Create random tensors to hold input and outputs.
# Setting requires_grad=False (the default) means we do not need gradients for them.
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)

# Create random tensors for weights; requires_grad=True asks autograd to track them.
w1 = torch.randn(D_in, n_hidden, device=device, dtype=dtype, requires_grad=True)
w2 = torch.randn(n_hidden, D_out, device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-5
for it in range(200):
    y_pred = x.mm(w1).clamp(min=0).mm(w2)
    loss = (y_pred - y).pow(2).sum()
    if it % 50 == 0 or it == 199:
        print(it, "loss", loss.item())

    # Use autograd to compute the backward pass: w1.grad and w2.grad now hold
    # the gradients of the loss with respect to w1 and w2.
    loss.backward()

    # Update the weights by hand; no_grad() because this step is not part of the graph.
    with torch.no_grad():
        w1 += learning_rate * w1.grad  # bp: update[w1] BP201
        w2 += learning_rate * w2.grad  # bp: update[w2] BP201

        # Manually zero the gradients after updating weights
        w1.grad.zero_()
        w2.grad.zero_()

print("final weight norms:", w1.norm().item(), w2.norm().item())
