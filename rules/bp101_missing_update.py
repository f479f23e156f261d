"""A trained parameter is used in the forward pass but never updated.

Fix: when offered

What it does:
    Collects the weights and biases that the forward pass multiplies or adds, and reports each
    one that no statement of the training step updates, when the script updates others by hand.

    The fix is an insertion: the finding stays on the forward statement, and `expected`
    (`b1 -= 0.01 * db1`) is a statement to add after line `insert_after`, the last of the other
    updates, written like it (same step, same direction) with this parameter's own gradient. It is
    offered only when that is certain: the gradient is computed under a plain name in the same
    function and loop as that update, and the parameter is a name the update can see. No gradient
    computed (`b1` never reaches the backward pass), or updates written as a loop over a list of keys
    (the fix is adding the key), are left to the message.

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

import ast
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common
from bpscan.terms import loops_binding

CODE = "BP101"
#: its `expected`, when given, is a whole statement to add after line `insert_after` (see the docstring)
PASTES = True
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
    # (a step the file takes when a method is driven on its own is a step all the same: `fit` run again on the
    # instance an entry made updates that instance's weight, whatever the module-level run reached)
    updated = {e.leaf for e in model.of_kind("update")}
    # `for weight, v in zip(weights, velocities): weight += v`: a step of whatever the loop walks; which
    # of a layer's arrays the container held is not known element by element, so none is claimed missing
    walked = {e.leaf.unit for e in updates if e.leaf is not None and _steps_loop_variable(e.stmt)}
    stepped = bool(model.of_kind("optimizer"))
    # (the layers trained with a traced gradient: a toy neuron beside the network, stepped with an error
    # the model could not trace, is no evidence of how its own parameters are meant to be stepped)
    trained = _trained_units(model, {e.leaf for e in model.established_updates() if not e.info.get("entry")})
    for leaf in model.params():
        # (a part of a packed vector is stepped with the vector, or with its other parts: `neuron_3[1:3]` read as
        # the weights of a vector whose entries are stepped one by one)
        if leaf in updated or leaf.presumed or leaf.packed is not None and (
                leaf.packed in updated or any(u.packed is leaf.packed for u in updated if u is not None)):
            continue
        if not stepped and leaf.unit is not None and leaf.unit not in trained:
            continue  # another network than the one trained here (a notebook's gradient-check model)
        if leaf.requires_grad and stepped:
            continue  # optimizer.step() updates every parameter autograd tracks
        if not common.fresh_parameter(model, leaf):
            continue  # a copy of another array, a buffer written by the backward pass: not trained
        if leaf.unit is not None and leaf.unit in walked:
            continue
        if any(common.same_attribute_of_instances(u.name, leaf.name) for u in updated if u is not None):
            continue  # Linear[3].b is updated: an optimiser walking a list of layers reaches Linear[1].b too
        if any(u.name == leaf.name and u.line == leaf.line and u.name.startswith("self.") for u in updated
               if u is not None):
            # `self.U_i` of the instance a driver module builds, beside the same attribute (made by the same
            # constructor line) of the instance whose `train` steps it: one parameter of the class, stepped
            continue
        if leaf in model.interp.stepped_unread:
            continue  # `neuron[j] -= deltas[i] * x` with deltas the model could not read: a step, unread, not none
        stmt = common.leaf_stmt(model, leaf)
        if stmt is None:
            continue
        grads = [e for e in model.of_kind("F3") if e.leaf is leaf]
        related = [(g.stmt, f"the gradient of {leaf.name} is computed here") for g in grads]
        kind = "bias" if leaf.role == "bias" else "weight"
        unit = leaf.unit
        fix, anchor = _update(model, leaf, grads, updates)
        yield common.finding(
            rule, stmt,
            f"{kind} {leaf.name} of {common.unit_desc(unit)} is used in the forward pass but never updated",
            expected=fix, related=related, insert_after=anchor,
        )


def _steps_loop_variable(stmt: Any) -> bool:
    """The update's target is the variable of a `for` loop around it, or an entry it indexes
    (`for w in params: w -= lr * g`, `for k in m.params: m.params[k] += v[k]`)."""
    node, func = stmt.node, getattr(stmt, "func", None)
    if not isinstance(node, (ast.AugAssign, ast.Assign)) or func is None:
        return False
    target = node.target if isinstance(node, ast.AugAssign) else node.targets[0]
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Name):
        target = target.slice
    if not isinstance(target, ast.Name):
        return False
    return any(not _written_out(loop.iter) for loop in loops_binding(func, node, {target.id}))


def _written_out(it: ast.expr) -> bool:
    """`for k in ('W1', 'b1', 'W2')`: the keys are written in the loop itself, so which it steps is known."""
    return isinstance(it, (ast.Tuple, ast.List, ast.Set)) and all(isinstance(e, ast.Constant) for e in it.elts)


def _trained_units(model: Any, updated: set[Any]) -> set[Any]:
    """Layers with an updated parameter, and the layers next to them in the forward pass: the network
    this training step trains (a parameter of any other is not its business)."""
    units = {leaf.unit for leaf in updated if leaf.unit is not None}
    for u in model.units:
        below = {lay.input.role[1] for lay in u.layers if lay.input is not None and lay.input.role is not None
                 and lay.input.role[0] == "z"}
        if u in units:
            units_near = below
        elif below & units:
            units_near = {u}
        else:
            continue
        units = units | units_near
    return units


def _update(model: Any, leaf: Any, grads: list[Any], updates: list[Any]) -> tuple[str | None, int | None]:
    """The missing update, written like the last other update of the step, and the line to add it after."""
    names = {common.target_of(g.stmt) for g in grads}
    if len(names) != 1:
        return None, None
    grad = names.pop()
    where = grads[-1].stmt
    if not grad.isidentifier():
        return None, None
    # the last update of the same step: same function, same loops, same block, after the gradient
    same = [u for u in updates if u.stmt.func is where.func and u.stmt.loops == where.loops and
            u.stmt.col == where.col and u.stmt.line > where.end_line and u.info.get("direction") != 1 and
            isinstance(u.stmt.node, ast.AugAssign)]
    if not same:
        return None, None
    anchor = max(same, key=lambda u: u.stmt.end_line)
    node = anchor.stmt.node
    if not isinstance(node.target, ast.Name) or not common.visible(model, anchor.stmt, leaf.name):
        return None, None
    terms = [common.grad_name(t) for _, t in anchor.info.get("change", []) if t.adj is not None]
    if len(terms) != 1 or terms[0] not in common.refs(node.value):
        return None, None
    fix = common.rewrite(anchor.stmt, lambda t: _retarget(t, terms[0], grad, leaf.name))
    return (fix, anchor.stmt.end_line) if fix is not None else (None, None)


def _retarget(tree: ast.AST, old: str, grad: str, param: str) -> bool:
    """`w1 -= lr * dw1` becomes `b1 -= lr * db1`: the other update's form, this parameter and its gradient."""
    if not isinstance(tree, ast.AugAssign) or not common.swap_name(old, grad)(tree.value):
        return False
    tree.target = ast.Name(id=param, ctx=ast.Store())
    return True
