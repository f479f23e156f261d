'''An autograd engine's operation sets an operand's gradient with `=` instead of adding to it.

Fix: always

What it does:
    In a hand-written autograd engine, reports a backward closure that assigns an operand's share
    (`self.grad = other.data * out.grad`) where the chain rule sums the shares of every use
    (`self.grad += ...`). A loss's closure, which reads no upstream gradient and so starts the backward
    (`logits.grad = probs - onehot`), is not reported.

Why is this bad:
    A value used twice (a weight shared by two products, `a * a`, `x + x`, a node feeding two later
    ones) must receive the sum of both gradients. With `=`, the closure that runs last wins and the
    other contributions are lost: the gradient is right for a chain and silently wrong for any graph.

Example:
    class Value:
        def __init__(self, data, _children=()):
            self.data = data
            self.grad = 0.0
            self._backward = lambda: None
            self._prev = set(_children)

        def __add__(self, other):
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad = out.grad                 # bp: F2 BP312
                other.grad = out.grad                # bp: F2 BP312
            out._backward = _backward
            return out

Use instead:
    class Value:
        def __init__(self, data, _children=()):
            self.data = data
            self.grad = 0.0
            self._backward = lambda: None
            self._prev = set(_children)

        def __add__(self, other):
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad                # bp: F2
                other.grad += out.grad               # bp: F2
            out._backward = _backward
            return out
'''

from __future__ import annotations

import ast
import sys
from typing import TYPE_CHECKING, Iterator

from bpscan.results import Finding
from bpscan.rules import common

if TYPE_CHECKING:
    from bpscan.model import Model

CODE = "BP312"
#: its `expected` is the whole statement to paste over the flagged one
PASTES = True
NAME = "overwritten-share"
SEVERITY = "error"


def check(model: Model) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for w in model.engine.writes:
        if w.accumulates or w.starts_sum or w.terminal or not isinstance(w.node, ast.Assign):
            continue  # (a loss's closure, reading no upstream gradient, starts the backward: its `=` is the seed)
        stmt = common.syntax_stmt(w.node)
        target = ast.unparse(w.node.targets[0])
        yield common.finding(
            rule, stmt,
            f"in {w.where}'s backward, {target} is assigned, not added to: a value used more than once "
            f"(a shared weight, `a * a`) keeps only the share of the operation whose backward runs last; "
            f"the chain rule sums every use's share",
            expected=ast.unparse(ast.AugAssign(target=w.node.targets[0], op=ast.Add(), value=w.node.value)),
        )
