"""An update assigns the step itself to the parameter: the parameter's current value is thrown away.

Fix: always

What it does:
    Reports an update of a weight or bias that the forward pass uses, written as an assignment of
    the scaled gradient alone (`W = -lr * dW`) where the parameter's own term is missing
    (`W = W - lr * dW`). The premise is established by the model: the target is a parameter of a
    layer the forward pass computes, and the assigned value is this very parameter's gradient
    (formula 3 for it) times a step size, and nothing else.

Why is this bad:
    After the first step every weight is just a small multiple of its last gradient: whatever the
    network learned is discarded on each step. The loss may even fall a little at first (weights
    near zero fit some data), which hides the slip.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 2)
    w = np.random.randn(3, 2)
    for step in range(100):
        y = x.dot(w)
        e = y - t                            # bp: error
        dw = x.T.dot(e)                      # bp: F3[w]
        w = -0.01 * dw                       # bp: update[w] BP202

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 2)
    w = np.random.randn(3, 2)
    for step in range(100):
        y = x.dot(w)
        e = y - t                            # bp: error
        dw = x.T.dot(e)                      # bp: F3[w]
        w = w - 0.01 * dw                    # bp: update[w]
"""

from __future__ import annotations

import ast
import sys
from typing import Iterator

from bpscan.model import Model
from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP202"
#: its `expected` is the whole statement to paste over the flagged one
PASTES = True
NAME = "update-drops-parameter"
SEVERITY = "error"


def _kept_step(node: ast.AST, direction: int) -> str | None:
    """The statement with the parameter's own term put back, stepping down the gradient: `W = W - lr * dW` for
    `W = -lr * dW` (and for `W = lr * dW` of a step that also climbs)."""
    if not isinstance(node, ast.Assign) or len(node.targets) != 1 or direction not in (-1, 1):
        return None
    target, value = node.targets[0], node.value
    negated = isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub)
    size: ast.expr = value.operand if negated else value  # type: ignore[attr-defined]
    if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Mult, ast.Div)) and \
            isinstance(value.left, ast.UnaryOp) and isinstance(value.left.op, ast.USub):
        negated, size = True, ast.BinOp(left=value.left.operand, op=value.op, right=value.right)  # `-lr * dW`
    # (the value descends: add it, or take away what it negates; it climbs: the other way round)
    subtract = negated if direction == -1 else not negated
    fixed = ast.Assign(targets=[target], value=ast.BinOp(left=target, op=ast.Sub() if subtract else ast.Add(),
                                                         right=size), lineno=0)
    return ast.unparse(fixed)


def check(model: Model) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("update"):
        if not e.info.get("dropped") or e.leaf is None:
            continue
        name = e.leaf.name
        climbs = e.info.get("direction") == 1
        related = [(f3.stmt, f"the gradient of {name} is computed here") for f3 in model.of_kind("F3")
                   if f3.leaf is e.leaf and f3.stmt is not e.stmt]
        yield common.finding(
            rule, e.stmt,
            f"update of {name} assigns the step alone (`{model.stmt_text(e.stmt)}`): an update is {name} minus "
            f"the learning rate times its gradient, and {name}'s own term is missing here, so each step replaces "
            f"what {name} learned with a multiple of its gradient" +
            (" (and the step's sign climbs the loss)" if climbs else ""),
            expected=_kept_step(e.stmt.node, e.info.get("direction", 0)), related=related[:1],
        )
