"""nn.Module with raw nn.Parameter tensors, autograd gradients, and a hand-written SGD step with weight decay."""
# bp-corpus: clean
# bp-requires: torch
# bp-style: torch autograd, nn.Module subclass, manual SGD + L2 weight decay under torch.no_grad(), model.zero_grad()
import torch
from torch import nn

torch.manual_seed(123)
torch.set_num_threads(1)  # tiny tensors: thread start-up costs more than it saves


class Bottleneck(nn.Module):
    def __init__(self, n_in: int, n_mid: int, n_out: int):
        super().__init__()
        self.U = nn.Parameter(torch.randn(n_in, n_mid) / n_in ** 0.5)
        self.u = nn.Parameter(torch.zeros(n_mid))
        self.V = nn.Parameter(torch.randn(n_mid, n_out) / n_mid ** 0.5)
        self.v = nn.Parameter(torch.zeros(n_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mid = torch.tanh(x @ self.U + self.u)
        return mid @ self.V + self.v


X = torch.linspace(-2.0, 2.0, 120).unsqueeze(1).repeat(1, 3)
X = X + 0.1 * torch.randn_like(X)
Y = torch.stack([torch.sin(2 * X[:, 0]), X[:, 1] * X[:, 2] / 4], dim=1)

model = Bottleneck(3, 16, 2)
lr, wd = 0.1, 1e-4

for epoch in range(400):
    model.zero_grad()
    pred = model(X)
    objective = ((pred - Y) ** 2).mean()
    objective.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * (p.grad + wd * p)                              # bp: update
    if epoch % 80 == 0 or epoch == 399:
        print(f"epoch {epoch:3d} loss {objective.item():.5f}")
