"""Buggy: custom autograd Functions whose tanh backward multiplies by the sigmoid slope out * (1 - out)."""
# bp-corpus: buggy
# bp-requires: torch
# bp-style: torch.autograd.Function subclasses with no driver in the file, row batch with weight shaped (out, in) as in nn.Linear (x @ weight.t() + bias), @ operator, tanh Function saving its output for backward; TanhFn.backward uses the sigmoid derivative
# bp-driver: drivers/autograd_fn_outin_tanh_buggy_sigmoid_deriv_driver.py
import torch
from torch.autograd import Function


class AffineFn(Function):
    @staticmethod
    def forward(ctx, inp, weight, bias):
        ctx.save_for_backward(inp, weight)
        return inp @ weight.t() + bias

    @staticmethod
    def backward(ctx, grad_out):
        inp, weight = ctx.saved_tensors
        grad_inp = grad_out @ weight  # bp: F2
        grad_weight = grad_out.t() @ inp  # bp: F3[weight]
        grad_bias = grad_out.sum(dim=0)  # bp: F3[bias]
        return grad_inp, grad_weight, grad_bias


class TanhFn(Function):
    @staticmethod
    def forward(ctx, inp):
        out = torch.tanh(inp)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_out):
        (out,) = ctx.saved_tensors
        return grad_out * out * (1 - out)  # bp: F1 BP301


class TanhMLP:
    """Holds the leaf tensors; the arithmetic goes through the Functions above."""

    def __init__(self, sizes, generator):
        self.weights, self.biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            w = torch.randn(n_out, n_in, generator=generator, dtype=torch.float64) / n_in ** 0.5
            self.weights.append(w.requires_grad_())
            self.biases.append(torch.zeros(n_out, dtype=torch.float64, requires_grad=True))

    def __call__(self, x):
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            x = AffineFn.apply(x, w, b)
            if i < last:
                x = TanhFn.apply(x)
        return x

    def parameters(self):
        return self.weights + self.biases
