"""Formula 2 uses a weight that this training step has already updated.

Fix: when offered

What it does:
    Orders the statements of a training step and reports an F2 product whose weight was updated
    after the forward pass used it and before the error was sent back through it.

    The fix moves this statement, unchanged, above the update (`move_before` in JSON, "move before
    line N" in the report). It is offered only when that is certain: both statements in the same
    block, each on lines of its own, and nothing between them (the update apart) writes what this
    statement reads, reads or writes what it assigns, or calls code that could change either.

Why is this bad:
    Backpropagation must use the weights the forward pass used. Updating layer by layer on the way
    down mixes old activations with new weights; it often still trains, but not along the gradient.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        h = np.tanh(x.dot(w1))
        out = h.dot(w2)
        delta = out - t                      # bp: error
        w2 -= 0.01 * h.T.dot(delta)          # bp: F3 update[w2]
        error_h = delta.dot(w2.T)            # bp: F2 BP306
        delta_h = error_h * (1 - h ** 2)     # bp: F1
        w1 -= 0.01 * x.T.dot(delta_h)        # bp: F3 update[w1]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        h = np.tanh(x.dot(w1))
        out = h.dot(w2)
        delta = out - t                      # bp: error
        error_h = delta.dot(w2.T)            # bp: F2
        delta_h = error_h * (1 - h ** 2)     # bp: F1
        w2 -= 0.01 * h.T.dot(delta)          # bp: F3 update[w2]
        w1 -= 0.01 * x.T.dot(delta_h)        # bp: F3 update[w1]
"""

from __future__ import annotations

import ast
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP306"
NAME = "stale-weight"
SEVERITY = "warning"
#: its `expected`, when given, is the flagged statement itself, to move above line `move_before`
PASTES = True
#: calls between the two statements that cannot touch the arrays involved: array modules' functions and
#: reading methods of arrays
_SAFE_ROOTS = {"np", "numpy", "torch", "cp", "cupy", "jnp", "math"}
#: builtins a loop around the update may call: they read, and change nothing
_SAFE_BUILTINS = {"enumerate", "range", "zip", "len", "reversed", "abs", "min", "max", "sum", "float", "int"}
_SAFE_METHODS = {"dot", "sum", "mean", "max", "min", "reshape", "transpose", "copy", "astype", "item", "t",
                 "mm", "matmul", "exp", "log", "clip", "clamp", "flatten", "ravel", "squeeze", "unsqueeze",
                 "view", "argmax", "std", "var", "abs", "sqrt", "detach", "clone", "numpy", "tolist"}


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F2"):
        if not e.info.get("stale") or e.leaf is None:
            continue
        leaf = e.leaf
        ups = [u for u in model.updates_of(leaf) if u.t < e.t]
        related = [(u.stmt, f"{leaf.name} is updated here, before the error is sent back") for u in ups[-1:]]
        stmt = e.stmt
        site = e.info.get("site")
        if ups and site is not None and site.func is ups[-1].stmt.func and site.func is not e.stmt.func:
            # `compute_bn_gradients(error, x, self.weights, ...)` after the step: the helper is right for what it
            # is handed; the fault is the call that hands it the stepped weight
            related.append((e.stmt, f"the helper sends the error back through {leaf.name} here"))
            stmt = site
        before = _move_target(model, stmt, ups[-1].stmt) if ups else None
        yield common.finding(
            rule, stmt,
            f"F2 sends the error back through {leaf.name}, which this step has already updated; formula 2 "
            f"must use the weight the forward pass used, so {common.target_of(stmt)} is computed before "
            f"the update",
            expected=model.stmt_text(stmt) if before is not None else None,
            related=related, move_before=before,
        )


def _move_target(model: Any, f2: Any, update: Any) -> int | None:
    """The update's first line, when moving the F2 statement above it changes nothing but the weight it
    reads; otherwise None."""
    if f2.mod is not None or update.mod is not None or not isinstance(f2.node, (ast.Assign, ast.AugAssign)):
        return None
    body = _body_of(model.tree, f2.node)
    if body is None:
        return None
    # (the update may sit in loops of this block: `for i, neuron in enumerate(layer): for j, ...: neuron[j] -= ...`,
    # moved above as a whole)
    block = next((st for st in body if any(n is update.node for n in ast.walk(st))), None)
    if block is None:
        return None
    i, j = body.index(block), body.index(f2.node)
    if i >= j:
        return None
    # each statement on lines of its own (no `a = 1; b = 2` sharing a line with either)
    for k in (i, j):
        if k > 0 and body[k - 1].end_lineno >= body[k].lineno:
            return None
        if k + 1 < len(body) and body[k + 1].lineno <= body[k].end_lineno:
            return None
    written = {_place(t) for t in (f2.node.targets if isinstance(f2.node, ast.Assign) else [f2.node.target])}
    read = _reads(f2.node.value)
    for st in body[i:j]:
        stores = {_place(t) for t in _stored(st)}
        if st is update.node:
            stores = set()  # the weight it steps is what the move is for
        elif not _calls_are_safe(st):
            return None
        elif st is block:
            stores -= {_place(t) for t in _stored(update.node)}  # (and the loops around it bind only their own names)
        if stores & (read | written) or _reads(st) & written:
            return None
    return block.lineno


def _body_of(tree: ast.AST, node: ast.stmt) -> list[ast.stmt] | None:
    for parent in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if isinstance(block, list) and any(x is node for x in block):
                return block
    return None


def _place(t: ast.AST) -> str:
    """What a store target names: `delta`, `self.W`, `grads` for `grads['W1']`."""
    while isinstance(t, (ast.Subscript, ast.Starred)):
        t = t.value
    return ast.unparse(t)


def _stored(st: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    for n in ast.walk(st):
        if isinstance(n, (ast.Name, ast.Attribute, ast.Subscript)) and isinstance(n.ctx, (ast.Store, ast.Del)):
            out.append(n)
    return out


def _reads(node: ast.AST) -> set[str]:
    """Every name and attribute chain the code loads (`w2`, `self.W`, and `self` for `self.W`), but the names its own
    comprehensions bind (`i` of `[... for i, h in enumerate(hs)]`)."""
    out: set[str] = set()
    bound = {t.id for c in ast.walk(node) if isinstance(c, ast.comprehension)
             for t in ast.walk(c.target) if isinstance(t, ast.Name)}
    for n in ast.walk(node):
        if isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, ast.Load):
            out.add(ast.unparse(n))
    return out - bound


def _calls_are_safe(st: ast.AST) -> bool:
    for n in ast.walk(st):
        if not isinstance(n, ast.Call):
            continue
        f = n.func
        if isinstance(f, ast.Attribute) and f.attr in _SAFE_METHODS:
            continue
        root = f
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and (root.id in _SAFE_ROOTS or root is f and root.id in _SAFE_BUILTINS):
            continue
        return False
    return True
