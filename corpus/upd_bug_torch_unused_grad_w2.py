# bp-corpus: buggy
# bp-requires: torch
# bp-layers: w1:relu w2:linear
# bp-style: torch tensors without autograd, row convention, ReLU via clamp and a multiplicative mask, MSE; grad_w2 is computed but only w1 is ever stepped
"""Hand-rolled torch regression where the output weights never learn: grad_w2 goes nowhere."""
import torch

torch.manual_seed(3)

# sizes
batch, n_in, n_hid, n_out = 128, 8, 32, 4

# synthetic regression problem: four fixed nonlinear functions of the inputs
inputs = torch.randn(batch, n_in)
targets = torch.stack([
    inputs[:, 0] * inputs[:, 1],
    torch.relu(inputs[:, 2]),
    inputs[:, 3:6].sum(dim=1) * 0.5,
    torch.sin(inputs[:, 7]),
], dim=1)

# student: two layers, no biases, small random init
w1 = torch.randn(n_in, n_hid) * 0.3
w2 = torch.randn(n_hid, n_out) * 0.3
lr = 0.05

for step in range(400):
    pre = inputs.mm(w1)
    act = pre.clamp(min=0)
    preds = act.mm(w2)  # bp: BP101
    mse = ((preds - targets) ** 2).mean()
    if step % 100 == 0 or step == 399:
        print(f"step {step} loss {mse.item():.5f}")

    # manual backward pass for the mean squared error
    grad_preds = 2.0 * (preds - targets) / preds.numel()  # bp: error
    grad_w2 = act.t().mm(grad_preds)  # bp: F3[w2] BP102
    grad_act = grad_preds.mm(w2.t())  # bp: F2
    grad_pre = grad_act * (pre > 0).float()  # bp: F1
    grad_w1 = inputs.t().mm(grad_pre)  # bp: F3[w1]

    w1 -= lr * grad_w1  # bp: update[w1]

# the output weights should have moved away from their initial values
print("norm w1", round(w1.norm().item(), 4), "norm w2", round(w2.norm().item(), 4))
