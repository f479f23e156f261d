"""Autograd `.grad` drives a manual update but is never zeroed between steps.

Fix: when offered

What it does:
    For every manual update that reads a parameter's `.grad` (after `loss.backward()`), looks for
    `w.grad.zero_()`, `w.grad = None`, `model.zero_grad()` or `optimizer.zero_grad()` in the same
    training loop. The steps of a hand-written engine (`p.data -= lr * p.grad` of a micrograd-like `Value`)
    are checked the same way, unless the engine, read in the project modules the file imports, assigns
    `.grad` on every backward pass and never adds into it: then nothing is left over to reset.

    The fix is an insertion: `expected` (`w.grad.zero_()`) is a statement to add right after the
    flagged update, at its indentation (`insert_after` is the update's last line); the update stays.
    It is offered only when the update reads one `.grad`, written as `w.grad` in the statement, and
    no later statement of the step reads it again; otherwise the message says what to reset.

Why is this bad:
    PyTorch ADDS each backward pass into `.grad`. Without zeroing, every step applies the sum of
    all gradients so far: the steps grow and the loss soon oscillates or explodes.

Example:
    import torch
    x, y = torch.randn(16, 3), torch.randn(16, 1)
    w = torch.randn(3, 1, requires_grad=True)
    for step in range(100):
        loss = ((x.mm(w) - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.01 * w.grad               # bp: update[w] BP501

Use instead:
    import torch
    x, y = torch.randn(16, 3), torch.randn(16, 1)
    w = torch.randn(3, 1, requires_grad=True)
    for step in range(100):
        loss = ((x.mm(w) - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.01 * w.grad               # bp: update[w]
            w.grad.zero_()
"""

from __future__ import annotations

import ast
import re
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP501"
#: its `expected`, when given, is a whole statement to add after line `insert_after` (see the docstring)
PASTES = True
NAME = "grad-not-zeroed"
SEVERITY = "error"


def check(model: Any) -> Iterator[Finding]:
    if model.interp.truncated:
        return  # the analysis stopped early: the zeroing may lie beyond where it stopped
    rule = sys.modules[__name__]
    for e in model.of_kind("update"):
        if not e.info.get("grad_read") or e.info.get("entry"):
            continue  # a step nothing here calls: the loop that repeats it, and resets .grad, is its caller's
        leaves = {a.leaf for a in e.info.get("adjs", []) if a.pos == "P"} or {e.leaf}
        zeroed = False
        names = {leaf.name for leaf in leaves if leaf is not None}
        for z in model.zeroed:
            # `for q in layer.params(): q.grad = None` walks the same parameters as the update's own loop
            # over `layer.params()`: another reading of each, under the same name
            if z.leaf is not None and z.leaf not in leaves and z.leaf.name not in names:
                continue
            # the loops that repeat the step: not the update's own loop walking the parameters (`for q in
            # params: q.data -= lr * q.grad`, no backward() in it), so a step written once in a function has none
            steps = list(e.loops)
            if steps and not _runs_backward(model, steps[-1]):
                steps.pop()
            if not steps or set(z.loops) & set(steps):
                zeroed = True
                break
        if zeroed:
            continue
        name = e.leaf.name
        fix = _reset(model, e)
        yield common.finding(
            rule, e.stmt,
            f"{name} is updated from its .grad, which is never reset in this loop: backward() adds into "
            f".grad, so each step applies the sum of all gradients so far; reset it after the update "
            f"(`.grad.zero_()` or `.grad = None`, or `optimizer.zero_grad()` each step)",
            expected=fix, insert_after=e.stmt.end_line if fix else None,
        )
    yield from _engine_steps(model, rule)


def _engine_steps(model: Any, rule: Any) -> Iterator[Finding]:
    """A hand-written engine's steps in a training loop that never resets the gradients its backward adds into."""
    eng = model.engine
    if eng.self_resetting or not eng.own_steps:
        return  # the engine's own backward() zeroes every node first
    # the engine read here adds into .grad; one imported from elsewhere might reset it in its backward()
    sure = any(w.accumulates for w in eng.writes)
    if not sure and _imported_engine_assigns(model):
        return  # the project's engine sets `.grad = ...` on every backward(): nothing is left over to sum
    for s, loop in eng.unreset:
        stmt = common.syntax_stmt(s.node)
        yield common.finding(
            rule, stmt,
            f"{s.param} is updated from its .grad, which is never reset in this training loop (line "
            f"{loop.lineno}): the engine's backward() adds every operation's share into .grad, so each step "
            f"applies the sum of all gradients so far; reset it after the update",
            expected=f"{s.param}.grad = 0.0", insert_after=s.node.end_lineno or s.node.lineno,
            confidence="high" if sure else "medium",
        )


def _imported_engine_assigns(model: Any) -> bool:
    """The project modules this file imports write `.grad` (`self.grad = factor`), and never add into it."""
    from bpscan.engines import GRAD_ATTRS
    from bpscan.interp_imports import _parsed

    writes = adds = 0
    for path in model.interp.deps:
        try:
            tree = _parsed(path)[0]
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
            return False
        for n in ast.walk(tree):
            target = n.target if isinstance(n, ast.AugAssign) else n.targets[0] if isinstance(n, ast.Assign) and \
                len(n.targets) == 1 else None
            if isinstance(target, ast.Subscript):
                target = target.value
            if not (isinstance(target, ast.Attribute) and target.attr in GRAD_ATTRS):
                continue
            writes += 1
            text = ast.unparse(target)
            if isinstance(n, ast.AugAssign) or any(isinstance(x, (ast.Attribute, ast.Subscript)) and
                                                   ast.unparse(x) == text for x in ast.walk(n.value)):
                adds += 1
    return writes > 0 and adds == 0


def _runs_backward(model: Any, loop_id: int) -> bool:
    """Whether the loop (by the id of its node) calls `.backward()` or `backward(...)` in its body; a loop not
    in this file's tree (another module's) is taken to."""
    loops = model.__dict__.get("_bp_loops_backward")
    if loops is None:
        loops = {id(n): any(isinstance(c, ast.Call) and (getattr(c.func, "attr", None) == "backward" or
                                                         getattr(c.func, "id", None) == "backward")
                            for st in n.body for c in ast.walk(st))
                 for n in ast.walk(model.tree) if isinstance(n, (ast.For, ast.While, ast.AsyncFor))}
        model.__dict__["_bp_loops_backward"] = loops
    return loops.get(loop_id, True)


def _reset(model: Any, e: Any) -> str | None:
    """`w.grad.zero_()` for the one `.grad` the update reads, when nothing after it in the step reads it."""
    grads = {ast.unparse(n.value) for n in ast.walk(e.stmt.node) if isinstance(n, ast.Attribute) and n.attr == "grad"}
    if len(grads) != 1:
        return None
    holder = grads.pop()
    if not common.all_visible(model, e.stmt, holder):
        return None
    for other in model.of_kind("update"):
        if other.stmt is not e.stmt and other.stmt.line > e.stmt.end_line and other.stmt.func is e.stmt.func and \
                f"{holder}.grad" in model.stmt_text(other.stmt):
            return None  # another update still reads it: resetting here would starve it
    # torch's in-place reset, or NumPy's for a framework written by hand (its .grad is an ndarray)
    torch = re.search(r"^\s*(import|from)\s+torch\b", "\n".join(model.lines), re.MULTILINE) is not None
    return f"{holder}.grad.zero_()" if torch else f"{holder}.grad.fill(0)"
