"""Pooling layers' backward passes: the upstream gradient routed to each window's maximum or spread over its mean.

A pooling layer has no weights, so its backward pass is formula 1 alone: the gradient at the output times the
derivative of max (1 at the window's maximum, 0 elsewhere) or of the mean (1/k everywhere). Written by hand it is
a scatter, not a product with f'(z), and the layer model (which follows weights) never sees it. This reads it off
the syntax of a backward function whose layer pools: its name or its class's says so, or its forward pass takes a
maximum or an argmax over axes (and no exponential, as a softmax would).
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from bpscan.terms import callee_name, gradient_of_name

_POOL_NAME = re.compile(r"pool", re.IGNORECASE)
#: (`dmaxpool(dX_col, dout_col, cache)`, `d_avg_pool`: the derivative of a pooling function, by its name)
_BACKWARD_NAME = re.compile(r"(backward|backprop|bprop|bwd|grad|^d_?(max|avg|mean|min)?_?pool)", re.IGNORECASE)
_FORWARD_NAME = re.compile(r"(forward|fprop|fwd|__call__)", re.IGNORECASE)
#: a maximum over given axes (a mean over axes is as much a normalisation's or a loss's: average pooling is known
#: by its name)
_REDUCTIONS = frozenset({"max", "amax", "nanmax", "argmax"})
_ZEROS = frozenset({"zeros", "zeros_like", "empty", "empty_like"})
#: names of weights: a statement reading one is a convolution's or a dense layer's, not a pool's
_WEIGHT = re.compile(r"^(w|W|weights?|kernels?|filters?|params|U|V)(\d*|_\w+)?$")
_OTHER_PARAMETER = re.compile(r"^(b|B|bias|biases|gamma|beta|scale|shift)(\d*|_\w+)?$")
_GRADIENT_ARG = re.compile(r"^(d_?[a-zA-Z]|grad|delta|err|top_?grad|upstream|dvalues|dout|output_?grad|out_?grad|sensitivit|g_?out)")
#: operations that move the gradient without computing with it (spreading it over a window, reshaping it)
_SPREAD = frozenset({"repeat", "tile", "kron", "broadcast_to", "outer"})


def pooling_f1_lines(tree: ast.Module) -> Iterator[tuple[int, int]]:
    """(first line, last line) of each statement that routes a pooling layer's upstream gradient to its input."""
    for cls_or_mod in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef))]:
        funcs = [n for n in cls_or_mod.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        forwards = [f for f in funcs if _FORWARD_NAME.search(f.name)]
        for f in funcs:
            if not _BACKWARD_NAME.search(f.name) or _FORWARD_NAME.search(f.name):
                continue
            named = _POOL_NAME.search(f.name) or isinstance(cls_or_mod, ast.ClassDef) and \
                _POOL_NAME.search(cls_or_mod.name)
            stem = _BACKWARD_NAME.sub("", f.name)
            mates = [g for g in forwards if _FORWARD_NAME.sub("", g.name) == stem] or \
                (forwards if isinstance(cls_or_mod, ast.ClassDef) else [])
            if not (named or any(_reduces_windows(g) for g in mates)):
                continue
            yield from _routes(f)


def _reduces_windows(func: ast.AST) -> bool:
    """A forward pass taking a maximum (or its index) over given axes and no exponential (a softmax shifts by its
    maximum too): what a max-pooling layer does."""
    calls = [n for n in ast.walk(func) if isinstance(n, ast.Call)]
    if any(_callee(n) == "exp" for n in calls):
        return False
    return any(_callee(n) in _REDUCTIONS and any(k.arg == "axis" for k in n.keywords) for n in calls)


def _routes(func: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[tuple[int, int]]:
    args = [a.arg for a in func.args.posonlyargs + func.args.args if a.arg not in ("self", "cls")]
    if not args:
        return
    # the upstream gradient: the argument named as one, else (the layer protocol) the first
    # (`dmaxpool(dX_col, dout_col, cache)`: an argument the function writes into by index is the buffer handed in
    # to hold the input's gradient, not the upstream one)
    written = {r.id for n in ast.walk(func) if isinstance(n, (ast.Assign, ast.AugAssign))
               for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Subscript)
               for r in (_root(t),) if isinstance(r, ast.Name)} & set(args)
    upstream = [a for a in args if _GRADIENT_ARG.match(a) and a not in written]
    carried = {upstream[0] if upstream else next((a for a in args if _GRADIENT_ARG.match(a)), args[0])}
    # (`for w_out, w in enumerate(W_list)`: a loop's position over the width is no weight, whatever its name)
    positions = {t.id for n in ast.walk(func) if isinstance(n, (ast.For, ast.comprehension))
                 for t in ast.walk(n.target) if isinstance(t, ast.Name)}
    buffers: set[str] = set(written)
    body = [st for st in ast.walk(func) if isinstance(st, (ast.Assign, ast.AugAssign)) or
            isinstance(st, ast.Return) and st.value is not None]
    body.sort(key=lambda st: (st.lineno, st.col_offset))
    for st in body:
        value = st.value
        # (`return np.repeat(dout, k, axis=1) / k`: the routed gradient handed straight back)
        targets = st.targets if isinstance(st, ast.Assign) else [] if isinstance(st, ast.Return) else [st.target]
        if isinstance(st, ast.Assign) and isinstance(value, ast.Call) and _callee(value) in _ZEROS:
            # (`self.delta_array = np.zeros(input_array.shape)`, kept on the layer for its caller, a buffer too)
            buffers.update(k for t in targets if (k := _held(t)) is not None)
            continue
        reads = _names(value)
        if not reads & carried or reads & (_weights(value) - positions):
            continue
        for t in targets:
            base = t
            while isinstance(base, ast.Subscript):
                base = base.value
            if isinstance(base, ast.Name):
                carried.add(base.id)
        if _routing(st, targets, value, carried, buffers) and not any(_parameter_gradient(t) for t in targets):
            yield st.lineno, st.end_lineno or st.lineno


def _routing(st: ast.stmt, targets: list[ast.expr], value: ast.expr, carried: set[str], buffers: set[str]) -> bool:
    """Written into the zeros that become the input's gradient, masked by a comparison, spread over a window, or
    multiplied by what the forward pass kept (its mask, its argmax): the gradient routed, not merely renamed."""
    into_buffer = any(isinstance(t, ast.Subscript) and _held(_root(t)) in buffers for t in targets)
    if into_buffer:
        return True
    for n in ast.walk(value):
        if isinstance(n, ast.Compare):
            return True
        if isinstance(n, ast.Call) and (_callee(n) in _SPREAD or _callee(n) in ("einsum", "multiply") and
                                        len(_names(n) - carried) > 0):
            return True
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult) and _mask_factor(n, carried):
            return True
    return False


def _mask_factor(n: ast.BinOp, carried: set[str]) -> bool:
    """One side carries the gradient, the other is an array the function did not compute from it (a mask)."""
    left, right = bool(_names(n.left) & carried), bool(_names(n.right) & carried)
    if left == right:
        return False
    other = n.right if left else n.left
    return not isinstance(other, ast.Constant) and bool(_names(other))


def _parameter_gradient(t: ast.expr) -> bool:
    """`self.dgamma`, `self.d_weights`, `db`: a parameter's gradient (formula 3), not the input's."""
    base = _root(t)
    name = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
    own = gradient_of_name(name)
    return own is not None and bool(_WEIGHT.match(own) or _OTHER_PARAMETER.match(own))


def _held(t: ast.expr) -> str | None:
    """What a store target names when it is a name or an attribute of self: `dx`, `self.delta_array`."""
    if isinstance(t, ast.Name):
        return t.id
    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
        return f"self.{t.attr}"
    return None


def _root(t: ast.expr) -> ast.expr:
    while isinstance(t, ast.Subscript):
        t = t.value
    return t


def _callee(c: ast.Call) -> str:
    return callee_name(c.func) or ""


def _names(node: ast.AST) -> set[str]:
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self":
            out.add(f"self.{n.attr}")
    return out


def _weights(node: ast.AST) -> set[str]:
    return {x for x in _names(node) if _WEIGHT.match(x.rpartition(".")[2])}
