"""Formula 1 uses the derivative of an activation the layer does not have.

Fix: when offered

What it does:
    Compares the derivative in each F1 statement (sigmoid's `z * (1 - z)`, tanh's `1 - z**2`, a
    ReLU mask, a leaky-ReLU `where`) with the activation that the forward pass applied to that
    layer, and reports a mismatch. When the wrong derivative comes from a helper that is right for its own
    layers, the call of that helper is reported; when a correct dispatcher
    (`if activation == "relu": ... elif activation == "sigmoid": ...`) was handed the wrong choice, the
    caller's call is reported, with the choice that picks the right helper.

    The fix replaces the flagged statement: its derivative factors (those that read only the tensor the
    wrong derivative is written with) become the layer's own derivative, written with names the
    statement can see (`z * (1 - z)`, `(1 - z ** 2)`, `(y > 0)`); the error and any scaling stay. It is
    offered only when that is certain: not for leaky ReLU (the slope is not in the model), not for a
    mask written as `d[m] = 0` or through a name computed elsewhere (`d = e * sp`), and not when the
    layer's tensors are out of the statement's reach; then the message alone gives the formula.

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

import ast
import copy
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common
from bpscan.rules.vocabulary import KNOWN_ACTIVATIONS

CODE = "BP301"
#: its `expected`, when given, is the whole statement to paste over the flagged one
PASTES = True
NAME = "derivative-mismatch"
SEVERITY = "error"

#: the derivative factor each activation's F1 needs, in the user's names (z: output, y: pre-activation)
_FACTOR = {"sigmoid": ("z", "{z} * (1 - {z})"), "tanh": ("z", "(1 - {z} ** 2)"), "relu": ("y", "({y} > 0)")}

_NAMES = {"sigmoid": "sigmoid derivative z * (1 - z)", "tanh": "tanh derivative 1 - z**2",
          "relu": "ReLU mask", "leaky_relu": "leaky-ReLU derivative"}


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F1"):
        deriv = e.info.get("deriv")
        unit = e.unit
        node = e.info.get("node")
        if deriv is not None and unit is None and node is not None and node.act is not None and \
                node.act[0] in _NAMES and deriv.kind in _NAMES and node.act[0] != deriv.kind and \
                deriv.form != "named":
            yield _gate_mismatch(model, e, node, deriv)
            continue
        if deriv is None or unit is None or unit.activation is None or common.other_branch(e, unit) or \
                deriv.kind == "either":
            continue  # (a dispatcher's derivative of whichever activation its string names: no kind to compare)
        act = unit.activation
        if act not in KNOWN_ACTIVATIONS or act == "any":
            # a function of the file's own (`elu`), or an activation object of a kind left open
            # (`self.activation_function(x)`): which derivatives it admits is not known here
            continue
        if act == deriv.kind or act in ("softmax",) or deriv.kind in unit.dispatch or \
                _family_applies(model, unit, deriv.kind, e.info.get("undecided", False)) or _same_object(unit, e):
            continue
        delta = common.target_of(e.stmt)
        err = e.info.get("error")
        err_name = common.error_name(err)
        misuse = _helper_misuse(model, e, act)
        if misuse is not None:
            yield misuse
            continue
        applied = common.activation_place(model, unit)
        yield common.finding(
            rule, e.stmt,
            f"F1 for a {act} layer is {common.f1_formula(unit, delta, err_name)}; this statement "
            f"uses the {_NAMES.get(deriv.kind, deriv.kind)} (on {common.name_of(deriv.operand)}), but "
            f"{common.unit_desc(unit)} applies {act} ({common.line_ref(model, applied, e.stmt)})",
            expected=_fix(model, e.stmt, unit, deriv, err),
            related=[(applied, f"the forward pass applies {act} here")],
        )


def _receivers(node: ast.AST | None) -> set[str]:
    """The objects whose methods a statement calls (`self.ntype` of `self.ntype.diff(Z)`)."""
    if node is None:
        return set()
    return {ast.unparse(c.func.value) for c in ast.walk(node) if isinstance(c, ast.Call) and
            isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Attribute)}


def _same_object(unit: Any, e: Any) -> bool:
    """The activation and the derivative are methods of one pluggable object (`self.ntype.act(Z)` forward,
    `self.ntype.diff(Z)` backward): they pair by construction, so a mismatch is the model confusing which
    layer's object it is (layers of several kinds walked as one), not the file's fault."""
    act_stmt = getattr(unit, "act_stmt", None)
    shared = _receivers(getattr(act_stmt, "node", None)) & _receivers(e.stmt.node)
    return bool(shared)


def _family_applies(model: Any, unit: Any, kind: str, undecided: bool) -> bool:
    """A weight family (`params['W' + str(l)]`) whose layers apply `kind` or the unit's activation by one
    expression (`A = sigmoid(Z) if last else relu(Z)`), or a family with a `kind` member whose backward
    picks the derivative by a choice run undecided (`if acts[l] == "relu": ... else: ...`): which member a
    delta belongs to, the model cannot tell."""
    weights = {id(lay.weight) for lay in unit.layers if lay.weight.family}
    return bool(weights) and any(u is not unit and u.activation == kind and (undecided or u.act_line == unit.act_line)
                                 and any(id(lay.weight) in weights for lay in u.layers) for u in model.units)


def _helper_of(model: Any, kind: str) -> Any:
    """A function of the file whose F1 applies `kind`'s derivative and no other (`relu_backward`)."""
    kinds: dict[Any, set[str]] = {}
    for e in model.of_kind("F1"):
        deriv = e.info.get("deriv")
        func = e.stmt.func
        if deriv is not None and isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            kinds.setdefault(func, set()).add(deriv.kind)
    return next((func for func, seen in kinds.items() if seen == {kind}), None)


def _helper_misuse(model: Any, e: Any, act: str) -> Finding | None:
    """A derivative helper right for the layers it is meant for, called for a layer it is not meant for:
    the fault is the call (`dZ = sigmoid_backward(dA, cache)` in the ReLU branch), reported there."""
    site = e.info.get("site")
    deriv = e.info["deriv"]
    func = e.stmt.func
    if site is None or not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or site.func is func:
        return None
    right_elsewhere = any(o.stmt is e.stmt and o.unit is not None and o.unit.activation == deriv.kind
                          for o in model.of_kind("F1"))
    if not right_elsewhere:
        return None
    rule = sys.modules[__name__]
    helper = _helper_of(model, act)
    expected = None
    if helper is not None:
        expected = common.rewrite(site, lambda tree: _rename_call(tree, func.name, helper.name))
    applied = common.activation_place(model, e.unit)
    use = ""
    if helper is not None:
        use = f"; call {helper.name} ({common.line_ref(model, common.place(model, helper.lineno), site)})"
    where, how = site, ""
    why = (e.stmt, f"{func.name} takes the {deriv.kind} derivative here")
    chosen = _chosen_by_caller(e, site, helper)
    if chosen is not None:
        # `act_backward(dA, Z, "relu")` for the sigmoid layer, into a dispatcher whose branch is right for what
        # it was asked: the fault is the caller's choice, reported there with the choice that picks the helper
        where, text, expected, right = chosen
        how = f": this call chooses it with {text}"
        why = (site, f"{text} dispatches to {func.name} here")
        if right is not None:
            use = f"; pass {right}, which picks {helper.name}"
    return common.finding(
        rule, where,
        f"F1 for a {act} layer goes through {func.name} ({common.line_ref(model, e.stmt, where)}), which applies "
        f"the {_NAMES.get(deriv.kind, deriv.kind)}{how}; {common.unit_desc(e.unit)} applies {act} "
        f"({common.line_ref(model, applied, where)}){use}",
        expected=expected,
        related=[(applied, f"the forward pass applies {act} here"), why],
    )


def _chosen_by_caller(e: Any, site: Any, helper: Any) -> tuple[Any, str, str | None, str | None] | None:
    """(the outer call, the choice it passed, that call with the right choice) when the helper's call `site` sits in
    a branch of `if activation == X:` on a parameter of its function (a dispatcher) and the dispatcher's caller
    passed that choice; None otherwise."""
    sites = e.info.get("sites") or ()
    disp = site.func
    if len(sites) < 2 or sites[-1] is not site or not isinstance(disp, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    outer = sites[-2]
    if outer is None or outer.func is disp:
        return None
    params = [a.arg for a in disp.args.args]
    branch = _branch_test(disp, site.node, params)
    if branch is None:
        return None
    param, choice = branch
    kind = e.info["deriv"].kind
    if kind.replace("_", "") not in choice.lower().replace("_", ""):
        return None  # (`if activation == "relu": dZ = sigmoid_backward(...)`: the dispatcher's own branch is wrong)
    call = next((c for c in ast.walk(outer.node) if isinstance(c, ast.Call) and
                 (isinstance(c.func, ast.Name) and c.func.id == disp.name or
                  isinstance(c.func, ast.Attribute) and c.func.attr == disp.name)), None)
    if call is None:
        return None
    i = params.index(param) - (1 if params and params[0] in ("self", "cls") and isinstance(call.func, ast.Attribute)
                               else 0)
    arg = next((k.value for k in call.keywords if k.arg == param), call.args[i] if 0 <= i < len(call.args) else None)
    if arg is None:
        return None
    text = ast.unparse(arg)
    right = None
    if helper is not None:
        # the branch whose body calls the right helper: its compared choice, spelt as the dispatcher spells it
        for node in ast.walk(disp):
            if isinstance(node, ast.If) and any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and
                                                c.func.id == helper.name for b in node.body for c in ast.walk(b)):
                test = _compared(node.test, params)
                if test is not None and test[0] == param:
                    right = test[1]
    fixed = None
    if right is not None:
        def swap(tree: ast.AST) -> bool:
            for c in ast.walk(tree):
                if isinstance(c, ast.Call) and ast.unparse(c.func) == ast.unparse(call.func):
                    for k in c.keywords:
                        if k.arg == param:
                            k.value = ast.parse(right, mode="eval").body
                            return True
                    if 0 <= i < len(c.args):
                        c.args[i] = ast.parse(right, mode="eval").body
                        return True
            return False
        fixed = common.rewrite(outer, swap)
    return outer, text, fixed, right


def _compared(test: ast.expr, params: list[str]) -> tuple[str, str] | None:
    """(parameter, choice text) of `param == choice` (either side)."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        a, b = test.left, test.comparators[0]
        if isinstance(a, ast.Name) and a.id in params:
            return a.id, ast.unparse(b)
        if isinstance(b, ast.Name) and b.id in params:
            return b.id, ast.unparse(a)
    return None


def _branch_test(func: ast.AST, stmt: ast.stmt, params: list[str]) -> tuple[str, str] | None:
    """The `param == choice` test of the if-branch of `func` whose body holds `stmt`."""
    for node in ast.walk(func):
        if isinstance(node, ast.If) and any(s is stmt for b in node.body for s in ast.walk(b)):
            found = _compared(node.test, params)
            if found is not None:
                return found
    return None


def _rename_call(tree: ast.AST, old: str, new: str) -> bool:
    done = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id == old:
                f.id = new
                done = True
            elif isinstance(f, ast.Attribute) and f.attr == old:
                f.attr = new
                done = True
    return done


def _fix(model: Any, stmt: Any, unit: Any, deriv: Any, error: Any) -> str | None:
    """The flagged statement with the layer's own derivative in place of the wrong one, when certain."""
    want = _FACTOR.get(unit.act())
    operand = deriv.operand
    if want is None or operand.undef or deriv.form == "mask":
        return None  # leaky ReLU's slope, a mask written by assignment: not ours to guess
    helpers = _derivative_helpers(model)
    ours = next((h for h, kind in helpers.items() if kind == unit.act()), None)
    wrong = {h for h, kind in helpers.items() if kind == deriv.kind}
    called = [n for n in ast.walk(stmt.node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
              and n.func.id in wrong and len(n.args) == 1]
    if ours is not None and len(called) == 1:
        # `tanh_grad(outs[t])` where the file has `sig_grad` for its sigmoid layers: its own helper, called instead
        old_name = called[0].func.id  # type: ignore[attr-defined]
        text = common.rewrite(stmt, lambda tree: _rename_call(tree, old_name, ours))
        if text is not None:
            return text
    if deriv.form == "of" and operand.act:
        operand = operand.act[1]  # dsigmoid(a1): the factor reads a1
    old = common.derivative_operand(stmt, common.name_of(operand), common.error_name(error))
    if old is None:
        return None
    names = {"z": common.name_of(unit.output) if unit.output is not None else "",
             "y": common.name_of(unit.preact) if unit.preact is not None else ""}
    if deriv.form == "output" and want[0] == "z" and old == common.name_of(operand) and \
            common.visible(model, stmt, old):
        # `(1 - h ** 2) * dh` on the sigmoid layer's output `h`: the output as this statement already names it (the
        # layer's output may have another name where another pass over the same weights made it)
        names["z"] = old
    name = names[want[0]]
    if not name or not common.visible(model, stmt, name):
        return None
    text = common.rewrite(stmt, common.replace_factors(old, want[1].format(**names)))
    return text if text is not None and common.all_visible(model, stmt, text) else None


def _gate_mismatch(model: Any, e: Any, node: Any, deriv: Any) -> Finding:
    """A gate of a recurrent cell (o = sigmoid(A[:, 3*H:]), g = tanh(...)) whose delta takes another
    activation's derivative."""
    rule = sys.modules[__name__]
    act = node.act[0]
    name = common.name_of(node)
    made = node.stmt if node.stmt is not None and node.stmt.line else None
    want = {"sigmoid": f"{name} * (1 - {name})", "tanh": f"(1 - {name} ** 2)",
            "relu": f"({common.name_of(node.act[1])} > 0)"}.get(act)
    node_ast = e.stmt.node
    expected = None
    if want is not None and isinstance(node_ast, ast.AugAssign) and isinstance(node_ast.op, ast.Mult) and \
            common.refs(node_ast.value) <= {common.name_of(deriv.operand)}:
        expected = f"{ast.unparse(node_ast.target)} *= {want}"  # d_g *= g * (1 - g): the factor alone
    elif want is not None:
        expected = common.rewrite(e.stmt, common.replace_factors(common.name_of(deriv.operand), want))
    return common.finding(
        rule, e.stmt,
        f"F1 for {name}, a {act} gate: this statement uses the {_NAMES.get(deriv.kind, deriv.kind)} "
        f"(on {common.name_of(deriv.operand)}); the gate's derivative is {want}",
        expected=expected,
        related=[(made, f"{name} applies {act} here")] if made is not None else [],
    )


#: a one-argument helper's return value, its argument written `z`, by the activation whose derivative it is
#: (in terms of the activation's output, as derivative helpers take it)
_HELPER_FORMS = {
    "sigmoid": {"z * (1 - z)", "(1 - z) * z", "z * (1.0 - z)", "(1.0 - z) * z"},
    "tanh": {"1 - z ** 2", "1.0 - z ** 2", "1 - z * z", "1.0 - z * z", "1 - np.square(z)", "1.0 - np.square(z)",
             "1 - np.power(z, 2)", "1.0 - np.power(z, 2)"},
}


def _derivative_helpers(model: Any) -> dict[str, str]:
    """The file's top-level functions that return an activation's derivative from its output, one line each
    (`def sig_grad(s): return s * (1 - s)`), by name: the activation's."""
    out: dict[str, str] = {}
    for node in model.tree.body:
        if not isinstance(node, ast.FunctionDef) or len(node.args.args) != 1 or node.args.vararg or \
                node.args.kwarg or node.decorator_list:
            continue
        body = [b for b in node.body if not (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant))]
        if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
            continue
        arg = node.args.args[0].arg
        text = ast.unparse(_renamed(body[0].value, arg, "z"))
        kind = next((k for k, forms in _HELPER_FORMS.items() if text in forms), None)
        if kind is not None:
            out[node.name] = kind
    return out


def _renamed(expr: ast.expr, old: str, new: str) -> ast.expr:
    """A copy of `expr` with the variable `old` written `new`."""
    out = copy.deepcopy(expr)
    for n in ast.walk(out):
        if isinstance(n, ast.Name) and n.id == old:
            n.id = new
    return out
