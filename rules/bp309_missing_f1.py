"""A weight gradient is made from the error at its layer's output: the activation's derivative is missing.

Fix: never

What it does:
    Follows where each error sits. Formula 3 (`dW = a^T . delta`) needs the layer's delta, the error at
    its pre-activation; formula 1 (`delta = f'(z) * error`) is what turns the error at the layer's output
    into it. When an F3 is made from an error still at the output of a hidden layer (one whose output
    feeds another layer) that applies tanh, ReLU, leaky ReLU or sigmoid, or of an output layer that
    applies tanh, ReLU or leaky ReLU, with no derivative anywhere on its way, formula 1 was left out.

    It stays silent at a sigmoid or softmax output (a loss may cancel its derivative), and whenever the
    error was multiplied by some array the model could not read (that may be the derivative, written in
    a way it does not know).

    Formula 2 is checked the same way: when it sends back the error at a layer's output while the file
    itself makes that layer's delta from the very same error on another line (`out_delta = error * out *
    (1 - out)`, then `error @ w2.T` instead of `out_delta @ w2.T`), the author's own formula 1 shows the
    derivative is not cancelled there, whatever the output's activation; the fix names the delta.

Why is this bad:
    Without the derivative the gradient ignores where the unit is saturated or switched off: the step is
    not the gradient of the loss. The network may still learn a little, which hides the fault.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        h = np.tanh(x.dot(w1))
        out = h.dot(w2)
        error = out - t                      # bp: error
        dw2 = h.T.dot(error)                 # bp: F3[w2]
        err_h = error.dot(w2.T)              # bp: F2
        dw1 = x.T.dot(err_h)                 # bp: F3[w1] BP309
        w1 -= 0.01 * dw1                     # bp: update[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.randn(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        h = np.tanh(x.dot(w1))
        out = h.dot(w2)
        error = out - t                      # bp: error
        dw2 = h.T.dot(error)                 # bp: F3[w2]
        err_h = error.dot(w2.T)              # bp: F2
        delta_h = (1 - h ** 2) * err_h       # bp: F1
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
from bpscan.terms import along_gradient, feeds, same_forward
from bpscan.values import Unit, Val

CODE = "BP309"
NAME = "missing-f1"
SEVERITY = "error"

#: activations whose derivative a hidden layer's delta always needs
_NEVER_CANCELLED = ("tanh", "relu", "leaky_relu")
#: what a plain error may go through on its way to the F3 without meeting any derivative
_PLAIN = ("matmul", "add", "sub", "neg", "copy", "T", "reshape", "getitem")


def check(model: Model) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F3"):
        unit = e.unit
        delta = e.info.get("delta")
        if e.info.get("pos") != "z" or unit is None or unit.presumed or not unit.layers or \
                not isinstance(delta, Val) or e.info.get("bias") or e.leaf is None or e.leaf.family:
            continue
        act = unit.activation
        # a hidden layer, or an output layer whose own output the error is computed from; not a sigmoid or
        # softmax output (a loss may cancel its derivative)
        if not (act in _NEVER_CANCELLED + ("sigmoid", "softmax") and _hidden(model, unit) or
                act in _NEVER_CANCELLED and _error_of_output(model, unit)):
            continue
        if not _plain(delta):
            continue
        name = common.name_of(delta)
        yield common.finding(
            rule, e.stmt,
            f"F3 for {e.leaf.name} is made from {name}, the error at the output of {common.unit_desc(unit)}: "
            f"formula 1 must first multiply it by the {act} derivative, "
            f"{common.f1_formula(unit, 'delta', name)}, and dW = a^T . delta uses that delta",
            related=[(common.activation_place(model, unit), f"the forward pass applies {act} here")],
        )
    yield from _sent_back_raw(model)


def _sent_back_raw(model: Model) -> Iterator[Finding]:
    """Formula 2 fed the error at a layer's output while the file itself turns that very error into the layer's
    delta (`output_error = error * output * (1 - output)`, then `np.dot(W, error)` instead of `output_error`):
    whatever the loss, the author's own formula 1 says the derivative is not cancelled there."""
    rule = sys.modules[__name__]
    f1s = [e for e in model.of_kind("F1") if e.unit is not None and not e.info.get("cancel") and
           e.info.get("pos") == "z" and isinstance(e.info.get("error"), Val) and isinstance(e.info.get("value"), Val)]
    for e in model.of_kind("F2"):
        unit, sent = e.unit, e.info.get("delta")
        if e.info.get("pos") != "z" or unit is None or unit.presumed or not unit.layers or \
                not isinstance(sent, Val) or sent.stmt is None or not _plain(sent):
            continue
        own = next((f for f in f1s if f.unit is unit and f.stmt is not e.stmt and
                    _made_at_same(f.info["error"], sent)), None)
        if own is None:
            continue
        delta, error = common.name_of(own.info["value"]), common.name_of(sent)
        if not delta or not error or delta == error or not common.visible(model, e.stmt, delta):
            continue
        yield common.finding(
            rule, e.stmt,
            f"F2 sends {error} back, the error at the output of {common.unit_desc(unit)}; "
            f"{common.line_ref(model, own.stmt, e.stmt)} makes that layer's delta {delta} from it (formula 1), "
            f"and formula 2 sends the delta back, not the error before the {unit.activation or 'activation'} "
            f"derivative",
            expected=common.rewrite(e.stmt, common.swap_name(error, delta)),
            related=[(own.stmt, f"{delta}, the delta of that layer, is made here")],
        )


def _made_at_same(a: Val, b: Val) -> bool:
    """Two reads of one computed value: the same value, or made by the same statement into the same name."""
    return a is b or a.stmt is not None and a.stmt is b.stmt and a.op == b.op and a.name == b.name


def _hidden(model: Model, unit: Unit) -> bool:
    """The unit's output feeds another layer: no loss sits right after it to cancel its derivative."""
    return any(u is not unit and feeds(unit, u) for u in model.units)


def _error_of_output(model: Model, unit: Unit) -> bool:
    """The output error is computed from this unit's own output (`-2 * (t - a2)` of `a2 = relu(...)`), so
    it is the network's output layer as the model saw it, with no layer after it left unread."""
    return unit.output is not None and any(
        e.unit is unit and same_forward(e.info.get("output"), unit.output) for e in model.of_kind("error"))


def _plain(v: Val) -> bool:
    """The error reached here through products with weights, sums, views and constant scalings only: no
    elementwise factor that could be a derivative written in a way the model does not read."""
    path = list(along_gradient(v, 33))
    if len(path) > 32:
        return False
    for x in path:
        if x.deriv is not None or x.act is not None:
            return False
        if x.op == "mul" or x.op == "div":
            arrays = [a for a in (x.factors or x.args) if isinstance(a, Val) and a.adj is None and a.kind == "arr"]
            if arrays and not all(a.leaf is not None and not a.leaf.data for a in arrays):
                return False  # an array factor that is no parameter: maybe a derivative
        elif x.op not in _PLAIN and x.adj is not None and x.op not in ("leaf",) and \
                not (x.op == "call" and x.payload in ("sum", "mean")):
            return False
    return True
