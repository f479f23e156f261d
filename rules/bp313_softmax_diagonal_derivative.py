"""A softmax layer's backward multiplies the gradient by p * (1 - p): the Jacobian's diagonal only.

Fix: never

What it does:
    Finds formula 1 at a softmax layer written with the element-wise factor `p * (1 - p)` of the softmax
    output `p` (inline, or returned by a helper such as `Softmax.gradient`), applied to a gradient of the
    loss with respect to `p` (`-t / p`, a cross-entropy's ratio form). It reports the place where that
    factor is written. A fused output error `p - t` multiplied by the factor again is BP307's case, not this
    one's, and so is an error the factor turns back into `p - t` (`(p - t) / (p * (1 - p))`, or both terms of a
    binary cross-entropy's derivative): the product is then the fused delta, right as a whole.

Why is this bad:
    Each softmax output depends on every input of the layer: its Jacobian is `diag(p) - p pᵀ`, not the
    diagonal `p * (1 - p)` alone. Dropping the off-diagonal terms `-p_i p_j` gives gradients that are off by
    tens of percent for every weight below the layer, and the loss falls slowly or to the wrong place,
    with nothing to see. The product with an upstream gradient `g` is `p * (g - sum(g * p))`, summed over
    the classes.

Example:
    import numpy as np
    def softmax(v):
        e = np.exp(v - v.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    x, t = np.random.randn(16, 4), np.eye(3)[np.random.randint(0, 3, 16)]
    w = np.random.randn(4, 3)
    for step in range(200):
        p = softmax(x @ w)
        dp = -t / p                          # bp: error
        dy = dp * p * (1 - p)                # bp: F1 BP313
        w -= 0.1 * x.T @ dy                  # bp: F3 update[w]

Use instead:
    import numpy as np
    def softmax(v):
        e = np.exp(v - v.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    x, t = np.random.randn(16, 4), np.eye(3)[np.random.randint(0, 3, 16)]
    w = np.random.randn(4, 3)
    for step in range(200):
        p = softmax(x @ w)
        dp = -t / p                          # bp: error
        dy = p * (dp - np.sum(dp * p, axis=1, keepdims=True))   # bp: F1
        w -= 0.1 * x.T @ dy                  # bp: F3 update[w]
"""

from __future__ import annotations

import sys
from typing import Iterator

from bpscan.model import Model
from bpscan.results import Finding
from bpscan.rules import common
from bpscan.values import Val

CODE = "BP313"
NAME = "softmax-diagonal-derivative"
SEVERITY = "error"
PASTES = False


def check(model: Model) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    seen: set[int] = set()
    for e in model.of_kind("F1"):
        unit, deriv = e.unit, e.info.get("deriv")
        if unit is None or deriv is None or unit.act() != "softmax" or deriv.kind != "sigmoid" or \
                deriv.form != "output" or e.info.get("pos") == "y" or e.info.get("cancel") or \
                common.other_branch(e, unit):
            continue
        operand = deriv.operand
        if not isinstance(operand, Val) or operand.act is None or operand.act[0] != "softmax":
            continue  # (the factor must be written with the softmax's own output, not a sigmoid's beside it)
        if e.info.get("entry") and any(x.stmt is e.stmt and not x.info.get("entry") for x in model.of_kind("F1")):
            continue  # the file's own run feeds this backward: how it does decides (driven alone, it is fed anything)
        if _cancelled_by_diagonal(model, e):
            # `(p - y) / (p * (1 - p))` or `-y / p + (1 - y) / (1 - p)` times `p * (1 - p)` is `p - y` again: the
            # softmax-with-cross-entropy delta, right as a whole
            continue
        where = _written_at(e)
        if where.idx in seen:
            continue
        seen.add(where.idx)
        axis = "0" if unit.convention == "column" else "-1"
        p, g = common.name_of(operand), common.error_name(e.info.get("error"))
        # (the softmax output and the gradient by their names; an expression the code never names is `p`, `g`)
        p = p if p.replace(".", "").replace("_", "").isalnum() else "p"
        g = g if g.replace(".", "").replace("_", "").isalnum() else "g"
        related = [(common.activation_place(model, unit), "the forward pass applies softmax here")]
        if where is not e.stmt:
            related.append((e.stmt, "the backward multiplies the gradient by it here"))
        yield common.finding(
            rule, where,
            f"p * (1 - p) is only the diagonal of the softmax's Jacobian diag(p) - p pᵀ; formula 1 for "
            f"{common.unit_desc(unit)} is {p} * ({g} - np.sum({g} * {p}, axis={axis}, keepdims=True)) "
            f"(or fuse softmax with the cross-entropy and start from {p} - t)",
            related=related,
        )


def _written_at(e) -> object:  # type: ignore[no-untyped-def]
    """The statement where the `p * (1 - p)` factor is made: a helper's return, or the F1 statement itself."""
    value = e.info.get("value")
    error = e.info.get("error")
    for f in getattr(value, "factors", None) or ():
        if f is error or f.adj is not None or f.stmt is None or f.stmt is e.stmt:
            continue
        if f.op == "mul" and any(x.op == "sub" for x in f.factors or ()):
            return f.stmt
    return e.stmt


def _cancelled_by_diagonal(model: Model, e) -> bool:  # type: ignore[no-untyped-def]
    """The error the factor multiplies is one the diagonal turns back into `p - t`: cross-entropy's derivative
    divided by `p * (1 - p)`, or written with both of the binary cross-entropy's terms."""
    if any(x.info.get("bce") for x in model.of_kind("error") if x.unit is e.unit):
        return True
    err = e.info.get("error")
    return isinstance(err, Val) and err.op in ("add", "sub") and len(err.args) == 2 and \
        all(isinstance(a, Val) and a.op in ("div", "neg", "mul") for a in err.args)
