# bp-corpus: clean
# bp-requires: torch
# bp-style: torch, autograd computes the gradients; the optimiser is our own subclass of torch.optim.Optimizer
# (the base class keeps param_groups and state): momentum kept per parameter in self.state, the step written with
# the in-place tensor methods on p.data (add_ with alpha, and an RMS-scaled addcdiv_ variant)
import torch
from torch.optim import Optimizer


class Momentum(Optimizer):
    def __init__(self, params, lr=0.05, momentum=0.9):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "buf" not in state:
                    state["buf"] = torch.zeros_like(p)
                buf = state["buf"]
                buf.mul_(group["momentum"]).add_(p.grad)
                p.data.add_(buf, alpha=-group["lr"])                              # bp: update


class RMSScaled(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.9, eps=1e-8):
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "sq" not in state:
                    state["sq"] = torch.zeros_like(p)
                sq = state["sq"]
                sq.mul_(group["alpha"]).addcmul_(p.grad, p.grad, value=1 - group["alpha"])
                p.data.addcdiv_(p.grad, sq.sqrt().add_(group['eps']), value=-group['lr'])  # bp: update


torch.manual_seed(0)
X = torch.randn(64, 3)
Y = X @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
for opt in (Momentum(model.parameters()), RMSScaled(model.parameters())):
    for epoch in range(150):
        loss = ((model(X) - Y) ** 2).mean()
        for p in model.parameters():
            p.grad = None
        loss.backward()
        opt.step()                                                  # bp: update
        if epoch % 50 == 0 or epoch == 149:
            print(f"epoch {epoch} loss {loss.item():.5f}")
