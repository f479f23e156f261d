"""Shapes met in the later untuned probes of public code (the nineteenth and twentieth, 2026-12-03), written
again in our own words: what a careful reader tags there, and silence where the code is right."""

from __future__ import annotations

import textwrap

from bpscan.analysis import analyze_source


def _line(src: str, needle: str) -> int:
    return next(i for i, text in enumerate(src.splitlines(), 1) if needle in text)


def _kinds(result, line: int) -> set[str]:  # type: ignore[no-untyped-def]
    return {t.kind for t in result.tags if t.line == line}


#: a hidden layer normalised by a batch norm with a learnt gain and shift, written out by hand in torch
#: tensors, and every parameter stepped from one list of gradients in the same order
BATCHNORM_BY_HAND = textwrap.dedent('''
    import torch
    import torch.nn.functional as F

    n_batch, n_in, n_hid, n_cls = 32, 8, 24, 4
    W1 = torch.randn((n_in, n_hid)) * 0.2
    c1 = torch.zeros(n_hid)
    W2 = torch.randn((n_hid, n_cls)) * 0.1
    c2 = torch.zeros(n_cls)
    gain = torch.ones((1, n_hid))
    shift = torch.zeros((1, n_hid))
    weights = [W1, c1, W2, c2, gain, shift]
    data = torch.randn(500, n_in)
    labels = torch.randint(0, n_cls, (500,))

    with torch.no_grad():
        for step in range(2000):
            pick = torch.randint(0, 500, (n_batch,))
            xb, yb = data[pick], labels[pick]
            hpre = xb @ W1 + c1
            mean = hpre.mean(0, keepdim=True)
            var = hpre.var(0, keepdim=True, unbiased=True)
            rstd = (var + 1e-5) ** -0.5
            hnorm = (hpre - mean) * rstd
            hbn = gain * hnorm + shift
            hact = torch.tanh(hbn)
            logits = hact @ W2 + c2
            dlogits = F.softmax(logits, 1)
            dlogits[range(n_batch), yb] -= 1
            dlogits /= n_batch
            dhact = dlogits @ W2.T
            dW2 = hact.T @ dlogits
            dc2 = dlogits.sum(0)
            dhbn = (1.0 - hact ** 2) * dhact
            dgain = (hnorm * dhbn).sum(0, keepdim=True)
            dshift = dhbn.sum(0, keepdim=True)
            dhpre = gain * rstd / n_batch * (n_batch * dhbn - dhbn.sum(0)
                                             - n_batch / (n_batch - 1) * hnorm * (dhbn * hnorm).sum(0))
            dW1 = xb.T @ dhpre
            dc1 = dhpre.sum(0)
            grads = [dW1, dc1, dW2, dc2, dgain, dshift]
            for p, g in zip(weights, grads):
                p.data += -0.05 * g
''')


def test_a_batch_norm_input_gradient_scaled_by_the_gain_is_not_the_gradient_of_the_gain() -> None:
    """`dhpre = gain * rstd / n * (...)`: the error of the layer before the batch norm, through the gain and
    the normalisation. Before, it kept the place of the norm's delta, so `dW1 = xb.T @ dhpre` was taken
    for the gain's gradient and the zip update of W1 was reported as applying the gradient of `gain`
    (BP103, high, a false alarm in the nineteenth probe)."""
    src = BATCHNORM_BY_HAND
    result = analyze_source(src, "bn.py")
    assert [(f.code, f.line) for f in result.findings] == []
    assert not any(t.param == "gain" for t in result.tags if t.line == _line(src, "dW1 = xb.T @ dhpre"))
    assert "F3" in _kinds(result, _line(src, "dgain = (hnorm * dhbn)"))
    assert "F3" in _kinds(result, _line(src, "dW2 = hact.T @ dlogits"))


#: an LSTM cell whose gates are activation objects, each with its own backward; the cell tanh's backward
#: is applied to the hidden gradient before the output gate multiplies it (the same value either way)
LSTM_FROM_ACTIVATION_OBJECTS = textwrap.dedent('''
    import numpy as np


    class TanhAct:
        def forward(self, x):
            self.y = np.tanh(x)
            return self.y

        def backward(self, grad):
            return grad * (1 - self.y ** 2)


    class SigmoidAct:
        def forward(self, x):
            self.s = 1 / (1 + np.exp(-x))
            return self.s

        def backward(self, grad):
            return grad * self.s * (1 - self.s)


    class GateCell:
        def __init__(self, Wrec, Win, bias):
            self.n = Wrec.shape[0]
            self.Wrec, self.Win, self.bias = Wrec, Win, bias
            self.forget, self.cand, self.inp, self.outg, self.squash = (
                SigmoidAct(), TanhAct(), SigmoidAct(), SigmoidAct(), TanhAct())

        def forward(self, x, h_prev, c_prev):
            n = self.n
            self.x, self.h_prev, self.c_prev = x, h_prev, c_prev
            a = x @ self.Win + h_prev @ self.Wrec + self.bias
            self.f = self.forget.forward(a[:, :n])
            self.g = self.cand.forward(a[:, n:2 * n])
            self.i = self.inp.forward(a[:, 2 * n:3 * n])
            self.o = self.outg.forward(a[:, 3 * n:])
            self.cell = self.f * c_prev + self.g * self.i
            self.tc = self.squash.forward(self.cell)
            return self.o * self.tc, self.cell

        def backward(self, dh, dcell):
            do = dh * self.tc
            dcell += self.o * self.squash.backward(dh)
            dc_prev = self.f * dcell
            df = self.c_prev * dcell
            dg = self.i * dcell
            di = self.g * dcell
            df *= self.forget.backward(1)
            dg *= self.cand.backward(1)
            di *= self.inp.backward(1)
            do *= self.outg.backward(1)
            da = np.hstack((df, dg, di, do))
            self.dWin = self.x.T @ da
            self.dWrec = self.h_prev.T @ da
            self.dbias = da.sum(axis=0)
            return dc_prev, da @ self.Wrec.T, da @ self.Win.T
''')


def test_a_tanh_backward_taken_before_the_output_gate_is_not_a_sigmoid_derivative_on_a_tanh_gate() -> None:
    """`dcell += self.o * self.squash.backward(dh)`: the derivative is taken on dh before the output gate
    multiplies it. Before, the product kept the place of the cell's tanh, so the forget and input gates'
    own sigmoid derivatives were reported as applied to a tanh gate (BP301, high, twice, in the nineteenth
    probe). Now the place is left open, the cell gradient handed in (`dcell`, named after `self.cell` that
    forward returns) carries the chain, and the weight gradients are tagged."""
    src = LSTM_FROM_ACTIVATION_OBJECTS
    result = analyze_source(src, "cell.py")
    assert [(f.code, f.line) for f in result.findings] == []
    assert "F1" in _kinds(result, _line(src, "df *= self.forget.backward(1)"))
    assert "F3" in _kinds(result, _line(src, "self.dWin = self.x.T @ da"))
    assert "F3" in _kinds(result, _line(src, "self.dWrec = self.h_prev.T @ da"))
