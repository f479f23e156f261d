# bp-corpus: buggy
# bp-requires: torch
# bp-layers: W1:tanh W2:tanh W3:sigmoid
# bp-style: torch tensors without autograd (torch.mm), three layers, each layer updated right after its gradient, MSE, error = out - y
"""Each layer is updated right after its gradient, so both F2 steps send the delta back through an already-updated W3 and W2."""
import torch

torch.manual_seed(14)
x = torch.randn(90, 3)
y = torch.sigmoid(3 * x[:, :1] * x[:, 1:2] - x[:, 2:])
W1 = torch.randn(3, 6) * 0.5
W2 = torch.randn(6, 6) * 0.4
W3 = torch.randn(6, 1) * 0.4
lr = 0.5

iterations = 500
for it in range(iterations):
    h1 = torch.tanh(torch.mm(x, W1))
    h2 = torch.tanh(torch.mm(h1, W2))
    out = torch.sigmoid(torch.mm(h2, W3))
    loss = ((out - y) ** 2).mean()
    if it == 0 or it == iterations - 1:
        print(f"iter {it} loss {loss.item():.5f}")

    err = (out - y) / x.shape[0]            # bp: error
    d3 = err * out * (1 - out)              # bp: F1
    gW3 = torch.mm(h2.t(), d3)              # bp: F3[W3]
    W3 -= lr * gW3                          # bp: update[W3]
    e2 = torch.mm(d3, W3.t())               # bp: F2 BP306
    d2 = e2 * (1 - h2 ** 2)                 # bp: F1
    gW2 = torch.mm(h1.t(), d2)              # bp: F3[W2]
    W2 -= lr * gW2                          # bp: update[W2]
    e1 = torch.mm(d2, W2.t())               # bp: F2 BP306
    d1 = e1 * (1 - h1 ** 2)                 # bp: F1
    gW1 = torch.mm(x.t(), d1)               # bp: F3[W1]
    W1 -= lr * gW1                          # bp: update[W1]
