"""A weight or bias gradient is computed (formula 3) but never applied to any parameter.

Fix: never

What it does:
    Follows the data flow from each F3 statement and reports those from which no update of a
    parameter can be reached — and a gradient computed on a line of its own and thrown away
    (`dbh + dhraw` where `dbh += dhraw` was meant). A bias gradient that steps a variable no layer
    adds (`c0 -= lr * np.sum(p - y)` while the forward pass is `sigmoid(X @ w)`) is reported too,
    when nothing but that step and a print reads the variable: the intercept is trained for nothing.

Why is this bad:
    The work of the backward pass is thrown away: the parameter it belongs to stays as it was
    (often together with BP101), or another parameter is updated with the wrong gradient.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w, b = np.random.randn(3, 1), np.zeros(1)
    for step in range(100):
        out = x.dot(w) + b
        err = out - t                        # bp: error
        dw = x.T.dot(err)                    # bp: F3[w]
        db = err.sum(axis=0)                 # bp: F3 BP102
        w -= 0.01 * dw                       # bp: update[w]
        b -= 0.01 * dw.mean()                # bp: update[b] BP103

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w, b = np.random.randn(3, 1), np.zeros(1)
    for step in range(100):
        out = x.dot(w) + b
        err = out - t                        # bp: error
        dw = x.T.dot(err)                    # bp: F3[w]
        db = err.sum(axis=0)                 # bp: F3
        w -= 0.01 * dw                       # bp: update[w]
        b -= 0.01 * db                       # bp: update[b]
"""

from __future__ import annotations

import ast
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP102"
NAME = "unused-gradient"
SEVERITY = "warning"


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("discarded"):
        if model.displayed(e.stmt):
            continue  # `res - y_valid` ending a notebook's cell: the notebook shows it, nothing is lost
        node = e.stmt.node.value
        expected = None
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and \
                isinstance(node.left, (ast.Name, ast.Attribute, ast.Subscript)):
            expected = ast.unparse(ast.AugAssign(target=node.left, op=node.op, value=node.right))
        yield common.finding(
            rule, e.stmt,
            f"`{model.stmt_text(e.stmt)}` computes a gradient and throws the result away: the statement "
            f"changes nothing",
            expected=expected,
        )
    updates = model.of_kind("update")
    f3s = model.of_kind("F3")
    if model.interp.truncated:
        return  # the analysis stopped early: the gradient may be applied beyond where it stopped
    if not updates or not f3s or not model.established_updates():
        return
    useful = model.feeding({e.stmt.idx for e in updates} | set(model.escapes))
    update_stmts = {e.stmt.idx for e in updates}
    # `if X.ndim == 3: self.dW = ... else: self.dW = ...`: the other branch's assignment is applied, so the
    # same variable written here is too (the flow through the branches' join can be too deep to follow)
    applied = {(e.leaf, common.target_of(e.stmt)) for e in f3s if e.stmt.idx in useful}
    # `p.data -= lr * p.grad` over parameters a registry collected (`for p in self.params`): it reads the
    # `.grad` of parameters we cannot name, so a gradient kept on an object may be the one it applies
    named = {e.leaf for e in f3s if e.leaf is not None}
    opaque = any(a.pos == "P" and a.leaf is not None and a.leaf not in named
                 for u in updates for a in u.info.get("adjs", []))
    # biases stepped that no layer adds; only in this file (a project module's other reads are not seen here)
    outside: set[str] = set()
    for u in updates:
        name = u.leaf.name if u.leaf is not None else None
        adjs = u.info.get("adjs", [])
        if name and u.leaf.role is None and name not in outside and adjs and u.stmt.mod is None and all(
                a.pos == "b" and a.unit is not None and not a.unit.biases and not a.unit.presumed for a in adjs):
            # (a layer presumed from a backward pass whose forward is not here may well add it)
            outside.add(name)
            if not _read_elsewhere(model.tree, name):
                yield _outside_forward(rule, u.stmt, name)
    done: set[int] = set()
    for e in f3s:
        idx = e.stmt.idx
        if idx in done or idx in useful or idx in update_stmts or e.info.get("entry"):
            continue  # in code nothing here calls, the gradient may be applied by its caller
        done.add(idx)
        target = common.target_of(e.stmt)
        if (e.leaf, target) in applied or (opaque and "." in target):
            continue
        if e.leaf is not None and any(u.leaf is e.leaf and any(_own(a, e) for a in u.info.get("adjs", []))
                                      for u in updates):
            continue  # the parameter is stepped by its own gradient computed elsewhere: this copy is dead code
        if not any(_same_step(e, u) for u in updates):
            continue  # computed once outside the training loop (a gradient check of a loss): no step it misses
        if _handed_out(model, e.stmt, target):
            continue  # `def param(self): return [(self.w, self.dw)]`: the class hands the gradient to its optimiser
        if e.info.get("bias") and e.leaf is None and (e.unit is None or not e.unit.biases) and \
                not _steps_itself(e.stmt.node, target):
            # `(y_pred - y).sum()` of a network whose layers add no bias: a sum over the batch, but the gradient of
            # no bias there is (the premise of "computed but never used" is a parameter it belongs to)
            continue
        what = e.leaf.name if e.leaf is not None else ("the bias" if e.info.get("bias") else "a parameter")
        if _steps_itself(e.stmt.node, target) and e.info.get("bias") and e.unit is not None and not e.unit.biases:
            # `c0 = c0 - lr * np.sum(p - y)`: a bias stepped by its gradient, but the forward pass never adds it
            if target not in outside and e.stmt.mod is None:
                outside.add(target)
                if not _read_elsewhere(model.tree, target):
                    yield _outside_forward(rule, e.stmt, target)
            continue
        yield common.finding(
            rule, e.stmt,
            f"gradient {target} of {what} is computed but never used to update a parameter",
            expected=f"{what} -= {common.rate_name(model)} * {target}",
        )


def _handed_out(model: Any, stmt: Any, target: str) -> bool:
    """`self.dw` (or a name the method then keeps as `self.dw`), computed in a method of a class that another of its
    methods returns (alone or in a container): whoever calls that method (an optimiser walking `model.param()`) may
    apply it."""
    if stmt.func is None:
        return False
    head, dot, attr = target.partition(".")
    if head == "self" and dot and attr.isidentifier():
        attrs = {attr}
    elif target.isidentifier():
        # `dbeta = dout.sum(axis=0)` then `self.dbeta = dbeta`: kept on the object under a name of its own
        attrs = {t.attr for n in ast.walk(stmt.func) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name)
                 and n.value.id == target for t in n.targets
                 if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"}
    else:
        return False
    cls = common.enclosing_class(model.tree if stmt.mod is None else model.module_tree(stmt.mod), stmt.func)
    if cls is None or not attrs:
        return False
    for m in cls.body:
        if not isinstance(m, ast.FunctionDef) or m is stmt.func:
            continue
        for ret in ast.walk(m):
            if isinstance(ret, ast.Return) and ret.value is not None and any(
                    isinstance(n, ast.Attribute) and n.attr in attrs and isinstance(n.value, ast.Name) and
                    n.value.id == "self" for n in ast.walk(ret.value)):
                return True
    return False


def _outside_forward(rule: Any, stmt: Any, name: str) -> Finding:
    return common.finding(
        rule, stmt,
        f"{name} is stepped with the gradient of a bias, but no layer adds it: {name} never enters the forward "
        f"pass, so training it changes nothing (the layer has no bias); add {name} to the layer's pre-activation",
    )


def _read_elsewhere(tree: ast.AST, name: str) -> bool:
    """`name` is read anywhere but in its own steps (`c0 -= ...`, `c0 = c0 - ...`) and in what is printed."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign)) and _steps_itself(node, name) and name in {
                ast.unparse(t) for t in getattr(node, "targets", [getattr(node, "target", None)])}:
            skip.update(id(n) for n in ast.walk(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            skip.update(id(n) for n in ast.walk(node))
    return any(isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, ast.Load) and id(n) not in skip
               and ast.unparse(n) == name for n in ast.walk(tree))


def _steps_itself(node: ast.AST, target: str) -> bool:
    """`c0 = c0 - lr * g` or `c0 -= lr * g`: the statement steps what it assigns."""
    if isinstance(node, ast.AugAssign):
        return True
    value = getattr(node, "value", None)
    return value is not None and any(ast.unparse(n) == target for n in ast.walk(value)
                                     if isinstance(n, (ast.Name, ast.Attribute)))


def _same_step(f3: Any, update: Any) -> bool:
    """The gradient is computed in the training step the update is in: inside a loop around both, or both
    in straight-line code."""
    return bool(set(f3.loops) & set(update.loops)) if f3.loops or update.loops else True


def _own(adj: Any, f3: Any) -> bool:
    """The gradient an update applies is the F3's parameter's own (its weight's, or its layer's bias's)."""
    if adj.pos in ("W", "P"):
        return adj.leaf is f3.leaf
    # (a bias stepped sample by sample with its layer's delta itself, `b = b + 2 * e * alpha`, takes its own gradient
    # too: a sum of those deltas beside it, `esuma += e`, is the error tallied for a plot)
    return adj.pos in ("b", "y") and bool(f3.info.get("bias")) and adj.unit is not None and adj.unit is f3.unit
