"""The activation derivative is applied although the loss cancels it.

Fix: when offered

What it does:
    Detects how the loss is computed (cross-entropy on a softmax or sigmoid output) and reports an
    F1 that multiplies the output delta `z - t` by the activation derivative once more. A sigmoid output whose
    squared error the file computes too (`if loss == "mse": ... else: ...`) is left alone: with that loss the
    derivative does not cancel, and which loss trains it is a choice the code leaves open.

    The fix replaces the flagged statement: its derivative factors (those that read only the output,
    `p * (1 - p)`) go, the error and any scaling (`/ n`) stay. It is offered only when the derivative
    is written in the statement itself; a factor computed on another line (`(out - y) * sp`) is left
    to the message.

Why is this bad:
    With cross-entropy the derivative of softmax or sigmoid cancels: the output delta is simply
    `z - t`. Multiplying by `z * (1 - z)` again shrinks the gradient exactly where the network is
    most wrong, and learning crawls.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randint(0, 2, (8, 1))
    w = np.random.randn(3, 1)
    for step in range(100):
        p = 1 / (1 + np.exp(-x.dot(w)))
        loss = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
        delta = (p - t) * p * (1 - p)        # bp: error F1 BP307
        w -= 0.1 * x.T.dot(delta)            # bp: F3 update[w]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randint(0, 2, (8, 1))
    w = np.random.randn(3, 1)
    for step in range(100):
        p = 1 / (1 + np.exp(-x.dot(w)))
        loss = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
        delta = p - t                        # bp: error F1
        w -= 0.1 * x.T.dot(delta)            # bp: F3 update[w]
"""

from __future__ import annotations

import ast
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP307"
#: its `expected`, when given, is the whole statement to paste over the flagged one
PASTES = True
NAME = "double-derivative"
SEVERITY = "error"


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F1"):
        unit = e.unit
        if e.info.get("deriv") is None or e.info.get("pos") != "y" or unit is None:
            continue
        if not (unit.act() == "softmax" or (unit.act() == "sigmoid" and unit.ce)):
            continue
        if unit.sq:
            # (`if loss == "mse": ... else: ...`: the squared error's delta needs the derivative the cross-entropy's
            # cancels, and which of the two trains this output is a choice the code leaves open)
            continue
        deriv = e.info["deriv"]
        if deriv.kind in ("relu", "leaky_relu", "tanh", "either"):
            # a ReLU's mask or tanh's derivative on the output's error is no derivative of this output's own
            # activation taken again: another layer's backward met the error (layers kept in a list whose order
            # the model could not follow), not this rule's fault
            continue
        z = common.name_of(unit.output)
        old = common.derivative_operand(e.stmt, common.name_of(deriv.operand), common.error_name(e.info.get("error")))
        fixed = common.rewrite(e.stmt, common.replace_factors(old, None)) if old is not None else None
        if fixed is not None and _shared(model, e):
            # an activation's own backward (`class Sigmoid: def backward(...)`), or a statement other layers pass
            # through too: removing the derivative there would break every other use of it
            fixed = None
        yield common.finding(
            rule, e.stmt,
            f"F1 for a {unit.act()} output with cross-entropy: delta = {z} - t, because the loss cancels the "
            f"activation's derivative — this statement multiplies by the derivative again",
            expected=fixed,
        )


def _shared(model: Any, e: Any) -> bool:
    """The flagged statement serves more than this output layer: another unit's F1 passes through it, or it is
    the backward method of a class (each instance of which may be a hidden layer, or meet another loss)."""
    if any(x.stmt is e.stmt and x.unit is not e.unit for x in model.of_kind("F1")):
        return True
    func = e.stmt.func
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or not func.args.args or \
            func.args.args[0].arg != "self":
        return False
    return common.enclosing_class(model.tree, func) is not None
