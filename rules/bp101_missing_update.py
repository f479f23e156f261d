"""A trained parameter is used in the forward pass but never updated.

What it does:
    Collects the weights and biases that the forward pass multiplies or adds, and reports each
    one that no statement of the training step updates, when the script updates others by hand.

Why is this bad:
    That layer keeps its random initial values: the network trains with one layer frozen, and
    the loss falls more slowly or stalls for no visible reason.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w1, b1, w2 = np.random.randn(3, 4), np.zeros(4), np.random.randn(4, 1)
    for step in range(100):
        z1 = x.dot(w1) + b1                  # bp: BP101
        h = np.maximum(0, z1)
        out = h.dot(w2)
        err = out - t                        # bp: error
        dw2 = h.T.dot(err)                   # bp: F3[w2]
        dz1 = err.dot(w2.T) * (z1 > 0)       # bp: F2 F1
        dw1 = x.T.dot(dz1)                   # bp: F3[w1]
        w1 -= 0.01 * dw1                     # bp: update[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w1, b1, w2 = np.random.randn(3, 4), np.zeros(4), np.random.randn(4, 1)
    for step in range(100):
        z1 = x.dot(w1) + b1
        h = np.maximum(0, z1)
        out = h.dot(w2)
        err = out - t                        # bp: error
        dw2 = h.T.dot(err)                   # bp: F3[w2]
        dz1 = err.dot(w2.T) * (z1 > 0)       # bp: F2 F1
        dw1 = x.T.dot(dz1)                   # bp: F3[w1]
        db1 = dz1.sum(axis=0)                # bp: F3
        w1 -= 0.01 * dw1                     # bp: update[w1]
        b1 -= 0.01 * db1                     # bp: update[b1]
        w2 -= 0.01 * dw2                     # bp: update[w2]
"""

from __future__ import annotations

import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP101"
NAME = "missing-update"
SEVERITY = "error"


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    # A missing update is claimed only where the training loop itself runs (module level or code it
    # calls): in a library driven as an entry point the other updates may live elsewhere.
    if model.interp.truncated:
        return  # the analysis stopped early: an update may lie beyond where it stopped
    updates = [e for e in model.of_kind("update") if not e.info.get("entry")]
    # the premise: this training step does apply traced gradients to the other parameters
    if not updates or not [e for e in model.established_updates() if not e.info.get("entry")]:
        return
    updated = {e.leaf for e in updates}
    stepped = bool(model.of_kind("optimizer"))
    for leaf in model.params():
        if leaf in updated or leaf.presumed or (leaf.packed is not None and leaf.packed in updated):
            continue
        if leaf.requires_grad and stepped:
            continue  # optimizer.step() updates every parameter autograd tracks
            continue  # a parameter of a library entry point is trained by code we do not see
        if not common.fresh_parameter(model, leaf):
            continue  # a copy of another array, a buffer written by the backward pass: not trained
        stmt = common.leaf_stmt(model, leaf)
        if stmt is None:
            continue
        grads = [e for e in model.of_kind("F3") if e.leaf is leaf]
        related = [(g.stmt, f"the gradient of {leaf.name} is computed here") for g in grads]
        kind = "bias" if leaf.role == "bias" else "weight"
        unit = leaf.unit
        grad_name = common.target_of(grads[0].stmt) if grads else f"d{leaf.name}"
        op = "-="
        if updates and updates[0].info.get("direction") == -1 and updates[0].stmt.node.__class__.__name__ == "AugAssign":
            op = "+=" if type(updates[0].stmt.node.op).__name__ == "Add" else "-="
        yield common.finding(
            rule, stmt,
            f"{kind} {leaf.name} of {common.unit_desc(unit)} is used in the forward pass but never updated",
            expected=f"{leaf.name} {op} {common.rate_name(model)} * {grad_name}",
            related=related,
        )
