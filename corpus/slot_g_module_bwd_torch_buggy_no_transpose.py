"""Torch tensors without autograd, in layer objects built on one Module base class whose backward() hands the
kept output and arguments to bwd(out, *args); the linear layer sends its gradient back through the weight
as it is, not transposed (a shape error for any layer that is not square)."""
# bp-corpus: buggy
# bp-requires: torch
# bp-style: torch without autograd, Module base class with __call__(self, *args) keeping self.args / self.out and backward() calling self.bwd(self.out, *self.args), Lin with torch.einsum for the weight gradient, shifted ReLU (clamp_min(0) - 0.5), Mse, Model looping reversed(self.layers), updates read p.g
import torch


class Module:
    def __call__(self, *args):
        self.args = args
        self.out = self.forward(*args)
        return self.out

    def forward(self, *args):
        raise NotImplementedError

    def backward(self):
        self.bwd(self.out, *self.args)                              # bp: F2


class Relu(Module):
    def forward(self, inp):
        return inp.clamp_min(0.0) - 0.5

    def bwd(self, out, inp):
        inp.g = (inp > 0).float() * out.g  # bp: F1


class Lin(Module):
    def __init__(self, w, b):
        self.w, self.b = w, b

    def forward(self, inp):
        return inp @ self.w + self.b

    def bwd(self, out, inp):
        inp.g = out.g @ self.w  # bp: F2 BP304
        self.w.g = torch.einsum("bi,bj->ij", inp, out.g)  # bp: F3
        self.b.g = out.g.sum(0)  # bp: F3


class Mse(Module):
    def forward(self, inp, targ):
        return (inp.squeeze(-1) - targ).pow(2).mean()

    def bwd(self, out, inp, targ):
        inp.g = 2.0 * (inp.squeeze(-1) - targ).unsqueeze(-1) / targ.shape[0]  # bp: error


class Model:
    def __init__(self, w1, b1, w2, b2):
        self.layers = [Lin(w1, b1), Relu(), Lin(w2, b2)]
        self.loss = Mse()

    def __call__(self, x, targ):
        for layer in self.layers:
            x = layer(x)
        return self.loss(x, targ)

    def backward(self):
        self.loss.backward()                                        # bp: error
        for layer in reversed(self.layers):
            layer.backward()                                        # bp: F2


torch.manual_seed(2)
torch.set_num_threads(1)  # tiny tensors: thread start-up costs more than it saves
x = torch.randn(96, 5)
y = x[:, 0] * x[:, 1] + torch.sin(x[:, 2])
hidden = 24
w1 = torch.randn(5, hidden) * (2.0 / 5) ** 0.5
b1 = torch.zeros(hidden)
w2 = torch.randn(hidden, 1) * (1.0 / hidden) ** 0.5
b2 = torch.zeros(1)
model = Model(w1, b1, w2, b2)
lr = 0.05

for epoch in range(401):
    loss = model(x, y)
    model.backward()                                                # bp: F2
    for p in (w1, b1, w2, b2):
        p -= lr * p.g  # bp: update
    if epoch % 100 == 0:
        print("epoch", epoch, "loss", round(loss.item(), 5))
