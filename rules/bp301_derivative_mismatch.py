"""Formula 1 uses the derivative of an activation the layer does not have.

What it does:
    Compares the derivative in each F1 statement (sigmoid's `z * (1 - z)`, tanh's `1 - z**2`, a
    ReLU mask, a leaky-ReLU `where`) with the activation that the forward pass applied to that
    layer, and reports a mismatch.

Why is this bad:
    Copying the article's golden formula `delta = z * (1 - z) * error` onto a ReLU or tanh layer
    gives gradients that point the wrong way or vanish; the network learns slowly or not at all.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        hy = x.dot(w1)
        hz = np.maximum(0, hy)
        out = hz.dot(w2)
        error = out - t                      # bp: error
        dw2 = hz.T.dot(error)                # bp: F3[w2]
        error_h = error.dot(w2.T)            # bp: F2
        delta_h = hz * (1 - hz) * error_h    # bp: F1 BP301
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 -= 0.01 * dw1                     # bp: update[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        hy = x.dot(w1)
        hz = np.maximum(0, hy)
        out = hz.dot(w2)
        error = out - t                      # bp: error
        dw2 = hz.T.dot(error)                # bp: F3[w2]
        error_h = error.dot(w2.T)            # bp: F2
        delta_h = error_h * (hy > 0)         # bp: F1
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 -= 0.01 * dw1                     # bp: update[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]
"""

from __future__ import annotations

import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP301"
NAME = "derivative-mismatch"
SEVERITY = "error"

_NAMES = {"sigmoid": "sigmoid derivative z * (1 - z)", "tanh": "tanh derivative 1 - z**2",
          "relu": "ReLU mask", "leaky_relu": "leaky-ReLU derivative"}


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F1"):
        deriv = e.info.get("deriv")
        unit = e.unit
        if deriv is None or unit is None or unit.activation is None:
            continue
        act = unit.activation
        if act == deriv.kind or act in ("softmax",):
            continue
        delta = common.target_of(e.stmt)
        err = e.info.get("error")
        err_name = common.error_name(err)
        applied = common.activation_place(model, unit)
        yield common.finding(
            rule, e.stmt,
            f"F1 for a {act} layer: {common.f1_formula(unit, delta, err_name)} — this statement "
            f"uses the {_NAMES.get(deriv.kind, deriv.kind)} (on {common.name_of(deriv.operand)}), but "
            f"{common.unit_desc(unit)} applies {act} ({common.line_ref(model, applied, e.stmt)})",
            expected=common.f1_formula(unit, delta, err_name),
            related=[(applied, f"the forward pass applies {act} here")],
        )
