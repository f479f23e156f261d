"""Formula 3 multiplies delta by something other than the layer's input.

Fix: when offered

What it does:
    Checks that each weight gradient `dW = a^T . delta` uses the tensor the forward pass
    multiplied by W — the layer's INPUT — and not its pre-activation, its own output, or another
    layer's activation.

Why is this bad:
    It is the most common slip when layers are renamed or copied: the gradient still has the
    right shape, but it belongs to a different function, and training goes astray.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        hy = x.dot(w1)
        hz = np.maximum(0, hy)
        oz = 1 / (1 + np.exp(-hz.dot(w2)))
        error = t - oz                       # bp: error
        delta = oz * (1 - oz) * error        # bp: F1
        dw2 = hy.T.dot(delta)                # bp: F3[w2] BP305
        delta_h = delta.dot(w2.T) * (hy > 0)  # bp: F2 F1
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 += 0.1 * dw1                      # bp: update[w1]
        w2 += 0.1 * dw2                      # bp: update[w2]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        hy = x.dot(w1)
        hz = np.maximum(0, hy)
        oz = 1 / (1 + np.exp(-hz.dot(w2)))
        error = t - oz                       # bp: error
        delta = oz * (1 - oz) * error        # bp: F1
        dw2 = hz.T.dot(delta)                # bp: F3[w2]
        delta_h = delta.dot(w2.T) * (hy > 0)  # bp: F2 F1
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 += 0.1 * dw1                      # bp: update[w1]
        w2 += 0.1 * dw2                      # bp: update[w2]
"""

from __future__ import annotations

import ast
import sys
from typing import Any, Iterator

from bpscan.terms import same_forward
from bpscan.results import Finding
from bpscan.rules import common

CODE = "BP305"
#: its `expected` is the whole statement to paste over the flagged one
PASTES = True
NAME = "f3-wrong-input"
SEVERITY = "error"


def _data_element(v: Any) -> bool:
    """`v` is a step of the data (`xs[t]`, `x[k].T`): an element of an array the model holds as data."""
    for _ in range(6):
        if v.op in ("copy", "reshape", "T", "getitem", "unknown") and v.args and hasattr(v.args[0], "op"):
            v = v.args[0]
        else:
            break
    return v.op == "leaf" and v.leaf is not None and bool(v.leaf.data)


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F3"):
        if e.info.get("bias"):
            continue
        if e.info.get("overwritten"):
            continue  # the operand was written over in place (`np.maximum(z, 0, z)`): it may hold the input now
        lay = e.info.get("layer")
        a = e.info.get("input")
        unit = e.unit
        if a is None or unit is None:
            continue
        if lay is None:
            if len(unit.layers) != 1:
                continue
            lay = unit.layers[0]
        if lay.convention == "elementwise":
            continue  # a normalisation's scale: its "input" (x-hat) is made inside the layer, beyond sure reading
        if model.handed_on_as_error(e.stmt):
            continue  # a product carried on as the error (an attention's scores' gradient), no weight's gradient
        if any(same_forward(i, a) for i in lay.inputs):
            continue
        # xs[k] against seq[t]: steps of the data, whose indexes and whose binding in each driven call
        # (one sequence, or a batch handed where a sequence belongs) do not make another layer's input
        if _data_element(a) and any(_data_element(i) for i in lay.inputs):
            continue
        if _neighbour_element(e.stmt.node):
            continue  # self.layers[i - 1].output: one member of a list whose members the model merges
        role = common.role_of(a)
        if role is None:
            continue
        kind, owner = role
        if owner is unit and kind in ("y", "mm"):
            what = "the layer's pre-activation"
        elif owner is unit and kind == "z":
            if lay.weight.family:
                continue  # a family's members feed each other: one member's output is the next one's input
            what = "the layer's own output"
        elif any(common.role_of(i) == role for i in lay.inputs):
            continue
        elif kind == "in":
            if lay.weight.family:
                continue  # the first member of a family of layers multiplies the network's input
            what = "the network's input"
        elif kind in ("y", "mm"):
            what = f"the pre-activation of layer {owner.index}"
        else:
            what = f"an activation of layer {owner.index}"
        if lay.unit is not None and lay.unit.presumed or common.role_of(lay.input) is None and \
                not lay.input.name:
            continue  # a layer known only by its backward pass: what its input was is not in the file
        want = common.name_of(lay.input)
        if want in (common.name_of(a), common.base_name(a)):
            continue  # the same tensor by name, reached another way: nothing to swap
        delta = common.name_of(e.info.get("delta"))
        if not common.visible(model, e.stmt, want):
            # `forward(self, x)` keeping `self.x = x`: in the backward method the input is `self.x`
            kept = _kept_as(lay, want)
            want = kept if kept is not None and common.visible(model, e.stmt, kept) else want
            if want in (common.name_of(a), common.base_name(a)):
                continue  # the input kept under the very name the product uses: layers of one class merged
            if any(_derived_from(e.stmt, k, {common.name_of(a), common.base_name(a)}) for k in _kept_inputs(lay)):
                # `x2 = self.cache['x'].reshape(-1, d)` then `x2.T @ g`: the input the layer's own forward kept,
                # reshaped - another instance's tensor only in a model that merges the class's instances
                continue
        expected = common.rewrite(e.stmt, common.swap_operand(common.base_name(a), want))
        if expected is None:
            expected = f"{want}.T.dot({delta})" if lay.convention == "row" else f"np.dot({delta}, {want}.T)"
        if not common.all_visible(model, e.stmt, expected):
            expected = None  # the input has no name this statement can write
        formula = "dW = delta . a^T" if lay.convention == "column" else "dW = a^T . delta"
        yield common.finding(
            rule, e.stmt,
            f"F3 for {lay.weight.name}: {formula} needs the layer's input {want}, but the product "
            f"uses {common.name_of(a)}, {what}",
            expected=expected, related=[(common.layer_place(lay), f"{lay.weight.name} multiplies {want} here")],
        )


def _neighbour_element(node: ast.AST) -> bool:
    """The statement reads a neighbour of a list's element (`layers[i - 1]`, `acts[k + 1]`): which member
    that is, a model that merges the members of a list built in a loop cannot tell."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Subscript) and isinstance(sub.slice, ast.BinOp) and \
                isinstance(sub.slice.op, (ast.Add, ast.Sub)) and isinstance(sub.slice.left, ast.Name) and \
                isinstance(sub.slice.right, ast.Constant) and isinstance(sub.slice.right.value, int):
            return True
    return False


def _kept_on_self(func: Any) -> Iterator[tuple[str, bool, str]]:
    """(the name, whether copied, the slot) of each `self.x = x` (or `self.cache['x'] = x`, `self.x = x.clone()`) of
    a function: a name it keeps on the instance."""
    for n in ast.walk(func):
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1):
            continue
        value, copied = n.value, False
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and not value.args and \
                value.func.attr in ("clone", "copy", "detach", "contiguous"):
            value, copied = value.func.value, True  # (`Input.clone()`: the name itself, copied)
        target = n.targets[0]
        holder = target.value if isinstance(target, ast.Subscript) else target
        if isinstance(value, ast.Name) and isinstance(holder, ast.Attribute) and \
                isinstance(holder.value, ast.Name) and holder.value.id == "self":
            yield value.id, copied, ast.unparse(target)


def _kept_as(lay: Any, name: str) -> str | None:
    """`self.x` where the function of the layer's forward product keeps its input (`self.x = x`)."""
    func = lay.stmt.func if lay.stmt is not None else None
    if func is None:
        return None
    return next((slot for kept, copied, slot in _kept_on_self(func) if kept == name and not copied), None)


def _kept_inputs(lay: Any) -> set[str]:
    """What the function of the layer's forward product keeps of its own arguments on the instance: `self.x` of
    `self.x = Input.clone()`, `self.cache['x']` of `self.cache['x'] = x`."""
    func = lay.stmt.func if lay.stmt is not None else None
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return set()
    params = {a.arg for a in func.args.args} - {"self"}
    return {slot for kept, _, slot in _kept_on_self(func) if kept in params}


def _derived_from(stmt: Any, kept: str, names: set[str]) -> bool:
    """The product's operand, by `names`, is `kept` (`self.cache['x']`) or a name the statement's function bound from
    it before (`x2 = self.cache['x'].reshape(-1, d)`)."""
    if kept in names:
        return True
    func = stmt.func
    if func is None:
        return False
    derived: set[str] = set()
    for n in ast.walk(func):
        if isinstance(n, ast.Assign) and getattr(n, "lineno", 0) < stmt.line:
            text = ast.unparse(n.value)
            if kept in text or any(isinstance(x, ast.Name) and x.id in derived for x in ast.walk(n.value)):
                derived |= {t.id for t in n.targets if isinstance(t, ast.Name)}
    return bool(derived & names)
