"""A manual autograd update rebinds the parameter, or runs outside `torch.no_grad()`.

Fix: never

What it does:
    In a module that imports torch, reports an update from `.grad` written as `w = w - lr * w.grad`
    (which builds a new tensor and loses the leaf that the next `backward()` should fill), and an in-place update
    `w -= lr * w.grad` that is not inside `with torch.no_grad():`. An in-place update in a function
    nothing in the analysed code calls is not reported: its caller may hold `no_grad()` (an
    optimiser's `opt_step` that its base class's `step()` runs inside it).

Why is this bad:
    After rebinding, `w` is no longer the leaf tensor: the next step's `w.grad` is None (or the
    graph grows through every past step), and the original parameter is never trained. Outside
    `no_grad()`, autograd records the update itself and raises or corrupts the graph.

Example:
    import torch
    x, y = torch.randn(16, 3), torch.randn(16, 1)
    w = torch.randn(3, 1, requires_grad=True)
    for step in range(100):
        loss = ((x.mm(w) - y) ** 2).mean()
        loss.backward()
        w = w - 0.01 * w.grad                # bp: update[w] BP502 BP501
        w.retain_grad()

Use instead:
    import torch
    x, y = torch.randn(16, 3), torch.randn(16, 1)
    w = torch.randn(3, 1, requires_grad=True)
    for step in range(100):
        loss = ((x.mm(w) - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.01 * w.grad               # bp: update[w]
            w.grad = None
"""

from __future__ import annotations

import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP502"
NAME = "update-rebinds-leaf"
SEVERITY = "error"


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    if "torch" not in model.imported_roots:
        # (`.grad` of a hand-written engine's values, micrograd's shape: there is no leaf tensor to lose and no
        # torch.no_grad() to step inside)
        return
    for e in model.of_kind("update"):
        if not e.info.get("grad_read") or e.info.get("uses_data"):
            continue
        name = e.leaf.name
        target = e.info.get("target", name)
        if e.info.get("rebind"):
            yield common.finding(
                rule, e.stmt,
                f"`{target} = ...` builds a new tensor instead of updating the leaf {name}: the next "
                f"backward() no longer fills the parameter's .grad",
                expected=f"with torch.no_grad(): {target} -= lr * {target}.grad",
            )
        elif not e.no_grad and not e.info.get("entry"):
            # (a function nothing in the file calls, `opt_step(self, p)` of an optimiser whose base class's step()
            # calls it inside `with torch.no_grad():`: whether its caller holds no_grad is not known)
            yield common.finding(
                rule, e.stmt,
                f"in-place update of {name} outside torch.no_grad(): autograd records the update itself",
                expected=f"with torch.no_grad(): {e.info.get('target', name)} -= lr * {name}.grad",
            )
