"""An activation's derivative is written with its sign turned: every delta through it points uphill.

Fix: always

What it does:
    Finds the sigmoid's derivative written as `s * (s - 1)` (for `s = sigmoid(y)`), in a helper
    (`def dsigmoid(s): return s * (s - 1)`) or inline. The derivative is `s * (1 - s)`, which is never
    negative; `s * (s - 1)` is its negation.

Why is this bad:
    Formula 1 (`delta = f'(y) * error`) then gives every delta of the layer the wrong sign, and so every
    weight gradient made from it (formula 3) and every error sent on below (formula 2). The update that
    subtracts such a gradient climbs the loss for those weights while the others descend: training
    stalls or diverges, and nothing crashes. (The steps made from such a delta are not each reported as
    climbing the loss: the fault is here, and it is reported here once.)

Example:
    import numpy as np
    def sigmoid(v):
        return 1 / (1 + np.exp(-v))
    def dsigmoid(s):
        return s * (s - 1)                   # bp: BP310
    x, t = np.random.randn(16, 3), np.random.randn(16, 1)
    w1, w2 = np.random.randn(3, 5), np.random.randn(5, 1)
    for step in range(200):
        h = sigmoid(x @ w1)
        out = h @ w2
        err = out - t                        # bp: error
        dw2 = h.T @ err                      # bp: F3[w2]
        dh = err @ w2.T * dsigmoid(h)        # bp: F2 F1
        dw1 = x.T @ dh                       # bp: F3[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]
        w1 -= 0.01 * dw1                     # bp: update[w1]

Use instead:
    import numpy as np
    def sigmoid(v):
        return 1 / (1 + np.exp(-v))
    def dsigmoid(s):
        return s * (1 - s)
    x, t = np.random.randn(16, 3), np.random.randn(16, 1)
    w1, w2 = np.random.randn(3, 5), np.random.randn(5, 1)
    for step in range(200):
        h = sigmoid(x @ w1)
        out = h @ w2
        err = out - t                        # bp: error
        dw2 = h.T @ err                      # bp: F3[w2]
        dh = err @ w2.T * dsigmoid(h)        # bp: F2 F1
        dw1 = x.T @ dh                       # bp: F3[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]
        w1 -= 0.01 * dw1                     # bp: update[w1]
"""

from __future__ import annotations

import ast
import sys
from typing import Iterator

from bpscan.model import Model
from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP310"
NAME = "negated-derivative"
SEVERITY = "error"
PASTES = True


def check(model: Model) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    seen: set[int] = set()
    for e in model.of_kind("negated_deriv"):
        if e.stmt.idx in seen:
            continue
        seen.add(e.stmt.idx)
        turned = _turned(e.stmt.node)
        if turned is None:
            continue  # the `s - 1` is not written in this statement: no place to point at
        name = ast.unparse(turned.left)
        yield common.finding(
            rule, e.stmt,
            f"{name} * ({name} - 1) is the sigmoid's derivative with its sign turned: the derivative is "
            f"{name} * (1 - {name}), never negative, so formula 1 gives every delta through this factor the "
            f"wrong sign and the steps made from it climb the loss",
            expected=common.rewrite(e.stmt, _swap(turned)),
        )


def _turned(node: ast.AST) -> ast.BinOp | None:
    """The `s - 1` of the statement (the sub-expression that turns the derivative's sign)."""
    for n in ast.walk(node):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) and isinstance(n.right, ast.Constant) and \
                n.right.value == 1:
            return n
    return None


def _swap(turned: ast.BinOp):  # type: ignore[no-untyped-def]
    """A rewrite of the statement with `s - 1` written `1 - s`."""
    text = ast.unparse(turned)

    def apply(tree: ast.AST) -> bool:
        done = False
        for n in ast.walk(tree):
            for field, value in ast.iter_fields(n):
                if isinstance(value, ast.BinOp) and ast.unparse(value) == text:
                    setattr(n, field, ast.BinOp(left=value.right, op=ast.Sub(), right=value.left))  # 1.0 stays 1.0
                    done = True
        return done
    return apply
