"""Custom autograd Functions whose forward calls torch.nn.functional and whose backward uses torch.nn.grad."""
# bp-corpus: clean
# bp-requires: torch
# bp-style: torch.autograd.Function subclasses with no driver in the file; forward through F.linear (weight laid out (out, in)) and F.conv2d, ctx.saved_variables (the old name), backward through grad_output.mm(weight), grad_output.t().mm(input) and torch.nn.grad.conv2d_input / conv2d_weight
# bp-driver: drivers/autograd_fn_functional_linear_conv_clean_driver.py
import torch
import torch.nn.functional as F


class LinearFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        return F.linear(input, weight, bias)

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_variables
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)  # bp: F2
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)  # bp: F3[weight]
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)  # bp: F3[bias]
        return grad_input, grad_weight, grad_bias


class Conv2dFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None, padding=1):
        ctx.save_for_backward(input, weight, bias)
        ctx.padding = padding
        return F.conv2d(input, weight, bias, padding=padding)

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = torch.nn.grad.conv2d_input(input.shape, weight, grad_output, padding=ctx.padding)  # bp: F2
        grad_weight = torch.nn.grad.conv2d_weight(input, weight.shape, grad_output, padding=ctx.padding)  # bp: F3[weight]
        grad_bias = grad_output.sum((0, 2, 3)) if bias is not None else None  # bp: F3[bias]
        return grad_input, grad_weight, grad_bias, None


linear = LinearFn.apply
conv2d = Conv2dFn.apply
