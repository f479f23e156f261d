"""Buggy: custom autograd Functions whose ReLU backward masks where the incoming gradient is negative instead of where the input was."""
# bp-corpus: buggy
# bp-requires: torch
# bp-style: torch.autograd.Function subclasses with no driver in the file, row convention, @staticmethod forward(ctx, x, w, b) with ctx.save_for_backward, backward(ctx, grad_output) reading ctx.saved_tensors, .mm and .t(), needs_input_grad checks, custom ReLU with clone + mask; ReLUFunction.backward tests grad_output < 0 instead of x < 0
# bp-driver: drivers/autograd_fn_linear_relu_buggy_mask_grad_output_driver.py
import torch


class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w, b)
        return x.mm(w) + b

    @staticmethod
    def backward(ctx, grad_output):
        x, w, b = ctx.saved_tensors
        grad_x = grad_w = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_output.mm(w.t())  # bp: F2
        if ctx.needs_input_grad[1]:
            grad_w = x.t().mm(grad_output)  # bp: F3[w]
        if ctx.needs_input_grad[2]:
            grad_b = grad_output.sum(0)  # bp: F3[b]
        return grad_x, grad_w, grad_b


class ReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        grad_input = grad_output.clone()  # bp: F1
        grad_input[grad_output < 0] = 0  # bp: F1 BP302
        return grad_input


linear = LinearFunction.apply
relu = ReLUFunction.apply
