"""A bias gradient is summed over all axes instead of over the batch axis.

Fix: when offered

What it does:
    Reports a bias gradient written `delta.sum()` / `np.sum(delta)` (every axis) when the bias has
    more than one element; formula 3 for a bias sums delta over the batch axis only
    (`delta.sum(axis=0)` in row convention, `axis=1` in column convention).

Why is this bad:
    Every unit's bias then moves by the same amount — the total error of the whole layer — so the
    biases cannot learn anything unit-specific. The article's Torch example has this defect.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 2)
    w, b = np.random.randn(3, 2), np.zeros((1, 2))
    for step in range(100):
        out = x.dot(w) + b
        delta = out - t                      # bp: error
        w -= 0.01 * x.T.dot(delta)           # bp: F3 update[w]
        b -= 0.01 * delta.sum()              # bp: F3 update[b] BP401

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 2)
    w, b = np.random.randn(3, 2), np.zeros((1, 2))
    for step in range(100):
        out = x.dot(w) + b
        delta = out - t                      # bp: error
        w -= 0.01 * x.T.dot(delta)           # bp: F3 update[w]
        b -= 0.01 * delta.sum(axis=0)        # bp: F3 update[b]
"""

from __future__ import annotations

import ast
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common
from bpscan.terms import single_target

CODE = "BP401"
#: its `expected` is the whole statement to paste over the flagged one
PASTES = True
NAME = "bias-reduction"
SEVERITY = "warning"


def _created(model: Any, bias: Any) -> common.Place:
    """Where a bias was made: its initialiser's file when known (a notebook may make it for helpers.py)."""
    stmt = getattr(bias.src, "stmt", None)
    hints = [stmt.mod] if stmt is not None and stmt.line == bias.line else []
    if bias.use_stmt is not None:
        hints.append(getattr(bias.use_stmt, "mod", None))
    return common.place(model, bias.line, *hints)


def _element_index(node: ast.AST) -> bool:
    """`[f]`, `[n, f]`, `[0]`: an element of an array (not a dict key such as `["db" + str(l)]`)."""
    parts = node.elts if isinstance(node, ast.Tuple) else [node]
    return all(isinstance(p, ast.Name) or isinstance(p, ast.Constant) and type(p.value) is int for p in parts)


def _one_unit(e: Any) -> bool:
    """`gb[f] += np.sum(dy[n, f])`: the total goes into one element of the bias gradient, or sums a
    delta already cut down to one unit's entries; every unit keeps its own gradient."""
    target = single_target(e.stmt.node)
    if isinstance(target, ast.Subscript) and _element_index(target.slice):
        return True
    delta = e.info.get("delta")
    for _ in range(4):
        if delta is None or delta.op != "getitem" or not delta.args:
            break
        idx = delta.args[1] if len(delta.args) > 1 else None
        parts = idx.elems if idx is not None and idx.kind == "seq" and idx.elems else [idx]
        if any(p is not None and p.op == "loopvar" for p in parts):
            return True
        delta = delta.args[0]
    return False


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F3"):
        if not e.info.get("bias") or not e.info.get("all_axes"):
            continue
        if _one_unit(e):
            continue
        unit = e.unit
        bias = e.leaf or (unit.biases[0] if unit is not None and unit.biases else None)
        if bias is None or (bias.size is not None and bias.size <= 1):
            continue
        # a layer library's bias (an argument, its size not in the file) has one entry per output unit
        # for every layer the library builds: summing over all axes is wrong for all but width 1
        # except at the output, whose width is the target's, and one is common (a logistic unit)
        generic = bias.size is None and bias.presumed and unit is not None and not unit.presumed and \
            bool(unit.layers) and unit.layers[0].convention in ("row", "column") and \
            not any(err.unit is unit for err in common.error_events(model))
        if bias.size is None and not generic:
            continue
        conv = unit.layers[0].convention if unit is not None and unit.layers else "row"
        axis = 1 if conv == "column" else 0
        delta = common.name_of(e.info.get("delta"))
        keep = conv == "column"
        expected = common.rewrite(e.stmt, common.add_axis(delta, axis, keep)) or \
            common.rewrite(e.stmt, common.add_axis(None, axis, keep)) or f"{delta}.sum(axis={axis})"
        yield common.finding(
            rule, e.stmt,
            f"the gradient of bias {bias.name} ({f'{bias.size} elements' if bias.size else 'one per output unit'}) "
            f"sums {delta} over all axes; formula 3 "
            f"for a bias sums over the batch axis only, so each unit keeps its own gradient",
            expected=expected,
            related=[(_created(model, bias), f"{bias.name} is created here with {bias.size} elements")
                     if bias.size else (bias.use_stmt or bias.first_use,
                                        f"{bias.name} is added here in the forward pass, one entry per output unit")],
        )
