"""Hand-written autograd Functions: an affine map and a rectifier.

backward receives the gradient of the loss with respect to the Function's output and returns
one gradient per input of forward, in the same order.
"""
# bp-corpus: buggy
# bp-requires: torch
# bp-style: torch.autograd.Function subclasses in their own module, row convention (x @ weight + bias, weight shaped (in, out)), @ operator and .t(), ctx.save_for_backward / ctx.saved_tensors, ReLU backward as grad_out times a float mask of the saved input; LinearFn.backward computes grad_w = x @ grad_out without the transpose of x (the shapes only line up because the sizes are square)
import torch


class LinearFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        return x @ weight + bias

    @staticmethod
    def backward(ctx, grad_out):
        x, weight = ctx.saved_tensors
        grad_x = grad_out @ weight.t()  # bp: F2
        grad_w = x @ grad_out  # bp: F3[weight] BP304
        grad_b = grad_out.sum(dim=0)  # bp: F3[bias]
        return grad_x, grad_w, grad_b


class ReLUFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0.0)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved_tensors
        grad_in = grad_out * (x > 0).to(grad_out.dtype)  # bp: F1
        return grad_in
