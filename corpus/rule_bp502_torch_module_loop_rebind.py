# bp-corpus: buggy
# bp-requires: torch
# bp-layers: self.w1:relu self.w2:linear
# bp-style: torch autograd, nn.Module with nn.Parameter attributes, model.zero_grad(), update loop over model.parameters() that rebinds the loop variable
"""p = p - lr * p.grad inside the parameters loop rebinds the loop name; the model's parameters never change."""
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(3, 8) * 0.5)
        self.w2 = nn.Parameter(torch.randn(8, 1) * 0.5)

    def forward(self, inputs):
        hidden = torch.relu(torch.mm(inputs, self.w1))
        return torch.mm(hidden, self.w2)


torch.manual_seed(6)
inputs = torch.randn(80, 3)
targets = inputs.sum(dim=1, keepdim=True) - inputs[:, :1] * inputs[:, 2:]
net = Net()
lr = 0.05

epochs = 100
for epoch in range(epochs):
    net.zero_grad()
    loss = ((net(inputs) - targets) ** 2).mean()
    if epoch == 0 or epoch == epochs - 1:
        print(f"epoch {epoch} loss {loss.item():.4f}")
    loss.backward()
    with torch.no_grad():
        for p in net.parameters():
            p = p - lr * p.grad                 # bp: update BP502
