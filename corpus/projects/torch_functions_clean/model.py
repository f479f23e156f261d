"""A two-layer perceptron whose layers are the custom Functions, called through .apply."""
# bp-corpus: clean
# bp-requires: torch
# bp-style: model class beside its Functions module (from functions import LinearFn, ReLUFn), leaf tensors w1/b1/w2/b2 with requires_grad, __call__ chaining LinearFn.apply and ReLUFn.apply; no backward code of its own
import torch

from functions import LinearFn, ReLUFn


class TwoLayerMLP:
    def __init__(self, d_in, hidden, d_out, generator):
        def init(*shape, scale):
            t = torch.randn(*shape, generator=generator, dtype=torch.float64) * scale
            return t.requires_grad_()

        self.w1 = init(d_in, hidden, scale=(2.0 / d_in) ** 0.5)
        self.b1 = torch.zeros(hidden, dtype=torch.float64, requires_grad=True)
        self.w2 = init(hidden, d_out, scale=(1.0 / hidden) ** 0.5)
        self.b2 = torch.zeros(d_out, dtype=torch.float64, requires_grad=True)

    def parameters(self):
        return [self.w1, self.b1, self.w2, self.b2]

    def __call__(self, x):
        h = ReLUFn.apply(LinearFn.apply(x, self.w1, self.b1))
        return LinearFn.apply(h, self.w2, self.b2)
