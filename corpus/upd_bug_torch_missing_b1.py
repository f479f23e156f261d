# bp-corpus: buggy
# bp-requires: torch
# bp-layers: W1:sigmoid W2:sigmoid
# bp-style: torch tensors without autograd, row convention, sigmoid/sigmoid with SSE, torch.matmul, error written target-minus-output with += updates; the hidden bias is in the forward pass but has no gradient and no update
"""Sigmoid/sigmoid net on torch tensors that forgot the hidden bias in the backward pass entirely."""
import torch

torch.manual_seed(21)


def sig(v):
    return torch.sigmoid(v)


X = torch.rand(96, 5) * 2 - 1
T = ((X[:, 0] - X[:, 1] + 0.5 * X[:, 2]) > 0).float().unsqueeze(1)

W1 = torch.randn(5, 7) * 0.5
B1 = torch.full((7,), 0.5)
W2 = torch.randn(7, 1) * 0.5
B2 = torch.zeros(1)
rate = 0.05

for epoch in range(500):
    H = sig(torch.matmul(X, W1) + B1)  # bp: BP101
    O = sig(torch.matmul(H, W2) + B2)
    err = T - O  # bp: error
    if epoch % 100 == 0 or epoch == 499:
        print("epoch {:3d} loss {:.5f}".format(epoch, (err ** 2).sum().item()))

    delta_o = err * O * (1 - O)  # bp: F1
    delta_h = torch.matmul(delta_o, W2.T) * H * (1 - H)  # bp: F2 F1

    # err is T - O, so step *with* these products
    W2 += rate * torch.matmul(H.T, delta_o)  # bp: F3 update[W2]
    B2 += rate * delta_o.sum(dim=0)  # bp: F3 update[B2]
    W1 += rate * torch.matmul(X.T, delta_h)  # bp: F3 update[W1]

# accuracy of the final forward pass
correct = ((O > 0.5).float() == T).float().mean().item()
print(f"train accuracy {correct:.3f}")
