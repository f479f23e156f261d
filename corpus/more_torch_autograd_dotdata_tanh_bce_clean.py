# bp-corpus: clean
# bp-layers: W_h:tanh W_o:sigmoid
# bp-requires: torch
# bp-style: torch autograd, old (0.3-era) idiom: updates through .data (W.data -= lr * W.grad.data) and .grad.data.zero_(), tanh hidden, sigmoid output with binary cross-entropy written out, biases, row convention with torch.matmul
"""XOR-like toy data learned with autograd gradients and the pre-0.4 `.data` update idiom."""
import torch

torch.manual_seed(11)

N = 128
inputs = torch.rand(N, 2) * 2 - 1
# label: the two coordinates have the same sign
labels = ((inputs[:, 0] * inputs[:, 1]) > 0).float().view(-1, 1)

W_h = torch.randn(2, 8, requires_grad=True)
b_h = torch.zeros(8, requires_grad=True)
W_o = torch.randn(8, 1, requires_grad=True)
b_o = torch.zeros(1, requires_grad=True)
lr = 0.5


def forward(X):
    hidden = torch.tanh(torch.matmul(X, W_h) + b_h)
    return torch.sigmoid(torch.matmul(hidden, W_o) + b_o)


def bce(p, t):
    p = p.clamp(1e-7, 1 - 1e-7)
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()


for epoch in range(250):
    loss = bce(forward(inputs), labels)
    if epoch % 50 == 0 or epoch == 249:
        print("epoch %d, loss %.4f" % (epoch, loss.item()))
    loss.backward()

    # writing through .data keeps autograd from tracking the update
    W_h.data -= lr * W_h.grad.data  # bp: update[W_h]
    b_h.data -= lr * b_h.grad.data  # bp: update[b_h]
    W_o.data -= lr * W_o.grad.data  # bp: update[W_o]
    b_o.data -= lr * b_o.grad.data  # bp: update[b_o]

    # gradients accumulate across backward() calls; reset them by hand
    W_h.grad.data.zero_()
    b_h.grad.data.zero_()
    W_o.grad.data.zero_()
    b_o.grad.data.zero_()
