"""Formula 2 uses a weight that this training step has already updated.

Fix: never

What it does:
    Orders the statements of a training step and reports an F2 product whose weight was updated
    after the forward pass used it and before the error was sent back through it.

    Its `expected` stays prose: the fix moves the update below this statement (or this statement
    above the update), which no single statement pasted over either line can do.

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

import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP306"
NAME = "stale-weight"
SEVERITY = "warning"


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F2"):
        if not e.info.get("stale") or e.leaf is None:
            continue
        leaf = e.leaf
        ups = [u for u in model.updates_of(leaf) if u.t < e.t]
        related = [(u.stmt, f"{leaf.name} is updated here, before the error is sent back") for u in ups[-1:]]
        yield common.finding(
            rule, e.stmt,
            f"F2 sends the error back through {leaf.name}, which this step has already updated; formula 2 "
            f"must use the weight the forward pass used",
            expected=f"compute {common.target_of(e.stmt)} before updating {leaf.name}",
            related=related,
        )
