"""The activation derivative is applied to the wrong tensor.

Fix: when offered

What it does:
    For each F1 statement, checks the tensor its derivative is written with: sigmoid's
    `z * (1 - z)` and tanh's `1 - z**2` need the layer's OUTPUT z; a helper that computes
    `s = sigmoid(y); s * (1 - s)` needs the PRE-ACTIVATION y; a ReLU mask must test this layer's
    pre-activation (or output) — not another layer's, and not a name that is never defined. Also
    reports an activation applied to the gradient itself (`dZ = 1 - np.tanh(dA) ** 2`): the derivative
    taken of the incoming gradient, which is then never multiplied in; and a derivative helper handed its
    arguments in the other order than its signature names them (`def d_tanh(da, z)` called as `d_tanh(z1, dA)`),
    at the call, or, for a helper picked from a table beside helpers of the other order, at its `def`.

    The fix replaces the flagged statement: the tensor the derivative is written with becomes the
    right one (the output for `z * (1 - z)`, the pre-activation for a mask or a helper like
    `sigmoid_prime(y)`), only where the statement writes the derivative (a mask's index, `np.where`'s
    condition, the factors that read nothing else), so the user's own form stays. It is offered only
    when the right tensor has a name the statement can see and the wrong one is written in the
    statement itself; a derivative computed on another line (`d = e * sp`) is left to the message.

Why is this bad:
    The formula looks right, so nobody looks twice, but the derivative is evaluated at the wrong
    point: gradients are silently wrong (or, for an undefined name, the script crashes at once).

Example:
    import numpy as np
    x, t = np.random.randn(8, 3), np.random.rand(8, 1)
    w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
    for step in range(100):
        hy = x.dot(w1)
        hz = np.maximum(0, hy)
        oy = hz.dot(w2)
        oz = 1 / (1 + np.exp(-oy))
        error = t - oz                       # bp: error
        delta = oy * (1 - oy) * error        # bp: F1 BP302
        dw2 = hz.T.dot(delta)                # bp: F3[w2]
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
        oy = hz.dot(w2)
        oz = 1 / (1 + np.exp(-oy))
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
import copy
import re
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.terms import weight_view
from bpscan.values import Val
from bpscan.rules import common
from bpscan.rules.vocabulary import KNOWN_ACTIVATIONS

CODE = "BP302"
#: its `expected`, when given, is the whole statement to paste over the flagged one
PASTES = True
NAME = "derivative-operand"
SEVERITY = "error"


def _mixed(v: Val, depth: int = 0) -> bool:
    """A join of alternatives some of which are no array carrying a gradient (a tuple cache, a forward tensor)."""
    if v.op != "join" or depth > 4:
        return False
    return any(isinstance(a, Val) and (a.kind != "arr" or a.adj is None or _mixed(a, depth + 1)) for a in v.args)


def _problem(model: Any, stmt: Any, unit: Any, deriv: Any, written: str | None) -> str | None:
    if deriv.form == "named":
        return None  # relu_derivative(z) of a module we cannot read: which tensor it wants, unknown
    operand = deriv.operand
    # (named as the training code computes them, not as an evaluation after the loop does again)
    first_pre, first_out = unit.first_preact(), unit.first_output()
    z = common.name_of(first_out) if first_out is not None else "the output"
    y = common.name_of(first_pre) if first_pre is not None else "the pre-activation"
    if operand.undef:
        pre = first_pre.stmt if first_pre is not None else None
        where = f" ({common.line_ref(model, pre, stmt)})" if pre is not None else ""
        what = "the mask" if deriv.form == "mask" else "the derivative"
        return f"{what} tests {operand.undef}, which is never defined; the pre-activation is {y}{where}"
    if deriv.form == "of":
        inner = operand.act[1] if operand.act else None
        role = common.role_of(inner) if inner is not None else None
        if role is not None and role[1] is unit and role[0] == "z":
            # (named as this statement writes it when the activation's helper lives elsewhere: `tanh(g[t],
            # derivative=True)` of a helper whose own names, `x_safe`, mean nothing here)
            if written is not None:
                pre = f"what {deriv.kind} was applied to in the forward pass"
                if first_pre is not None and getattr(first_pre.stmt, "mod", None) == getattr(stmt, "mod", None):
                    pre = y
                return (f"the derivative computes {deriv.kind} again from {written}, the layer's output "
                        f"({deriv.kind} of {deriv.kind}); it expects the pre-activation, {pre}")
            return (f"the derivative computes {deriv.kind}({common.name_of(inner)}) again from the layer's "
                    f"output {common.name_of(inner)}; it expects the pre-activation {y}")
        if role is not None and role[1] is not unit:
            if role[1] not in model.units:
                return None  # a tensor of a layer the model did not keep (index 0): whose it is, not established
            if common.name_of(inner) == y or inner.op == "join":
                # (a join: the element of a loop over several layers' tensors, `for m, i in zip(...)`)
                return None  # `Z` of one helper read for two layers: the members are merged, not crossed
            return f"the derivative is taken at {common.name_of(inner)}, a tensor of layer {role[1].index}; use {y}"
        return None
    if operand.adj is not None and operand.adj.pos == "?" and _multiplies_a_weight(operand):
        # `x @ W.T + b` (a layer's output, handed back as the input of the ReLU's backward) that a value
        # of unknown standing reached on its way: a forward tensor, not the gradient the layer receives
        return None
    if operand.adj is not None and _mixed(operand):
        # `relu_backward(dout, caches.pop())` of a list holding every layer's caches (tuples and arrays): the
        # element is any of them, and that it is a gradient is not established
        return None
    if operand.adj is not None:
        if any(e.info.get("value") is operand and e.info.get("target") is not None for e in model.of_kind("error")):
            # `r = y_true - y_pred; np.where(r >= 0, a * r, (a - 1) * r)`: a loss of the output error formed
            # right here from a target (a pinball loss), not a layer's backward masking the gradient it got
            return None
        what = "the mask tests" if deriv.form == "mask" else "the derivative is taken at"
        return (f"{what} {common.name_of(operand)}, the incoming gradient; the derivative belongs to the "
                f"forward pass: use {y if deriv.form == 'mask' else z}")
    role = common.role_of(operand)
    if role is None:
        return None
    kind, owner = role
    if operand.op == "join":
        # the element of a loop over several layers' tensors (`layer_output[i - 1]` of an object array, `caches[l]`):
        # which one, and so whether it is this layer's output or its pre-activation, not known
        return None
    if owner is not unit and owner not in model.units:
        return None  # a tensor of a layer the model did not keep (index 0): whose it is, not established
    if owner is not unit and owner.same_family(unit) and deriv.form == "output" and kind in ("y", "mm") and \
            unit.dispatch and deriv.kind in unit.dispatch:
        # `dA * (1 - np.power(Z, 2))` on the pre-activation a family's cache hands back: whichever member's it is,
        # the form written for the output is taken at a pre-activation
        out = z if common.visible(model, stmt, z) else _output_at(stmt, deriv.kind, common.name_of(operand))
        return (f"{deriv.kind}'s derivative is written with the layer's output, but {common.name_of(operand)} "
                f"is the pre-activation; use the output {out}")
    if owner is not unit and owner.same_family(unit):
        # `cache[f'A{k-1}']` of one family of layers (`p[f'W{k}']`), read on a pass that is about the layer
        # below: which member's tensor it is, the loop's index decides, not the model
        return None
    if owner is not unit:
        want = y if deriv.form == "mask" else z
        if common.name_of(operand) in (want, z if deriv.form == "mask" and deriv.kind == "relu" else want):
            # `self.pre` of one layer class read for two layers: the members are merged, not crossed (a ReLU's
            # mask may test its output `self.out > 0` as well as its pre-activation)
            return None
        return (f"the derivative uses {common.name_of(operand)}, a tensor of layer {owner.index}, "
                f"not of this layer; use {want}")
    if deriv.form == "output" and kind in ("y", "mm", "in"):
        return (f"{deriv.kind}'s derivative is written with the layer's output, but {common.name_of(operand)} "
                f"is the pre-activation; use the output {z}")
    return None


def _foreign_output(stmt: Any, deriv: Any) -> str | None:
    """The layer's output as the statement writes it, when the derivative is taken again at it by a helper
    of another module (whose own names would mean nothing at the flagged line)."""
    if deriv.form != "of" or not deriv.operand.act:
        return None
    inner = deriv.operand.act[1]
    if getattr(inner.stmt, "mod", None) == getattr(stmt, "mod", None):
        return None
    return _written_operand(stmt.node, deriv.kind)


def _written_operand(node: ast.AST, kind: str) -> str | None:
    """`g[t]` of `tanh(g[t], derivative=True) * dg`: the argument of the one call that names the activation."""
    calls = [c for c in ast.walk(node) if isinstance(c, ast.Call) and c.args and
             kind in (c.func.id if isinstance(c.func, ast.Name) else
                      c.func.attr if isinstance(c.func, ast.Attribute) else "").lower()]
    return ast.unparse(calls[0].args[0]) if len(calls) == 1 else None


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F1"):
        deriv = e.info.get("deriv")
        unit = e.unit
        if deriv is not None and unit is not None and unit.activation != deriv.kind and deriv.kind in unit.dispatch:
            # `elif activation == "tanh": dZ = dA * (1 - np.power(Z, 2))` of a layer whose activation a string
            # chooses: the branch's derivative is checked as that activation's, whichever the layer was read with
            unit = copy.copy(unit)
            unit.activation = deriv.kind
        if deriv is None or unit is None or (unit.activation or "linear") not in KNOWN_ACTIVATIONS:
            continue  # (an activation of the file's own: which tensor its derivative is taken at is its own)
        if deriv.kind == "linear":
            continue  # (the identity's derivative is ones at any tensor of the layer)
        if unit.activation is not None and unit.activation != deriv.kind and \
                not (deriv.operand.undef and deriv.kind in ("relu", "leaky_relu")):
            continue  # a different derivative altogether: BP301
        written = _foreign_output(e.stmt, deriv)
        problem = _problem(model, e.stmt, unit, deriv, written)
        if problem is None:
            continue
        delta = common.target_of(e.stmt)
        err = common.written_error(e.stmt, common.error_name(e.info.get("error")), common.name_of(deriv.operand))
        related = []
        first_pre, first_out = unit.first_preact(), unit.first_output()
        if first_pre is not None and first_pre.stmt is not None:
            related.append((first_pre.stmt, "the pre-activation is computed here"))
        if first_out is not None and first_out.stmt is not None:
            related.append((first_out.stmt, "the activation is applied here"))
        yield common.finding(
            rule, e.stmt,
            f"F1 for a {unit.act()} layer is {common.f1_formula(unit, delta, err, written)}; here {problem}",
            expected=_fix(model, e.stmt, unit, deriv, err), related=related,
        )
    yield from _through_activation(model)


def _through_activation(model: Any) -> Iterator[Finding]:
    """`1 - np.tanh(dA) ** 2`: the activation applied to the gradient the layer receives, which never meets
    the derivative at the forward pass's tensor (and is never multiplied in)."""
    rule = sys.modules[__name__]
    for e in model.of_kind("act_of_grad"):
        unit, grad = e.unit, e.info.get("grad")
        fn = e.info.get("fn")
        swapped = e.info.get("swapped")
        if swapped is not None and grad is not None:
            # (whichever layer's gradient it is: the helper's own signature says which argument is which)
            yield _swapped_call(model, e, swapped, common.name_of(grad))
            continue
        if unit is None or grad is None or unit not in model.units:
            continue
        name = _applied_to(e.stmt.node, fn) or common.name_of(grad)
        if not _GRADIENT_WORD.match(name):
            # the value the model traced as a gradient is written as something else here (`relu_forward(bn[i])`
            # of a forward pass whose list a backward pass also filled): not established, no finding
            continue
        related = [(unit.preact.stmt, "the pre-activation is computed here")] \
            if unit.preact is not None and unit.preact.stmt is not None else []
        yield common.finding(
            rule, e.stmt,
            f"{fn} is applied to {name}, the incoming gradient: formula 1 multiplies the gradient by the "
            f"activation's derivative taken at the forward pass's tensor, {name} * {fn}'(z) with z the "
            f"pre-activation the forward pass kept",
            expected=_gradient_times_derivative(e.stmt, name, fn), related=related,
        )


def _swapped_call(model: Any, e: Any, swapped: tuple[str, int, int, str], grad: str) -> Finding:
    """The call that hands a derivative helper its gradient and its layer's tensor the other way round; or, of
    several helpers one call picks among (a table of derivatives), the one whose signature is the odd one out."""
    signature, at_grad, at_tensor, callee = swapped
    params = signature.split(", ")
    helper = e.info.get("helper")
    if helper is not None:
        where = common.syntax_stmt(helper)
        return common.finding(
            sys.modules[__name__], where,
            f"{callee}({signature}) takes the gradient as {params[at_grad]} and the tensor its derivative is taken "
            f"at as {params[at_tensor]}, but the call that picks it among {e.info.get('among')} derivatives "
            f"({common.line_ref(model, e.stmt, where)}) hands it the gradient {grad} as {params[at_tensor]}: "
            f"its parameters are in the other order than the call's, so the derivative is taken at the gradient",
            related=[(e.stmt, f"{grad} is handed to {callee} here, as its {params[at_tensor]}")],
        )
    expected = None
    for call in ast.walk(e.stmt.node):
        if isinstance(call, ast.Call) and len(call.args) == len(params) and not call.keywords and \
                ast.unparse(call.args[at_tensor]) == grad:
            expected = common.rewrite(e.stmt, lambda tree, c=ast.unparse(call): _swap_args(tree, c, at_grad, at_tensor))
            break
    return common.finding(
        sys.modules[__name__], e.stmt,
        f"{callee}({signature}) takes the gradient as {params[at_grad]} and the tensor its derivative is taken at "
        f"as {params[at_tensor]}, but this call hands it the gradient {grad} as {params[at_tensor]}: the arguments "
        f"are in the wrong order, so the derivative is taken at the gradient (and the forward pass's tensor is "
        f"multiplied in as if it were the gradient)",
        expected=expected,
    )


def _swap_args(tree: ast.AST, call: str, i: int, j: int) -> bool:
    """Swap the `i`-th and `j`-th arguments of the call written `call` in the statement's tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node) == call:
            node.args[i], node.args[j] = node.args[j], node.args[i]
            return True
    return False


#: a name written as a gradient: `dA`, `d_out`, `dg`, `grad_h`, `delta2`, `err`
_GRADIENT_WORD = re.compile(r"^(d[A-Za-z_]\w*|grad\w*|delta\w*|err\w*|error\w*|g_\w*)$")

#: the derivative of each activation at its pre-activation `{z}`, in the file's array library `{m}`
_AT_PREACT = {"tanh": "(1 - {m}.tanh({z}) ** 2)", "relu": "({z} > 0)",
              "sigmoid": "(1 / (1 + {m}.exp(-{z}))) * (1 - 1 / (1 + {m}.exp(-{z})))"}


def _applied_to(node: ast.AST, fn: str | None) -> str | None:
    """The name the statement hands to the activation `fn` (`dA` of `np.tanh(dA)`), or None."""
    for c in ast.walk(node):
        if isinstance(c, ast.Call) and len(c.args) == 1 and isinstance(c.args[0], ast.Name) and \
                (isinstance(c.func, ast.Attribute) and c.func.attr == fn or isinstance(c.func, ast.Name) and c.func.id == fn):
            return c.args[0].id
    return None


def _gradient_times_derivative(stmt: Any, grad: str, fn: str) -> str | None:
    """`return dA * (1 - np.tanh(Z) ** 2)` for `return 1 - np.tanh(dA) ** 2` in a helper `tanh_backward(dA, Z)`:
    the helper's one other argument (or the name it is unpacked into, `Z = cache`) is the pre-activation."""
    func, node = stmt.func, stmt.node
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn not in _AT_PREACT or \
            not isinstance(node, (ast.Return, ast.Assign)) or node.value is None:
        return None
    params = [a.arg for a in func.args.args if a.arg not in ("self", "cls")]
    others = [p for p in params if p != grad]
    if grad not in params or len(others) != 1:
        return None
    z = others[0]
    for st in func.body:
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and \
                isinstance(st.value, ast.Name) and st.value.id == z:
            z = st.targets[0].id  # `Z = cache`
    calls = [c for c in ast.walk(node.value) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
             and c.func.attr in ("tanh", "exp", "maximum") and isinstance(c.func.value, ast.Name)]
    module = calls[0].func.value.id if calls else "np"  # type: ignore[union-attr]
    value = f"{grad} * {_AT_PREACT[fn].format(m=module, z=z)}"
    if isinstance(node, ast.Return):
        return f"return {value}"
    return f"{ast.unparse(node.targets[0])} = {value}"


def _fix(model: Any, stmt: Any, unit: Any, deriv: Any, error: str) -> str | None:
    """The flagged statement with the derivative written at the right tensor, when certain."""
    operand = deriv.operand
    if deriv.form == "of" and operand.act and not operand.undef:
        operand = operand.act[1]  # sigmoid_prime(a1) computes sigmoid(a1): a1 is what it is written with
    old = operand.undef or common.derivative_operand(stmt, common.name_of(operand), error)
    if old is None:
        return None
    if old == error and common.only_bare_factor(stmt, old):
        # `return dz * d` with the mask `d` made from dz a statement before: the one factor that reads dz here is
        # the error itself, and the mask to mend is not in this statement
        return None
    right = unit.first_preact() if deriv.form in ("mask", "of") else unit.first_output()
    if right is None:
        return None
    new = common.name_of(right)
    if (new == old or not common.visible(model, stmt, new)) and deriv.form == "output" and \
            deriv.kind in _OUTPUT_OF and common.role_of(operand) is not None and common.role_of(operand)[0] == "y":
        # (`dA * (1 - np.power(Z, 2))` where only the pre-activation is at hand: the output made from it there)
        new = _output_at(stmt, deriv.kind, old)
    elif new == old or not common.visible(model, stmt, new):
        return None
    text = common.rewrite(stmt, common.swap_name(old, new, derivative_only=True))
    return text if text is not None and common.all_visible(model, stmt, text) else None


#: an activation's output made from its pre-activation `{z}`, in the file's array library `{m}`
_OUTPUT_OF = {"tanh": "{m}.tanh({z})", "sigmoid": "(1 / (1 + {m}.exp(-{z})))"}


def _output_at(stmt: Any, kind: str, z: str) -> str:
    """The activation's output written from the pre-activation `z`, with the array module the statement uses."""
    calls = [c for c in ast.walk(stmt.node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
             and isinstance(c.func.value, ast.Name) and c.func.value.id in ("np", "numpy", "cp", "cupy", "torch")]
    module = calls[0].func.value.id if calls else "np"  # type: ignore[union-attr]
    return _OUTPUT_OF.get(kind, "{m}." + kind + "({z})").format(m=module, z=z)


def _multiplies_a_weight(v: Val, depth: int = 0) -> bool:
    """`x @ W.T + b`: a product with a layer's weight among the terms (through a bias, views and reshapes)."""
    if depth > 3 or not isinstance(v, Val):
        return False
    if v.op in ("matmul", "correlate", "convolve"):
        return any(isinstance(a, Val) and weight_view(a) is not None for a in v.args)
    if v.op in ("add", "sub", "reshape", "copy", "T"):
        return any(_multiplies_a_weight(a, depth + 1) for a in v.args)
    return False
