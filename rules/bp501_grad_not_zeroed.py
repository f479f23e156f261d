"""Autograd `.grad` drives a manual update but is never zeroed between steps.

What it does:
    For every manual update that reads a parameter's `.grad` (after `loss.backward()`), looks for
    `w.grad.zero_()`, `w.grad = None`, `model.zero_grad()` or `optimizer.zero_grad()` in the same
    training loop.

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

import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP501"
NAME = "grad-not-zeroed"
SEVERITY = "error"


def check(model: Any) -> Iterator[Finding]:
    if model.interp.truncated:
        return  # the analysis stopped early: the zeroing may lie beyond where it stopped
    rule = sys.modules[__name__]
    for e in model.of_kind("update"):
        if not e.info.get("grad_read"):
            continue
        leaves = {a.leaf for a in e.info.get("adjs", []) if a.pos == "P"} or {e.leaf}
        zeroed = False
        for z in model.zeroed:
            if z.leaf is not None and z.leaf not in leaves:
                continue
            if not e.loops or set(z.loops) & set(e.loops):
                zeroed = True
                break
        if zeroed:
            continue
        name = e.leaf.name
        yield common.finding(
            rule, e.stmt,
            f"{name} is updated from its .grad, which is never reset in this loop: backward() adds into "
            f".grad, so each step applies the sum of all gradients so far",
            expected=f"{name}.grad.zero_()  (or {name}.grad = None) after the update",
        )
