"""Formula 2 sends the error back through a weight that is not this layer's.

Fix: never

What it does:
    For each F2 statement, compares the weight in the product with the weight of the layer whose
    delta is being sent back: `error_prev = delta_k . W_k^T` must use W_k.

Why is this bad:
    With square layers the shapes agree and the script runs, but every layer below receives an
    error computed through the wrong connections.

Example:
    import numpy as np
    x, t = np.random.randn(8, 4), np.random.randn(8, 4)
    W1, W2, W3 = np.random.randn(4, 4), np.random.randn(4, 4), np.random.randn(4, 4)
    for step in range(100):
        h1 = np.tanh(x.dot(W1))
        h2 = np.tanh(h1.dot(W2))
        out = h2.dot(W3)
        d3 = out - t                         # bp: error
        e2 = d3.dot(W2.T)                    # bp: F2 BP303
        d2 = e2 * (1 - h2 ** 2)              # bp: F1
        e1 = d2.dot(W2.T)                    # bp: F2
        d1 = e1 * (1 - h1 ** 2)              # bp: F1
        W3 -= 0.01 * h2.T.dot(d3)            # bp: F3 update[W3]
        W2 -= 0.01 * h1.T.dot(d2)            # bp: F3 update[W2]
        W1 -= 0.01 * x.T.dot(d1)             # bp: F3 update[W1]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 4), np.random.randn(8, 4)
    W1, W2, W3 = np.random.randn(4, 4), np.random.randn(4, 4), np.random.randn(4, 4)
    for step in range(100):
        h1 = np.tanh(x.dot(W1))
        h2 = np.tanh(h1.dot(W2))
        out = h2.dot(W3)
        d3 = out - t                         # bp: error
        e2 = d3.dot(W3.T)                    # bp: F2
        d2 = e2 * (1 - h2 ** 2)              # bp: F1
        e1 = d2.dot(W2.T)                    # bp: F2
        d1 = e1 * (1 - h1 ** 2)              # bp: F1
        W3 -= 0.01 * h2.T.dot(d3)            # bp: F3 update[W3]
        W2 -= 0.01 * h1.T.dot(d2)            # bp: F3 update[W2]
        W1 -= 0.01 * x.T.dot(d1)             # bp: F3 update[W1]
"""

from __future__ import annotations

import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP303"
NAME = "f2-wrong-weight"
SEVERITY = "error"


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F2"):
        unit = e.unit
        leaf = e.leaf
        if unit is None or leaf is None or e.info.get("pos") != "y" or leaf.unit is unit or not unit.layers:
            continue
        if any(lay.weight is leaf for lay in unit.layers):
            continue  # one member of a weight family (params['W' + str(l)]) sends back through the family
        if leaf.unit is None:
            continue
        layer = e.info.get("layer")
        if unit.layers[0].convention not in ("row", "column") or (
                layer is not None and layer.convention not in ("row", "column")):
            continue  # gamma * dout in a batch norm is a scale, not the matrix product formula 2 names
        right = unit.layers[0].weight.name
        if common.same_attribute_of_instances(leaf.name, right) or leaf.name == right:
            # self.W of one class's instances in one shared backward: a merge of instances (the same words for the
            # weight used and the one wanted: nothing to swap)
            continue
        delta = common.name_of(e.info.get("delta"))
        conv = unit.layers[0].convention
        formula = f"{delta}.dot({right}.T)" if conv == "row" else f"np.dot({right}.T, {delta})"
        yield common.finding(
            rule, e.stmt,
            f"F2 sends {delta}, the delta of {common.unit_desc(unit)}, back through {leaf.name}, the weight "
            f"of layer {leaf.unit.index}; formula 2 is error_prev = delta . W^T with this layer's own "
            f"weight {right}",
            expected=formula,
            related=[(common.layer_place(unit.layers[0]), f"{right} is multiplied here in the forward pass")],
        )
