'''An autograd engine's operation multiplies the upstream gradient by a derivative its forward does not have.

Fix: when offered

What it does:
    In a hand-written autograd engine (micrograd's shape: an operator builds `out` from the operands'
    `.data` and keeps a closure that adds each operand's share to its `.grad`), compares every
    operand's local derivative in the closure with the derivative of the operator's own forward
    expression, computed by central differences at a few points. The file is not run: bpscan
    evaluates the operator's arithmetic and `math` calls itself. It also reports a share that does not
    multiply by the output's gradient (the chain rule's other factor).

    The fix, when offered, writes the share with a local derivative built from the operator's own
    names (`other.data`, `t`, `out.data`) that matches the forward at every point tried.

Why is this bad:
    Every gradient in the engine passes through these few lines. A tanh derivative written as
    sigmoid's `t * (1 - t)`, or a product that hands each operand its own value instead of the other
    one, makes every gradient of every model built on the engine wrong, and the loss does not fall.

Example:
    import math

    class Value:
        def __init__(self, data, _children=()):
            self.data = data
            self.grad = 0.0
            self._backward = lambda: None
            self._prev = set(_children)

        def __mul__(self, other):
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += self.data * out.grad    # bp: F2 F3 BP311
                other.grad += self.data * out.grad   # bp: F2 F3
            out._backward = _backward
            return out

        def tanh(self):
            t = math.tanh(self.data)
            out = Value(t, (self,))

            def _backward():
                self.grad += t * (1 - t) * out.grad  # bp: F1 BP311
            out._backward = _backward
            return out

Use instead:
    import math

    class Value:
        def __init__(self, data, _children=()):
            self.data = data
            self.grad = 0.0
            self._backward = lambda: None
            self._prev = set(_children)

        def __mul__(self, other):
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad   # bp: F2 F3
                other.grad += self.data * out.grad   # bp: F2 F3
            out._backward = _backward
            return out

        def tanh(self):
            t = math.tanh(self.data)
            out = Value(t, (self,))

            def _backward():
                self.grad += (1 - t ** 2) * out.grad  # bp: F1
            out._backward = _backward
            return out
'''

from __future__ import annotations

import ast
import re
import sys
from typing import TYPE_CHECKING, Iterator

from bpscan.engines import OpWrite
from bpscan.results import Finding
from bpscan.rules import common

if TYPE_CHECKING:
    from bpscan.model import Model

CODE = "BP311"
#: its `expected`, when given, is the whole statement to paste over the flagged one
PASTES = True
NAME = "local-derivative-mismatch"
SEVERITY = "error"


#: what an activation helper's `backward` is handed when it returns the derivative alone: the forward's value
_FORWARD_VALUE = re.compile(r"^(out(put)?s?|y|a|z|x|h|act(ivation)?s?|value|result|inputs?|weighted_input|"
                            r"net(_input)?|pre_?act(ivation)?)$", re.IGNORECASE)


def check(model: Model) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    # lines whose derivative the interpreter reads as a layer's (BP301 and its kin speak for them)
    derived = {e.stmt.line for e in model.of_kind("F1") if e.stmt.mod is None and e.info.get("deriv") is not None}
    returned: dict[int, list[OpWrite]] = {}
    for w in model.engine.writes:
        if w.verdict not in ("wrong", "unchained"):
            continue
        if w.verdict == "unchained" and _FORWARD_VALUE.match(w.upstream or ""):
            # `def backward(self, output): return 1` of an activation helper whose caller multiplies: handed the
            # forward's value, not a gradient, it returns the derivative alone by design
            continue
        stmt = common.syntax_stmt(w.node)
        if isinstance(w.node, ast.Return):
            # an operation class's backward returns each input's gradient: one finding names every wrong one
            if w.node.lineno not in derived:
                returned.setdefault(id(w.node), []).append(w)
            continue
        target = ast.unparse(w.node.target if isinstance(w.node, ast.AugAssign) else w.node.targets[0])  # type: ignore
        expected = None
        if w.expected is not None:
            share = w.upstream if w.expected == "1" else f"-{w.upstream}" if w.expected == "-1" else \
                f"{w.expected} * {w.upstream}"
            expected = f"{target} += {share}"
        op = w.where
        forward = f"`{w.forward}`" if w.forward else "its output"
        if w.verdict == "unchained":
            message = (f"in {op}'s backward, {target} gets `{w.written}`, which does not multiply by the output's "
                       f"gradient {w.upstream}: the chain rule is d{w.operand} += (d out / d {w.operand}) * "
                       f"{w.upstream}")
        else:
            message = (f"in {op}'s backward, the local derivative for {w.operand} in `{w.written}` is not the "
                       f"derivative of the forward {forward} with respect to {w.operand} (compared at several "
                       f"points): d{w.operand} += (d out / d {w.operand}) * {w.upstream}")
            if w.expected is not None:
                message += f", and d out / d {w.operand} is `{w.expected}` here"
        yield common.finding(rule, stmt, message, expected=expected)
    for ws in returned.values():
        yield common.finding(rule, common.syntax_stmt(ws[0].node), "; ".join(_returned_message(w) for w in ws))


def _returned_message(w: OpWrite) -> str:
    forward = f"`{w.forward}`" if w.forward else "its output"
    if w.verdict == "unchained":
        return (f"{w.cls}.backward returns `{w.written}` for {w.operand}, which does not multiply by the gradient "
                f"it is handed, {w.upstream}: the chain rule is d{w.operand} = (d out / d {w.operand}) * {w.upstream}")
    return (f"{w.cls}.backward returns `{w.written}` for {w.operand}, whose local derivative is not the derivative of "
            f"the forward {forward} with respect to {w.operand} (compared at several points): d{w.operand} = "
            f"(d out / d {w.operand}) * {w.upstream}")
