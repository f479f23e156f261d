"""A parameter's gradient is added into a slot the object keeps, and nothing ever resets that slot.

Fix: when offered

What it does:
    Finds formula 3 written as an accumulation into state the object keeps (`self.dW += x.T @ d`,
    `self.grads['W1'] += dW`) in a method that runs every step, and looks through the file and the project
    modules it imports for anything that starts that slot again between steps: an assignment to it outside
    the constructor (`self.dW = np.zeros_like(self.W)`, `layer.dW = 0`, `self.grads = {}`), an in-place reset
    (`.fill(0)`, `*= 0`, `[:] = 0`), or a `zero_grad`-like method. When there is none, it reports the
    accumulation - only where the step of that parameter is read too (in the file or the project modules it
    imports): an optimiser out of sight may reset what it steps.

    The fix, offered when the accumulation is not inside a loop of its own method, writes the slot with
    `=` instead of `+=`.

Why is this bad:
    The slot starts at zero once, in the constructor. Each backward pass adds this step's gradient to the
    sum of all earlier ones, so the optimiser steps by an ever-growing, stale sum: the first step is right,
    the next ones drift, and the loss soon oscillates or diverges. It is the hand-written twin of forgetting
    `optimizer.zero_grad()`.

Example:
    import numpy as np
    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.dW = np.zeros_like(self.W)
        def forward(self, x):
            self.x = x
            return x @ self.W
        def backward(self, d):
            self.dW += self.x.T @ d          # bp: F3[self.W] BP403
            return d @ self.W.T              # bp: F2
        def step(self, lr):
            self.W -= lr * self.dW           # bp: update[self.W]
    x, t = np.random.randn(16, 3), np.random.randn(16, 2)
    layer = Dense(3, 2)
    for i in range(100):
        y = layer.forward(x)
        layer.backward(y - t)                # bp: error
        layer.step(0.01)                     # bp: update

Use instead:
    import numpy as np
    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.dW = np.zeros_like(self.W)
        def forward(self, x):
            self.x = x
            return x @ self.W
        def backward(self, d):
            self.dW = self.x.T @ d           # bp: F3[self.W]
            return d @ self.W.T              # bp: F2
        def step(self, lr):
            self.W -= lr * self.dW           # bp: update[self.W]
    x, t = np.random.randn(16, 3), np.random.randn(16, 2)
    layer = Dense(3, 2)
    for i in range(100):
        y = layer.forward(x)
        layer.backward(y - t)                # bp: error
        layer.step(0.01)                     # bp: update
"""

from __future__ import annotations

import ast
import re
import sys
from typing import Iterator

from bpscan.model import Model
from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP403"
NAME = "gradient-never-reset"
SEVERITY = "error"
#: its `expected`, when given, is the whole statement to paste over the flagged one
PASTES = True

#: methods that build an object once (their assignments are the starting value, not a reset)
_BUILDS = re.compile(r"^(__init__|__post_init__|__new__)$|init|build|setup|set_up|create|make", re.IGNORECASE)
#: methods (and calls) that reset gradients (`zero_grad`, `reset_grads`, `clear_gradients`, `zero_gradients`)
_RESETS = re.compile(r"(zero|reset|clear|clean|flush|init)", re.IGNORECASE)


def check(model: Model) -> Iterator[Finding]:
    if model.interp.truncated:
        return  # the analysis stopped early: the reset may lie beyond where it stopped
    rule = sys.modules[__name__]
    seen: set[int] = set()
    trees: list[ast.AST] | None = None
    reset: dict[str, bool] = {}  # by slot name: a walk of the project's trees each, done once
    # (`self.W += lr * x.T @ d`: formula 3 merged into the step, the slot the parameter itself)
    steps = {u.stmt.idx for u in model.of_kind("update")}
    # (`self.grads['W1'] += dW` of a gradient made on the line before is an `acc` event: formula 3's running sum)
    for e in [*model.of_kind("F3"), *model.of_kind("acc")]:
        node = e.stmt.node
        # (a bias's running sum names no leaf: its layer's one bias)
        leaf = e.leaf or (e.unit.biases[0] if e.unit is not None and len(e.unit.biases) == 1 else None)
        if e.stmt.mod is not None or leaf is None or e.stmt.idx in seen or e.stmt.idx in steps or \
                not isinstance(node, ast.AugAssign) or \
                not isinstance(node.op, ast.Add):
            continue
        attr = _kept_slot(node.target)
        func = e.stmt.func
        if attr is None or not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or _BUILDS.search(func.name):
            continue
        if not any(u.leaf is leaf and not u.info.get("line_search") for u in model.of_kind("update")):
            continue  # the step is another file's (an optimiser in another package): so may be the reset
        if trees is None:
            trees = _project_trees(model)
        if attr not in reset:
            reset[attr] = any(_resets(tree, attr) for tree in trees)
        if reset[attr]:
            continue
        seen.add(e.stmt.idx)
        slot = ast.unparse(node.target)
        fix = None
        if not _in_own_loop(func, node):
            fix = f"{slot} = {ast.unparse(node.value)}"
        yield common.finding(
            rule, e.stmt,
            f"{slot} adds this step's gradient of {leaf.name} to what the earlier steps left there, and nothing "
            f"resets it between steps (it starts at zero once, when the object is built): every step applies "
            f"the sum of all gradients so far; assign it with `=` (or reset it before each backward pass)",
            expected=fix,
        )


def _kept_slot(target: ast.expr) -> str | None:
    """The attribute name of a slot the object keeps: `dW` of `self.dW`, `grads` of `self.grads['W1']`."""
    if isinstance(target, ast.Subscript):
        target = target.value
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
        return target.attr
    return None


def _project_trees(model: Model) -> list[ast.AST]:
    """The file's tree and those of the project modules it imports."""
    from bpscan.interp_imports import parsed_tree

    out: list[ast.AST] = [model.tree]
    for path in model.interp.deps:
        tree = parsed_tree(path)
        if tree is not None:
            out.append(tree)
    return out


def _resets(tree: ast.AST, attr: str) -> bool:
    """Anything in `tree`, outside a constructor, that starts the slot `attr` again (or may: a reset-like method
    or call anywhere, a container of gradients walked and written)."""
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            continue
        name = getattr(func, "name", "")
        if name and _BUILDS.search(name) and not _RESETS.match(name):
            continue
        if name and _RESETS.search(name) and not _BUILDS.search(name):
            return True  # `def zero_grad(self)`, `def reset_gradients(self)`: what it resets is not ours to judge
        # (a module's own top level: its functions and classes are walked in turn)
        body = [b for b in func.body if not isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))] \
            if isinstance(func, ast.Module) else [func]
        if any(_writes(n, attr) for b in body for n in ast.walk(b)):
            return True
    return False


def _writes(n: ast.AST, attr: str) -> bool:
    """`x.attr = ...`, `x.attr[k] = ...`, `x.attr *= 0`, `del x.attr`; and any in-place reset (`g.fill(0)`,
    `g.zero_()`, `g *= 0`, `g[:] = 0`), which may reach the slot under another name."""
    def named(t: ast.AST) -> bool:
        while isinstance(t, ast.Subscript):
            t = t.value
        return isinstance(t, ast.Attribute) and t.attr == attr
    if isinstance(n, ast.Assign) and any(named(t) for t in n.targets):
        return True
    if isinstance(n, ast.AnnAssign) and named(n.target):
        return True
    if isinstance(n, ast.AugAssign) and named(n.target) and not isinstance(n.op, ast.Add):
        return True
    if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Mult) and isinstance(n.value, ast.Constant) and \
            n.value.value == 0:
        return True  # (`g *= 0` of any name: a reset, maybe of the slot under another name)
    if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) and n.value.value == 0 and any(
            isinstance(t, ast.Subscript) and isinstance(t.slice, (ast.Slice, ast.Constant)) and
            (isinstance(t.slice, ast.Slice) or t.slice.value is Ellipsis) for t in n.targets):
        return True  # (`g[:] = 0`, `g[...] = 0`)
    if isinstance(n, ast.Delete) and any(named(t) for t in n.targets):
        return True
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
        if n.func.attr in ("fill", "fill_", "zero_") or named(n.func.value) and n.func.attr in ("clear", "__init__"):
            return True  # (`for p, grad in net.param(): grad.fill(0)`: the slot reset through another name for it)
        if _RESETS.search(n.func.attr) and "grad" in n.func.attr.lower():
            return True  # `model.zero_grad()`, `net.reset_grads()`
    return False


def _in_own_loop(func: ast.AST, node: ast.AST) -> bool:
    """The statement sits inside a loop of its own method (a sum over samples that `+=` is right for)."""
    return any(isinstance(loop, (ast.For, ast.While, ast.AsyncFor)) and any(x is node for x in ast.walk(loop))
               for loop in ast.walk(func))

