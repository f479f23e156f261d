"""A hidden layer's delta is made from the next layer's error, which never went back through its weight.

Fix: when offered

What it does:
    Follows where each error sits in the network. Formula 2 (`error_prev = delta . W^T`) is what carries
    the error of a layer back to the layer below it. When an F1 takes the activation derivative of the
    layer below (`(h > 0)`, `h * (1 - h)`) but multiplies it with an error still at the layer above, the
    F2 step between them is missing.

Why is this bad:
    The layer below then learns from a gradient that skips the upper weight: it ignores how strongly
    each hidden unit drives the output, and with one output unit every hidden unit gets the same
    error. Broadcasting keeps the shapes legal, so the script runs and the hidden layer barely learns.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        h = x.dot(w1)
        a = np.maximum(h, 0)
        out = a.dot(w2)
        error = out - t                      # bp: error
        dw2 = a.T.dot(error)                 # bp: F3[w2]
        delta_h = error * (h > 0)            # bp: F1 BP308
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 -= 0.01 * dw1                     # bp: update[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        h = x.dot(w1)
        a = np.maximum(h, 0)
        out = a.dot(w2)
        error = out - t                      # bp: error
        dw2 = a.T.dot(error)                 # bp: F3[w2]
        delta_h = (error @ w2.T) * (h > 0)   # bp: F2 F1
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 -= 0.01 * dw1                     # bp: update[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]
"""

from __future__ import annotations

import sys
from typing import Iterator

from bpscan.model import Model
from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP308"
#: its `expected`, when given, is the whole statement to paste over the flagged one
PASTES = True
NAME = "missing-f2"
SEVERITY = "error"


def check(model: Model) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F1"):
        above = e.info.get("skipped")
        below = e.unit
        if above is None or below is None or len(above.layers) != 1 or \
                above.layers[0].convention not in ("row", "column"):
            continue
        lay = above.layers[0]
        w = lay.weight.name
        err = e.info.get("error")
        err_name = common.error_name(err)
        back = f"({w}.T @ {err_name})" if lay.convention == "column" else f"({err_name} @ {w}.T)"
        # a derivative helper (`Rectifier.backward`) right for its layer, handed the wrong error: the fault is
        # the call that hands it over
        site = e.info.get("site")
        handed = err is not None and err.stmt is not None and err.stmt.func is not e.stmt.func
        stmt = site if site is not None and handed and site.func is not e.stmt.func else e.stmt
        expected = None
        if err is not None and common.visible(model, stmt, w):
            expected = common.rewrite(stmt, common.swap_name(err_name, back))
        yield common.finding(
            rule, stmt,
            f"F1 for {common.unit_desc(below)} takes its derivative, but {err_name} is still the error at "
            f"{common.unit_desc(above)}: formula 2 must first carry it back through {w}, "
            f"error_prev = {'W^T . delta' if lay.convention == 'column' else 'delta . W^T'} = {back}, "
            f"then {common.f1_formula(below, common.target_of(e.stmt), 'error_prev')}",
            expected=expected,
            related=[(common.layer_place(lay), f"{w} takes this layer's output here")],
        )
