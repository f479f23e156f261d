"""Inside a loop over samples or time steps, a gradient is assigned with `=` instead of `+=`.

Fix: never

What it does:
    Reports a formula-3 statement inside a loop that assigns (`dW = ...`) a gradient which was
    set to zero before the loop to be accumulated — the sum over samples or time steps that the
    update after the loop expects.

Why is this bad:
    Only the last sample (or the first time step, in backprop through time) survives the loop;
    every other contribution is thrown away, and the update follows a single sample's gradient.

Example:
    import numpy as np
    X, T = np.random.randn(16, 3), np.random.randn(16, 2)
    W = np.random.randn(2, 3)
    for epoch in range(50):
        dW = np.zeros_like(W)
        for x, t in zip(X, T):
            y = np.dot(W, x)
            d = y - t                        # bp: error
            dW = np.outer(d, x)              # bp: F3[W] BP402
        W -= 0.01 * dW / len(X)              # bp: update[W]

Use instead:
    import numpy as np
    X, T = np.random.randn(16, 3), np.random.randn(16, 2)
    W = np.random.randn(2, 3)
    for epoch in range(50):
        dW = np.zeros_like(W)
        for x, t in zip(X, T):
            y = np.dot(W, x)
            d = y - t                        # bp: error
            dW += np.outer(d, x)             # bp: F3[W]
        W -= 0.01 * dW / len(X)              # bp: update[W]
"""

from __future__ import annotations

import ast
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP402"
NAME = "overwritten-gradient"
SEVERITY = "error"

_ZERO_INIT = ("zeros", "zeros_like", "empty_like", "zeros_")


def _is_zero_init(value: ast.AST) -> bool:
    if isinstance(value, ast.Constant) and value.value == 0:
        return True
    if isinstance(value, ast.Call):
        f = value.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        return name in _ZERO_INIT
    if isinstance(value, ast.BinOp):
        return _is_zero_init(value.left) or _is_zero_init(value.right)
    return False


def _zero_for(st: ast.Assign, target: str) -> bool:
    """`dW = np.zeros_like(W)`, or `dW, db = np.zeros_like(W), np.zeros_like(b)`."""
    names = _targets(st)
    value = st.value
    if isinstance(value, ast.Tuple) and len(value.elts) == len(names):
        return _is_zero_init(value.elts[names.index(target)])
    return _is_zero_init(value)


def _targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        out = []
        for t in node.targets:
            out.extend(ast.unparse(e) for e in (t.elts if isinstance(t, ast.Tuple) else [t]))
        return out
    return []


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return parents


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    parents: dict[int, ast.AST] | None = None
    # formula 3 written in the loop, or a gradient computed in a helper handed on (dWx = dWx_t)
    for e in model.of_kind("F3", "gcopy"):
        node = e.stmt.node
        if not isinstance(node, ast.Assign) or not e.stmt.loops:
            continue
        names = _targets(node)
        if len(names) != 1:
            continue
        target = names[0]
        if target in {ast.unparse(n) for n in ast.walk(node.value) if isinstance(n, (ast.Name, ast.Attribute, ast.Subscript))}:
            continue  # dW = dW + ... accumulates
        if parents is None:
            parents = _parents(model.tree)
        loop = _innermost_loop(node, parents)
        if loop is None:
            continue
        if not _initialised_before(loop, target, parents):
            continue
        if any(isinstance(n, ast.AugAssign) and ast.unparse(n.target) == target for n in ast.walk(loop)):
            continue
        if _read_in(loop, target, node):
            continue  # `w = w_new` of a `w` the loop reads (`X @ w`): state carried round, no sum being lost
        yield common.finding(
            rule, e.stmt,
            f"{target} is set to zero before the loop to accumulate the gradient over its iterations, but "
            f"this statement overwrites it on every iteration; only the last one survives",
            expected=ast.unparse(ast.AugAssign(target=node.targets[0], op=ast.Add(), value=node.value)),
            related=[(common.Place(loop.lineno, getattr(loop, "_bp_mod", None)), "the loop over samples or time steps")],
        )


def _read_in(loop: ast.AST, target: str, stmt: ast.AST) -> bool:
    """The loop reads `target` outside the statement that overwrites it."""
    inside = {id(n) for n in ast.walk(stmt)}
    return any(isinstance(n, (ast.Name, ast.Attribute, ast.Subscript)) and isinstance(n.ctx, ast.Load) and
               id(n) not in inside and ast.unparse(n) == target for n in ast.walk(loop))


def _innermost_loop(node: ast.AST, parents: dict[int, ast.AST]) -> ast.AST | None:
    cur = parents.get(id(node))
    while cur is not None and not isinstance(cur, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
        if isinstance(cur, (ast.For, ast.While, ast.AsyncFor)):
            return cur
        cur = parents.get(id(cur))
    return None


def _initialised_before(loop: ast.AST, target: str, parents: dict[int, ast.AST]) -> bool:
    """An earlier statement in an enclosing block sets `target` to zeros."""
    child = loop
    cur = parents.get(id(loop))
    while cur is not None:
        for field in ("body", "orelse"):
            block = getattr(cur, field, None)
            if not isinstance(block, list) or child not in block:
                continue
            for st in block[: block.index(child)]:
                if isinstance(st, ast.Assign) and target in _targets(st) and _zero_for(st, target):
                    return True
        if isinstance(cur, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            return False
        child = cur
        cur = parents.get(id(cur))
    return False
