"""An update moves a parameter along the gradient, so the loss rises instead of falling.

Fix: when offered

What it does:
    Follows the orientation of the output error (`t - y` makes every gradient built from it the
    NEGATIVE gradient; `y - t`, `2 * (y - t)`, softmax `probs - onehot` and autograd `.grad` make
    it the gradient) through formulas 1-3, constant factors, negations, momentum buffers and
    Adagrad/RMSProp/Adam scalings, and checks that each update moves against the gradient. When the
    step is built in branches (`if momentum: step = ... else: step = -lr * g`) and one branch's step
    climbs where the others descend, that branch's statement is reported.

Why is this bad:
    Gradient ascent. The script runs, the loss grows or stalls, and nothing crashes. The
    three-formulas article itself shows the trap: its code writes `error = t - oz` and adds the
    gradient, its prose then subtracts it.

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        hz = np.maximum(0, x.dot(w1))
        oz = 1 / (1 + np.exp(-hz.dot(w2)))
        error = t - oz                       # bp: error
        delta = oz * (1 - oz) * error        # bp: F1
        dw2 = hz.T.dot(delta)                # bp: F3[w2]
        delta_h = delta.dot(w2.T) * (hz > 0)  # bp: F2 F1
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 -= 0.1 * dw1                      # bp: update[w1] BP201
        w2 -= 0.1 * dw2                      # bp: update[w2] BP201

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        hz = np.maximum(0, x.dot(w1))
        oz = 1 / (1 + np.exp(-hz.dot(w2)))
        error = t - oz                       # bp: error
        delta = oz * (1 - oz) * error        # bp: F1
        dw2 = hz.T.dot(delta)                # bp: F3[w2]
        delta_h = delta.dot(w2.T) * (hz > 0)  # bp: F2 F1
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 += 0.1 * dw1                      # bp: update[w1]
        w2 += 0.1 * dw2                      # bp: update[w2]
"""

from __future__ import annotations

import ast
import re
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common
from bpscan.terms import along_gradient, self_attrs_read, zero_started

#: an upstream argument named like this may be target minus output as well as the gradient (unless the
#: name says gradient: `loss_grad`)
#: (also after a word that says where the error sits: `outerror`, `out_error`, `outputError`, `next_delta`)
_ORIENTATION_FREE = re.compile(
    r"^(?!.*grad)((out(put)?|next|prev|layer|back|upstream)_?)?"
    r"(e|errs?|errors?|deltas?|diffs?|residuals?|signals?|feedback|loss)(_?\w*)?$", re.I)


def _upstream_seed(terms: list[Any], as_gradient: bool = False) -> Any:
    """The entry point's upstream argument (a seed leaf) the gradient of an update rests on, or None. With
    `as_gradient`, also one applied as a parameter's gradient as it is (`self.b_grad = delta_array`) - and then only
    one whose name leaves its orientation open."""
    for t in terms:
        for v in along_gradient(t, 40):
            leaf = v.leaf
            if leaf is not None and leaf.data and v.op == "leaf" and v.adj is not None and \
                    isinstance(leaf.key, tuple) and leaf.key[-1:] == ("seed",) and (
                        _ORIENTATION_FREE.match(leaf.name or "") if as_gradient else v.adj.pos not in ("W", "b")):
                return leaf
    return None


def _assumed_upstream(terms: list[Any]) -> str | None:
    """The name of an entry point's upstream argument the gradient rests on, when that name does not say
    whether it is the loss's gradient or its negative (`backprop(self, error)`; also when it is applied as it is,
    `self.b_grad = delta_array`, a bias's gradient only by where it goes)."""
    leaf = _upstream_seed(terms)
    if leaf is None or not _ORIENTATION_FREE.match(leaf.name or ""):
        leaf = _upstream_seed(terms, as_gradient=True)
    return leaf.name if leaf is not None else None

CODE = "BP201"
#: its `expected` is the whole statement to paste over the flagged one
PASTES = True
NAME = "ascent-update"
SEVERITY = "error"


#: function names that say the step climbs on purpose (a likelihood, a reward): `gradient_ascent_step`,
#: `update_weight_mle`
_ASCENT_NAME = re.compile(r"ascen[dt]|maximi[sz]|climb|likelihood|(?:^|_)mle(?:_|$)", re.IGNORECASE)


def _state_read(value: ast.AST) -> set[str]:
    """The optimiser state a step reads: `self.v` of `beta * self.v[i]`."""
    return {ast.unparse(n.value) for n in ast.walk(value) if isinstance(n, ast.Subscript) and
            isinstance(n.value, ast.Attribute) and isinstance(n.value.value, ast.Name) and n.value.value.id == "self"}


def _shift_undone(stmt: Any) -> bool:
    """`p += c * self.v[i]` in a function that also does `p -= ... self.v[i] ...` to the same parameter: a shift by
    the optimiser's own state taken back (Nesterov's look-ahead), not a step along the gradient."""
    node, func = getattr(stmt, "node", None), getattr(stmt, "func", None)
    if not (isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add)) or func is None:
        return False
    state = _state_read(node.value)
    if not state:
        return False
    target = ast.unparse(node.target)
    return any(isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Sub) and ast.unparse(n.target) == target and
               _state_read(n.value) & state for n in ast.walk(func))


#: a name that holds the cost (`J_new`, `cost`, `new_loss`, `err`)
_COST_NAME = re.compile(r"(^|_)(j|cost|loss|err|error)(_|\d|$)", re.I)


def _stepped_down(model: Any, leaf: Any) -> bool:
    """The same parameter is also stepped down its gradient somewhere in the file."""
    return any(x.leaf is leaf and x.info.get("direction") == -1 for x in model.of_kind("update"))


def _cost_test(t: ast.expr) -> bool:
    """`J_new > J_list[i - 1]`: an order comparison of two costs."""
    return isinstance(t, ast.Compare) and len(t.ops) == 1 and \
        isinstance(t.ops[0], (ast.Gt, ast.Lt, ast.GtE, ast.LtE)) and \
        all(any(isinstance(x, ast.Name) and _COST_NAME.search(x.id) for x in ast.walk(side))
            for side in (t.left, t.comparators[0]))


def _rolled_back(model: Any, e: Any) -> bool:
    """The step sits in an `if` that compares two costs (`if J_new > J_list[i-1]:`), and the same parameter is
    also stepped down the gradient in the file: the branch takes back a step that made the cost rise."""
    node = e.stmt.node
    tests = [n.test for n in ast.walk(model.tree) if isinstance(n, ast.If) and
             any(sub is node for b in n.body for sub in ast.walk(b))]
    return any(_cost_test(t) for t in tests) and _stepped_down(model, e.leaf)


def check(model: Any) -> Iterator[Finding]:
    import sys

    rule = sys.modules[__name__]
    errors = common.error_events(model)
    for e in model.of_kind("update"):
        if e.info.get("direction") != 1 or e.info.get("dropped"):
            continue  # (a step assigned over its parameter, `W = lr * dW`, is BP202's, whose fix also descends)
        seeded = e.info.get("seeded") and e.info.get("entry")
        if seeded and any(x.info.get("sign") == -1 for x in errors):
            # a step helper whose `g` is a gradient by its name only, in a file whose own error is target
            # minus output (a log-likelihood's gradient): adding it is that file's convention
            continue
        if _rolled_back(model, e):
            # `if J_new > J_old: theta = [t + lr * g ...]` after the step `theta = theta - lr * g`: the step taken
            # back because the cost rose (backtracking), not a climb
            continue
        if _shift_undone(e.stmt):
            # `layer.w += beta * self.v[i]` before `layer.w -= self.v[i]` with the velocity updated between: a
            # Nesterov look-ahead taken back, then the step (the velocity's sign is fixed where it is applied)
            continue
        if e.info.get("entry") and _handed_step(e.stmt):
            # `def update_weights(self, dW, db): self.W += dW` driven with no caller: the argument is added as
            # handed, no rate in it, so it is the step the caller made (`layer.update_weights(-lr * v_w, ...)`)
            # and the caller's sign decides the direction
            continue
        if seeded and _ASCENT_NAME.search(getattr(e.stmt.func, "name", "") or ""):
            # `def ascent_step(w, lr, grad): return w + lr * grad`: a helper its author names for climbing,
            # handed a gradient known by its name only
            continue
        leaf = e.leaf
        if not e.loops and e.stmt.func is None and leaf is not None and _stepped_down(model, leaf):
            # `W1 = W1 + 3 * dJdW1` once at the top level, the cost read again, then `W1 = W1 - 3 * dJdW1`: a
            # single step each way showing which one climbs, no training
            continue
        if leaf is not None and leaf.layer is None and leaf.role is None and zero_started(leaf) and \
                not e.info.get("grad_read") and not e.info.get("row"):
            # `self.v += lr * dW` on a buffer made by np.zeros that no forward pass reads: a velocity or a
            # sum, whose orientation is fixed where it is applied to a parameter (a table whose looked-up
            # rows are stepped is read by the forward pass, row by row: an embedding that starts at zero)
            continue
        terms = [t for _, t in e.info.get("change", []) if t.adj is not None]
        seed = _upstream_seed(terms) if e.info.get("entry") else None
        handed = model.handed_orientation(seed) if seed is not None else None
        if handed == -1:
            # a caller in this module hands the backward pass target minus output (`d = y - out`,
            # `layer.backprop(d)`), though the analysis could not follow it there: adding is descent
            continue
        grad_names = ", ".join(dict.fromkeys(common.grad_name(t) for t in terms)) or "the gradient"
        if (len(grad_names) > 48 or " + " in grad_names and "(" in grad_names) and \
                (step := _step_text(e.stmt.node)) is not None:
            # (a velocity unrolled over its passes, a buffer summed into in place: the code's own words read better)
            grad_names = f"`{step}`"
        assumed = None if e.info.get("grad_read") else _assumed_upstream(terms)
        related: list[tuple[Any, str]] = []
        if e.info.get("grad_read"):
            why = f"{grad_names} holds the gradient (autograd .grad), so it must be subtracted"
        else:
            # (a step helper's seeded `g` does not come from any error of the file)
            # (an update resting on an entry point's handed argument was not reached from the file's own error:
            # that error says nothing of what the caller hands in)
            err = max(errors, key=lambda x: x.unit.index if x.unit else 0) if errors and not seeded and \
                seed is None else None
            if err is not None:
                sign = err.info.get("sign")
                text = model.stmt_text(err.stmt)
                orient = "target minus output" if sign == -1 else "output minus target"
                if err.info.get("ce_ratio"):
                    orient = "built from cross-entropy's derivative by the output (-t / p)"
                elif err.info.get("hinge"):
                    orient = "the hinge loss's gradient by the scores"
                # what the applied value itself is, after any negation on the way (a helper may negate)
                signs = {common.grad_val(t).adj.sign for t in terms if common.grad_val(t).adj is not None}
                held = signs.pop() if len(signs) == 1 else sign
                grad_sign = "negative gradient" if held == -1 else "gradient"
                if leaf.subtracted:
                    # (`sigmoid(x @ W - theta)`: the threshold's gradient is minus the delta's sum, no negation)
                    orient += f", and the forward pass subtracts {leaf.name}"
                elif sign in (-1, 1) and held in (-1, 1) and held != sign and not (err.info.get("ce_ratio") or
                                                                                 err.info.get("hinge")):
                    # `g2 = -(t - out) * ...`: the difference is target minus output, the value it makes is not
                    orient += " negated (so output minus target)" if sign == -1 else " negated (so target minus output)"
                why = (f"`{text}` ({common.line_ref(model, err.stmt, e.stmt)}) is {orient}, which makes "
                       f"{grad_names} the "
                       f"{grad_sign}; the update must {'add' if held == -1 else 'subtract'} it")
                related.append((err.stmt, "the error's orientation is fixed here"))
            else:
                why = f"the update moves {leaf.name} along the gradient carried by {grad_names}"
                if handed == 1:
                    why += f", and this module's caller hands `{seed.name}` output minus target (the gradient)"
                elif assumed is not None:
                    # nothing in the file fixes the orientation of what the caller hands in
                    why += (f", taking `{assumed}` (handed in by the caller) for the loss's gradient; nothing "
                            f"in this file says whether it is that or target minus output")
        for f3 in model.of_kind("F3"):
            if f3.leaf is leaf and f3.stmt is not e.stmt:
                related.append((f3.stmt, f"the gradient of {leaf.name} is computed here"))
        flipped = common.expected_flip(e.stmt)
        if e.info.get("grad_read") and model.climbs_outputs():
            # `.backward()` of a class score (fooling images, class visualisation, saliency ascent): climbing
            # it is what such code is for, also when the step sits in another project file; the per-line
            # doubts say why nothing is reported
            continue
        # (nothing in the file is backprop - no output error, no formula - no `.grad` is read, and what the step
        # applies is called by one letter: that it is a gradient at all rests on `g`, a filter's gain as well)
        unsure = not errors and handed != 1 and (assumed is not None or not e.info.get("grad_read") and not any(
            model.of_kind(k) for k in ("F1", "F2", "F3")) and all(len(common.grad_name(t)) == 1 for t in terms))
        yield common.finding(
            rule, e.stmt,
            f"update of {leaf.name} ascends the loss: {why}",
            expected=flipped, related=related, confidence="medium" if unsure else "high",
        )
    yield from _engine_steps(model, rule)
    yield from _climbing_branches(model, rule)


def _climbing_branches(model: Any, rule: Any) -> Iterator[Finding]:
    """`if momentum: step = mu * v + lr * g` / `else: step = -lr * g`, then `w += step`: the update's direction is
    mixed because one branch's step climbs where the others descend; reported at that branch's statement."""
    for e in model.of_kind("update"):
        branch = e.info.get("branch_climb")
        if branch is None or e.info.get("direction"):
            continue
        func = e.stmt.func
        if func is not None and any(_ASCENT_NAME.search(n.id if isinstance(n, ast.Name) else n.attr)
                                    for n in ast.walk(func) if isinstance(n, (ast.Name, ast.Attribute))):
            continue  # (`if self.maximize: step = lr * g`: a step that climbs when asked to)
        text = model.stmt_text(branch)
        yield common.finding(
            rule, branch,
            f"update of {e.leaf.name} ascends the loss in one branch: `{text}` adds the gradient where the "
            f"other branch subtracts it, and {common.line_ref(model, e.stmt, branch)} applies either as the step",
            expected=_flip_step(branch), related=[(e.stmt, "the step is applied here")])


def _flip_step(stmt: Any) -> str | None:
    """The branch's step statement with its gradient term's sign turned (`step = lr * g` -> `step = -lr * g`)."""
    flipped = common.expected_flip(stmt)
    if flipped is not None:
        return flipped
    node = stmt.node
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        return ast.unparse(ast.Assign(targets=node.targets, value=common.negated(node.value), lineno=0))
    return None


def _engine_steps(model: Any, rule: Any) -> Iterator[Finding]:
    """`p.data += lr * p.grad` with a hand-written engine's `.grad` (dL/dp, accumulated by its backward)."""
    # (a step the interpreter also read and found climbing is reported once: findings are one per rule and line)
    if not model.engine.own_steps:
        return  # (torch's own `.grad`: the interpreter reads those steps)
    for s in model.engine.steps:
        if s.direction != 1 or not s.loops and not s.in_function or s.climbs_output or \
                self_attrs_read(s.node) & model.flipped_rates:
            # (a single nudge at the top level, `a.data += 0.01 * a.grad`, shows which way the output moves; so
            # does a step after `net(x)[0].backward()`, which differentiates the output and no loss; and so does
            # `p.value += self.lr * p.grad` of an optimiser whose `minimize` negates its rate first)
            continue
        stmt = common.syntax_stmt(s.node)
        yield common.finding(
            rule, stmt,
            f"update of {s.param} ascends the loss: {s.param}.grad holds the gradient dL/d{s.param} (the engine's "
            f"backward() adds each operation's share into it), so the step must subtract it: "
            f"{s.param}.{_data_attr(s.node)} -= rate * {s.param}.grad",
            expected=common.expected_flip(stmt),
        )


def _data_attr(node: ast.stmt) -> str:
    """The attribute an engine step writes (`data` of `p.data += ...`, `value` of `p.value = p.value + ...`)."""
    t = node.target if isinstance(node, ast.AugAssign) else node.targets[0] if isinstance(node, ast.Assign) else None
    return t.attr if isinstance(t, ast.Attribute) else "data"


def _handed_step(stmt: Any) -> bool:
    """`self.W += dW`, `self.b = self.b + db`: a parameter of the running function added to the stepped array
    as it was handed, unscaled."""
    node, func = stmt.node, stmt.func
    if func is None or not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    params = {a.arg for a in func.args.posonlyargs + func.args.args + func.args.kwonlyargs}
    added = None
    if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Add, ast.Sub)):
        added = node.value
    elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp) and \
            isinstance(node.value.op, (ast.Add, ast.Sub)) and \
            ast.unparse(node.value.left) == ast.unparse(node.targets[0]):
        added = node.value.right
    return isinstance(added, ast.Name) and added.id in params and added.id != "self"


def _step_text(node: Any) -> str | None:
    """The step an update statement applies, as written: `lr * vel_W[k]` of `W[k] = W[k] + lr * vel_W[k]`,
    `lr * grad_out / n` of `w += lr * grad_out / n`."""
    if isinstance(node, ast.AugAssign):
        return ast.unparse(node.value)
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.BinOp) and \
            isinstance(node.value.op, (ast.Add, ast.Sub)):
        return ast.unparse(node.value.right)
    return None
