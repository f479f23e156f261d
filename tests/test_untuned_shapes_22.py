"""Shapes met in the twenty-first and twenty-second untuned probes of public code (2026-12-03), written again
in our own words: what a careful reader tags there, and silence where the code is right."""

from __future__ import annotations

import textwrap

from bpscan.analysis import analyze_source


def _line(src: str, needle: str) -> int:
    return next(i for i, text in enumerate(src.splitlines(), 1) if needle in text)


def _kinds(result, line: int) -> set[str]:  # type: ignore[no-untyped-def]
    return {t.kind for t in result.tags if t.line == line}


#: a two-layer regressor whose backward masks the hidden gradient where the ReLU's output is zero, and whose
#: driver hands the error straight to the backward method
RELU_OUTPUT_MASK = textwrap.dedent('''
    import numpy as np


    class Regressor:
        def __init__(self, n_in, n_hid, n_out):
            self.W1 = np.random.randn(n_in, n_hid) * 0.1
            self.b1 = np.zeros(n_hid)
            self.W2 = np.random.randn(n_hid, n_out) * 0.1
            self.b2 = np.zeros(n_out)

        def forward(self, X):
            self.X = X
            self.h = np.maximum(0, X @ self.W1 + self.b1)
            return self.h @ self.W2 + self.b2

        def backward(self, dout, lr):
            dW2 = self.h.T @ dout
            db2 = dout.sum(axis=0)
            dh = dout @ self.W2.T
            dh[self.h == 0] = 0
            dW1 = self.X.T @ dh
            db1 = dh.sum(axis=0)
            self.W2 -= lr * dW2
            self.b2 -= lr * db2
            self.W1 -= lr * dW1
            self.b1 -= lr * db1


    X = np.random.randn(64, 3)
    Y = np.random.randn(64, 2)
    net = Regressor(3, 16, 2)
    for it in range(200):
        pred = net.forward(X)
        net.backward(pred - Y, 0.01)
''')


def test_a_relu_mask_on_the_output_being_zero_is_formula_one_and_an_error_handed_over_is_no_loss() -> None:
    r = analyze_source(RELU_OUTPUT_MASK, "regressor.py")
    assert "F1" in _kinds(r, _line(RELU_OUTPUT_MASK, "dh[self.h == 0] = 0"))
    hand = _line(RELU_OUTPUT_MASK, "net.backward(pred - Y, 0.01)")
    assert "error" in _kinds(r, hand) and "loss" not in _kinds(r, hand)
    assert not r.findings
    # the mask on the wrong side (where the unit passed) is still read as the ReLU's derivative, not a new fault
    flipped = RELU_OUTPUT_MASK.replace("dh[self.h == 0] = 0", "dh[self.h != 0] = 0")
    assert "F1" in _kinds(analyze_source(flipped, "regressor.py"), _line(flipped, "dh[self.h != 0] = 0"))


#: printing the loss of a step is still the loss, not an error handed over
def test_an_error_reduced_inside_a_print_stays_the_loss() -> None:
    src = RELU_OUTPUT_MASK.replace(
        "    net.backward(pred - Y, 0.01)\n",
        "    print(np.mean((pred - Y) ** 2))\n    net.backward(2 * (pred - Y) / len(X), 0.01)\n")
    r = analyze_source(src, "regressor.py")
    assert _kinds(r, _line(src, "print(np.mean")) == {"loss"}
    assert "error" in _kinds(r, _line(src, "net.backward(2 *"))
