# bp-corpus: buggy
# bp-requires: torch
# bp-layers: self.w1:tanh self.w2:linear
# bp-style: torch autograd, nn.Module with nn.Parameter attributes, update loop over model.parameters() under torch.no_grad(), MSE
"""A model.parameters() SGD loop reads p.grad, but neither model.zero_grad() nor p.grad = None ever runs."""
import torch
from torch import nn


class TwoLayer(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(n_in, n_hidden) * 0.5)
        self.w2 = nn.Parameter(torch.randn(n_hidden, n_out) * 0.5)

    def forward(self, x):
        h = torch.tanh(torch.mm(x, self.w1))
        return torch.mm(h, self.w2)


torch.manual_seed(4)
x = torch.randn(100, 2)
y = torch.sin(x[:, :1]) + x[:, 1:] ** 2
model = TwoLayer(2, 10, 1)
lr = 0.002

epochs = 150
for epoch in range(epochs):
    loss = ((model(x) - y) ** 2).mean()
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {loss.item():.4f}")
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad                    # bp: update BP501
