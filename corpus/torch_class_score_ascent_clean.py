# bp-corpus: clean
# bp-requires: torch
# bp-style: torch autograd, a fixed linear scorer; class visualisation climbs a class score minus an
# L2 penalty on the image (the objective is maximised on purpose, so the update adds the gradient)
import torch

torch.manual_seed(0)
scorer = torch.randn(16, 3)
img = torch.zeros(1, 16, requires_grad=True)
wanted, reg, lr = 2, 0.05, 0.5
for step in range(60):
    out = img @ scorer
    objective = out[0, wanted] - reg * torch.sum(img * img)
    objective.backward()
    img.data += lr * img.grad / (img.grad.norm() + 1e-8)             # bp: update
    img.grad.zero_()
    if step % 20 == 0 or step == 59:
        print(f"step {step} loss {-objective.item():.4f}")
