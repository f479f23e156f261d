"""A hand-written gradient does not match the gradient of the loss (checked numerically).

Fix: never

What it does:
    Runs only with `--verify` (or `bpscan verify FILE`). Evaluates the model's forward pass and the
    script's own backward statements with NumPy on small random inputs and parameters — never the
    script itself — and compares each weight's hand-written gradient with a central
    finite-difference gradient of the modelled loss, up to a positive or negative scale (learning
    rates and 1/N factors are the author's choice). A parameter whose gradient does not match is
    reported at the first backward statement whose value departs from the reference.

Why is this bad:
    Pattern rules catch the bugs we thought of; a wrong constant in a derivative (`z * (1 + z)`),
    a missing factor, a sign inside an expression are caught only by checking the numbers. The
    loss then falls slowly, plateaus, or rises.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w = np.random.randn(3, 1)
    for step in range(100):
        z = 1 / (1 + np.exp(-x.dot(w)))
        error = z - t                        # bp: error
        delta = z * (1 + z) * error          # bp: BP601
        w -= 0.1 * x.T.dot(delta)            # bp: F3 update[w]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w = np.random.randn(3, 1)
    for step in range(100):
        z = 1 / (1 + np.exp(-x.dot(w)))
        error = z - t                        # bp: error
        delta = z * (1 - z) * error          # bp: F1
        w -= 0.1 * x.T.dot(delta)            # bp: F3 update[w]
"""

from __future__ import annotations

import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP601"
NAME = "gradient-mismatch"
SEVERITY = "error"


def check(model: Any) -> Iterator[Finding]:
    if not getattr(model, "verify", False):
        return
    from bpscan.verify import verify_model

    rule = sys.modules[__name__]
    checks = getattr(model, "checks", None)  # computed once by the analysis, which keeps the verdicts
    for c in checks if checks is not None else verify_model(model):
        if c.verdict != "mismatch":
            continue
        stmt = common.stmt_at(model, c.culprit_line or c.line or 0)
        if stmt is None:
            continue
        yield common.finding(
            rule, stmt,
            f"the gradient of {c.param} does not match the loss's gradient ("
            # a mismatch the relative error does not show (a shape, a weight decay that grows): its reason
            + (f"relative error {c.rel_error:.1e} after the best scaling" if c.rel_error is not None
               and (c.rel_error >= 1e-6 or not c.reason) else c.reason or "checked numerically")
            + "); this is the first backward statement whose value departs from the finite-difference reference",
            expected="the formula for this layer (see `bpscan verify` for the per-parameter table)",
            related=[(c.line, f"the gradient of {c.param} is computed here")] if c.line else [],
        )
