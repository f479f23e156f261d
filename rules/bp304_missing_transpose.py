"""An F2 or F3 product lacks the transpose that the forward convention requires.

Fix: when offered

What it does:
    Reads the forward statement of each layer to learn its convention — row (`a . W`) or
    column (`W . a`) — and checks formula 2 (`delta . W^T`, column: `W^T . delta`) and formula 3
    (`a^T . delta`, column: `delta . a^T`) for the transpose they need. Column-convention code is
    therefore not flagged for writing `np.dot(W.T, delta)`.

Why is this bad:
    With square matrices (or a batch as wide as a layer) the shapes still agree, so nothing
    crashes, but the gradient is the transpose of the right one.

Example:
    import numpy as np
    x, t = np.random.randn(8, 4), np.random.randn(8, 4)
    w1, w2 = np.random.randn(4, 4), np.random.randn(4, 4)
    for step in range(100):
        h = np.tanh(x.dot(w1))
        out = h.dot(w2)
        delta = out - t                      # bp: error
        dw2 = h.T.dot(delta)                 # bp: F3[w2]
        err_h = delta.dot(w2)                # bp: F2 BP304
        delta_h = err_h * (1 - h ** 2)       # bp: F1
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 -= 0.01 * dw1                     # bp: update[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 4), np.random.randn(8, 4)
    w1, w2 = np.random.randn(4, 4), np.random.randn(4, 4)
    for step in range(100):
        h = np.tanh(x.dot(w1))
        out = h.dot(w2)
        delta = out - t                      # bp: error
        dw2 = h.T.dot(delta)                 # bp: F3[w2]
        err_h = delta.dot(w2.T)              # bp: F2
        delta_h = err_h * (1 - h ** 2)       # bp: F1
        dw1 = x.T.dot(delta_h)               # bp: F3[w1]
        w1 -= 0.01 * dw1                     # bp: update[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]
"""

from __future__ import annotations

import ast
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common
from bpscan.terms import made_as_vector, same_forward, target_text

CODE = "BP304"
#: its `expected` is the whole statement to paste over the flagged one
PASTES = True
NAME = "missing-transpose"
SEVERITY = "error"


def _flattened(v: Any) -> bool:
    """`x.flatten()`, `x.ravel()`, `x.reshape(-1)`: made one-dimensional, whatever way round it stood."""
    return v is not None and v.op == "reshape" and bool(v.ev) and (
        v.ev.get("fn") in ("flatten", "ravel") or
        v.ev.get("fn") in ("reshape", "view") and len(v.ev.get("args") or []) == 1 and
        getattr(v.ev["args"][0], "num", None) == -1)


def _vector_reshaped(v: Any) -> bool:
    """`x.reshape(1, -1)`, `d.reshape(-1, 1)`, `np.asmatrix(x)`: a vector made a row or a column; the
    reshape, not a `.T`, says which side it stands on (`d.reshape(-1, 1) @ x.reshape(1, -1)` is delta . a^T),
    also when it is then transposed (`np.transpose(x.reshape(-1, 1)).transpose()`)."""
    for _ in range(3):
        if v is not None and v.op == "T" and v.args:
            v = v.args[0]
    if v is not None and v.op == "reshape" and v.ev and v.ev.get("fn") == "expand_dims":
        return True  # np.expand_dims(a, 2) @ np.expand_dims(d, 1): per-sample outer products
    if v is not None and v.op in ("copy", "reshape") and v.ev and \
            v.ev.get("fn") in ("asmatrix", "atleast_2d", "matrix"):
        return True  # np.asmatrix(dz).T @ np.asmatrix(x): a 1-D vector made a row first, then turned
    if v is None or v.op != "reshape" or not v.ev or v.ev.get("fn") not in ("reshape", "view"):
        return False
    dims = v.ev.get("args") or []
    if len(dims) == 1 and dims[0].kind == "seq" and dims[0].summary is None:
        dims = dims[0].elems or []
    return len(dims) == 2 and any(d.op == "const" and d.num == 1 for d in dims)


def _picked(stmt: Any, name: str) -> bool:
    """The statement reads one row or column of `name` by an index (`W2[j, :]`, `W[:, i]`, `W[j]`): which
    way round the product stands is in its indices, not in a `.T`."""
    node = getattr(stmt, "node", stmt)
    for sub in ast.walk(node):
        if isinstance(sub, ast.Subscript) and target_text(sub.value) == name:
            parts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
            if any(not isinstance(p, ast.Slice) for p in parts):
                return True
    return False


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("F2", "F3"):
        if e.info.get("via") != "matmul" or e.info.get("bias"):
            continue
        lay = e.info.get("layer")
        if lay is None or lay.convention not in ("row", "column") or lay.mixed:
            continue  # a weight used both ways round (w @ x here, w.T @ v there) fixes no convention
        if made_as_vector(lay.weight):
            continue  # a 1-D weight (one output unit): transposing it changes nothing
        if common.shape_guarded(model, e.stmt):
            continue
        delta = common.name_of(e.info.get("delta"))
        g_left = e.info.get("g_left")
        if any(_permuted(v) for v in (e.info.get("weight"), e.info.get("input"), e.info.get("delta"))):
            continue  # a kernel flipped and its channel axes swapped, im2col of a permuted input: laid out anew
        if e.kind == "F2" and any(other.stmt is e.stmt for unit in model.units for other in unit.layers):
            # `p = self.forward(dz)` in a backward method: the layer's own forward product, run on a gradient -
            # the fault is the call that hands it one, not a transpose this statement lacks
            continue
        if e.kind == "F2":
            w = e.info.get("weight")
            standard_side = (g_left and lay.convention == "row") or (not g_left and lay.convention == "column")
            if not standard_side or w is None or w.tr != lay.wtr:
                continue
            if _picked(e.stmt, lay.weight.name):
                continue  # d[k, :].dot(W2[j, :]): one row of W2 picked by an index is (d @ W2.T)[k, j]
            wn = lay.weight.name
            want = None
            # the parameter's name, else how this statement spells it (`self.weights` of a property)
            for spelt in dict.fromkeys([common.base_name(w), (w.name or "").removesuffix(".T")]):
                want = want or (common.rewrite(e.stmt, common.toggle_transpose(spelt, transposed=bool(w.tr)))
                                if spelt else None)
            if want is None:
                # a member of a family (`weights["W{}".format(i + 1)]`), a weight a layer object holds under a name
                # of its own (`self.w` for w1): the operand the delta multiplies
                want = common.rewrite(e.stmt, common.toggle_partner(delta, transposed=bool(w.tr)))
            if want is None:
                product = f"{delta}.dot({wn}.T)" if lay.convention == "row" else f"np.dot({wn}.T, {delta})"
                if lay.wtr:
                    product = f"{delta}.dot({wn})" if lay.convention == "row" else f"np.dot({wn}, {delta})"
                want = _whole(model, e.stmt, product)
            # (a weight the forward uses transposed, `F.linear(x, W)` = x . W^T, goes back untransposed)
            fwd_w, back_w = (wn + "^T", wn) if lay.wtr else (wn, wn + "^T")
            yield common.finding(
                rule, e.stmt,
                f"F2 through {wn} needs the transpose of the forward's {fwd_w}: the forward pass computes "
                f"{'a . ' + fwd_w if lay.convention == 'row' else fwd_w + ' . a'} ({lay.convention} convention, "
                f"{common.line_ref(model, common.layer_place(lay), e.stmt)}), so formula 2 is "
                f"{'error_prev = delta . ' + back_w if lay.convention == 'row' else 'error_prev = ' + back_w + ' . delta'}",
                expected=want, related=[(common.layer_place(lay), "the forward product that fixes the convention")],
            )
        else:
            a = e.info.get("input")
            if a is None or lay.wtr or _vector_reshaped(a) or _vector_reshaped(e.info.get("delta")):
                continue
            standard_side = (not g_left and lay.convention == "row") or (g_left and lay.convention == "column")
            # the convention belongs to the layer: X = X_raw.T fed to np.dot(W, X) wants np.dot(dZ, X.T)
            if a.op == "T" and a.args and any(same_forward(i, a.args[0]) for i in lay.inputs):
                continue  # the transpose of what the forward pass multiplied: formula 3 as written
            fwd = next((i for i in lay.inputs if same_forward(i, a)), None)
            if fwd is None and lay.inputs:
                continue  # not what any forward product of this layer read: its orientation is not known
            fwd = fwd or lay.input
            if _flattened(fwd) and not _flattened(a):
                continue  # the forward pass flattened it (`W @ x.flatten()`): how `a` itself stands is not known
            fwd_tr = bool(fwd is not None and fwd.tr)
            if not standard_side or a.tr != fwd_tr:
                continue
            an = common.name_of(a)
            idiom = common.batch_transpose_idiom(e.stmt.func)
            want = None
            # (the operand as the statement spells it: `x`, or `self.x` of a layer object)
            for spelt in dict.fromkeys([common.base_name(a), an, (a.name or "").removesuffix(".T")]):
                want = want or (common.rewrite(e.stmt, common.toggle_transpose(spelt, transposed=bool(a.tr),
                                                                               idiom=idiom)) if spelt else None)
            if want is None and delta:
                # (`x.reshape(x.shape[0], -1) @ dout`: the operand multiplied with the delta, however it is written)
                want = common.rewrite(e.stmt, common.toggle_partner(delta, transposed=bool(a.tr)))
            if want is None:
                product = f"{an}.T.dot({delta})" if lay.convention == "row" else f"np.dot({delta}, {an}.T)"
                want = _whole(model, e.stmt, product)
            yield common.finding(
                rule, e.stmt,
                f"F3 for {lay.weight.name} needs the layer input transposed: the forward pass is "
                f"{lay.convention} convention ({common.line_ref(model, common.layer_place(lay), e.stmt)}), so formula 3 is "
                f"{'dW = a^T . delta' if lay.convention == 'row' else 'dW = delta . a^T'}",
                expected=want, related=[(common.layer_place(lay), "the forward product that fixes the convention")],
            )


def _permuted(v: Any, depth: int = 0) -> bool:
    """Made through an axis permutation of a batch of maps (`K.transpose((1, 0, 2, 3))`), a flip
    (`K[:, :, ::-1, ::-1]`, np.flip), an unfolding into columns or a new axis (`d[:, :, None]`): which axis
    is which after that, the statement alone does not show."""
    if v is None or depth > 8 or not hasattr(v, "op"):
        return False
    ev = v.ev if isinstance(getattr(v, "ev", None), dict) else {}
    if ev.get("fn") in ("transpose", "moveaxis", "swapaxes", "flip", "rot90", "concatenate") and v.adj is None:
        return True
    if v.op == "flip" or v.op == "getitem" and len(v.args) == 2 and (_reverses(v.args[1]) or _new_axis(v.args[1])):
        return True
    if v.op in ("reshape", "getitem", "copy", "T", "concat", "call"):
        return any(_permuted(a, depth + 1) for a in v.args if hasattr(a, "op") and a.adj is None)
    return False


def _reverses(idx: Any) -> bool:
    """An index with a backwards slice (`::-1`)."""
    parts = idx.elems if idx.kind == "seq" and idx.elems is not None else [idx]
    return any(p.op == "slice" and isinstance(p.payload, slice) and p.payload.step is not None and
               isinstance(p.payload.step, int) and p.payload.step < 0 for p in parts if hasattr(p, "op"))


def _new_axis(idx: Any) -> bool:
    """An index that adds an axis (`d[:, :, np.newaxis]`): a product of 3-D stacks, not of two matrices."""
    parts = idx.elems if idx.kind == "seq" and idx.elems is not None else [idx]
    return any(p.op == "const" and p.num is None and p.kind == "none" or
               p.kind == "mod" and str(p.payload).endswith("newaxis") for p in parts if hasattr(p, "op"))


def _whole(model: Any, stmt: Any, product: str) -> str | None:
    """`target = product` for a statement assigning one target: a whole statement to paste over it (a product
    alone is not one), when every name in the product is in the statement's reach; else None."""
    node = stmt.node
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1) or not common.all_visible(model, stmt, product):
        return None
    return f"{ast.unparse(node.targets[0])} = {product}"
