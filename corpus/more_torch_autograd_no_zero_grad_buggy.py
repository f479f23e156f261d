# bp-corpus: buggy
# bp-layers: net:linear
# bp-requires: torch
# bp-style: torch autograd with one torch.nn.Linear module (linear regression), loop over net.parameters() inside torch.no_grad() with p -= lr * p.grad; nothing ever zeroes .grad, so backward() keeps adding every old gradient into the step
"""Linear regression with a hand-written SGD step that forgot to clear the accumulated gradients."""
import torch

torch.manual_seed(77)

true_w = torch.tensor([[3.0], [-2.0], [0.5]])
true_b = 1.0


def make_data(n_samples, noise=0.1):
    """y = 3 x0 - 2 x1 + 0.5 x2 + 1, plus Gaussian noise."""
    X = torch.randn(n_samples, 3)
    Y = X @ true_w + true_b + noise * torch.randn(n_samples, 1)
    return X, Y


X, Y = make_data(120)
X_val, Y_val = make_data(40)

net = torch.nn.Linear(3, 1)
lr = 0.02
loss_fn = torch.nn.MSELoss()

for epoch in range(60):
    pred = net(X)
    loss = loss_fn(pred, Y)
    if epoch % 10 == 0 or epoch == 59:
        print(f"epoch {epoch:2d} loss {loss.item():.4f}")

    loss.backward()
    with torch.no_grad():
        for p in net.parameters():
            # p.grad now holds the sum of all gradients so far, not this step's
            p -= lr * p.grad  # bp: update BP501

with torch.no_grad():
    val = loss_fn(net(X_val), Y_val).item()
w, b = net.weight.detach().squeeze(), net.bias.item()
print("learned w", [round(v, 3) for v in w.tolist()], "b", round(b, 3))
print("true    w", true_w.squeeze().tolist(), "b", true_b)
print(f"validation loss {val:.4f}")
