"""Gradient check of single layers: each output of a backward against finite differences of its forward."""

# The check course notebooks make students write by hand (`eval_numerical_gradient_array`): draw the
# layer's inputs and an upstream gradient `dout`, evaluate backward once, and compare each output with
# central differences of `sum(forward(...) * dout)` in the input it is the gradient of. The pairs are
# those the scan's entry runner drove (layer functions with a cache, layer classes, autograd Functions);
# their arithmetic is evaluated by bpscan's evaluator, never run.

from __future__ import annotations

import ast
import itertools
import re
from typing import Any, Iterator

from bpscan.terms import made_by_zeros
from bpscan.values import LayerPair, Val
from bpscan.verify.evaluator import Evaluator, Unverifiable, describe, out_of_time
from bpscan.verify.results import LayerCheck
from bpscan.verify.differences import central_differences

#: relative error (|g - r| / (|g| + |r|)) below which a layer's gradient matches
LAYER_TOLERANCE = 1e-6
_MAX_WORLDS = 400
_ERRORS = (Unverifiable, ValueError, TypeError, IndexError, ArithmeticError, RecursionError)

# small sizes, all different, so that a transposed or misrouted array cannot fit by accident
_N, _D, _H, _T = 3, 4, 5, 2
_HIDDEN = re.compile(r"^(h|c|s)(_?(prev|next|0|t|tm1))?$|^(prev|next)_?(h|c|s)$|^h0$|^c0$|state", re.IGNORECASE)
_RECURRENT = re.compile(r"^(Wh|Whh|W_hh|Wss|U|Uh|Wr)$")
_BIAS = re.compile(r"^(b|bias|beta|gamma|b\d|bh|by|bx|w0|v0|b_\w+|bias_\w+|\w+_bias)$", re.IGNORECASE)
_WEIGHT = re.compile(r"^(w|W|weights?|V|kernel|theta|W\w*|w\w*|V\w*)$")
_TARGET = re.compile(r"^(t|y|Y|T|targets?|labels?|y_?true|truth|gt)$")


def verify_layers(model: Any, seed: int = 0) -> list[LayerCheck]:
    """One verdict per layer and backward output, for every forward/backward pair in the file."""
    pairs: dict[Any, LayerPair] = getattr(getattr(model, "interp", None), "layer_pairs", {}) or {}
    out: list[LayerCheck] = []
    for pair in pairs.values():
        out.extend(_check_pair(model, pair, seed))
    return out


def _target_of(pair: LayerPair, name: str, wrt: str | None, position: int) -> str | None:
    """The forward input a backward output is the gradient of: as the pair says, by its name
    (`dw` of `w`, `self.dW` of `self.W`, `grad_inputs` of `inputs`), or by its position."""
    names = [n for n, _ in pair.inputs]
    if wrt is not None:
        return wrt
    bare = name.removeprefix("self.").lower()
    for n in names:
        m = n.removeprefix("self.").lower()
        if bare in (f"d{m}", f"d_{m}", f"grad_{m}", f"{m}_grad", f"grad{m}", f"{m}grad", f"dl_d{m}", f"dl{m}"):
            return n
    own = [n for n in names if not n.startswith("self.") and not _TARGET.match(n)]
    returned = [gn for gn, _, _ in pair.grads if not gn.startswith("self.")]
    if pair.kind == "class" and len(returned) == 1 and name == returned[0] and len(own) == 1:
        return own[0]  # a layer object's (or a loss's) backward returns the gradient of its one input
    arrays = [n for n, v in pair.inputs if _drawable(n, v) and not n.startswith("self.")]
    grads = [g for g in pair.grads if not g[0].startswith("self.")]
    if len(grads) == len(arrays) and position < len(arrays):
        return arrays[position]  # return dx, dw, db: in the order of forward's arguments
    return None


def _candidates(name: str, v: Val, loss: bool = False) -> list[Any]:
    """Shapes to try for one input, by what its name says it is (most likely first)."""
    bare = name.removeprefix("self.")
    if _TARGET.match(bare):
        return [("onehot", (_N, _D)), ("labels", (_N,)), (_N, _D)]
    if _HIDDEN.search(bare):
        return [(_N, _H)]
    # 3H, 4H: a GRU's three or an LSTM's four gates stacked in one matrix
    if _RECURRENT.match(bare):
        return [(_H, _H), (_H, 4 * _H), (_H, 3 * _H)]
    if _BIAS.match(bare):
        return [(_H,), (_H, 1), (1, _H), (_D,), (4 * _H,), (3 * _H,)]
    if _WEIGHT.match(bare) or name.startswith("self."):
        return [(_D, _H), (_H, _D), (_D, _D), (_D, 4 * _H), (_D, 3 * _H)]
    if loss:
        # the prediction a loss layer takes: a probability (BCE's log(x) and 1/(1 - x) need one), which
        # serves a squared error or a softmax's scores as well
        return [("prob", (_N, _D)), ("prob", (_D, _N)), ("prob", (_N,))]
    # a batch, a column batch, a batch of sequences, of other features, of images (channels first)
    return [(_N, _D), (_D, _N), (_N, _T, _D), (_N, _H), (_N, _D, 2, 2)]


def _draw(ev: Evaluator, shape: Any) -> Any:
    np = ev.np
    if shape and shape[0] == "onehot":
        n, k = shape[1]
        return np.eye(k)[ev.rng.integers(0, k, n)]
    if shape and shape[0] == "prob":
        return ev.rng.uniform(0.05, 0.95, shape[1])
    if shape and shape[0] == "labels":
        return ev.rng.integers(0, _D, shape[1][0])
    return ev.rng.standard_normal(shape)


def _drawable(name: str, v: Val) -> bool:
    """An input the check draws: data and parameters, and a shift or scale the scan took for a
    setting by its name (`beta`, `gamma` of a normalisation layer)."""
    return v.op in ("leaf", "init") or v.op == "unknown" and v.kind == "arr" and bool(_BIAS.match(name))


def _install(ev: Evaluator, v: Val, value: Any) -> None:
    if v.op == "leaf" and v.leaf is not None:
        ev.leaves[id(v.leaf)] = value
    elif v.op == "unknown":
        ev.override[id(v)] = value
    else:
        ev.hinted[id(v)] = value  # a parameter the constructor draws (`np.random.randn(n_in, n_out)`)


def _worlds(pair: LayerPair) -> Iterator[Any]:
    inputs = [(n, v) for n, v in pair.inputs if _drawable(n, v)]
    loss = any(_TARGET.match(n.removeprefix("self.")) for n, _ in inputs)
    options = [_candidates(n, v, loss) for n, v in inputs]
    # last, every input one batch-shaped array: an elementwise layer (`w * x + b`) whatever the names
    same = [("prob", (_N, _D)) if loss and not _TARGET.match(n) else (_N, _D) for n, _ in inputs]
    return itertools.chain(itertools.islice(itertools.product(*options), _MAX_WORLDS), [same])


def _setup(model: Any, pair: LayerPair, seed: int) -> tuple[Evaluator, dict[str, Any], Any, list[Any]]:
    """An evaluator in which forward and every gradient evaluate with the shapes of their inputs: the
    first of the candidate shape assignments that fits (forward evaluates, each gradient the shape of
    its input). Returns it with the inputs' values, the upstream gradient and the gradients' values."""
    import numpy as np
    inputs = [(n, v) for n, v in pair.inputs if _drawable(n, v)]
    first: Exception | None = None
    best: tuple[int, Any] | None = None
    for shapes in _worlds(pair):
        if out_of_time():
            raise Unverifiable("the file's time budget ran out (--budget)")
        ev = Evaluator(seed, "batch")
        ev.one_iteration_only = True
        ev.follow_branches = True
        values = {}
        extras: list[tuple[Val, Any]] = []
        for (n, v), shape in zip(inputs, shapes):
            values[n] = _draw(ev, shape)
            _install(ev, v, values[n])
        try:
            out = np.asarray(ev(pair.out), dtype=float)
            if out.size == 1:
                # a loss layer: its output is the loss, whose gradient is one (`backward(self, dout=1)`)
                dout = np.ones_like(out)
                if pair.seed is not None:
                    _install(ev, pair.seed, dout.reshape(()) if out.ndim == 0 else dout)
            elif pair.seed is not None:
                dout = ev.rng.standard_normal(out.shape)
                _install(ev, pair.seed, dout)
            else:
                raise Unverifiable("backward takes no upstream gradient and forward's output is not a loss")
            for part, seed_val in pair.extra:
                # next_c with its dnext_c: the objective is the sum over every output and its gradient
                extra = ev.rng.standard_normal(np.shape(ev(part)))
                _install(ev, seed_val, extra)
                extras.append((part, extra))
        except _ERRORS as exc:
            first = first or exc
            continue
        grads: list[Any] = []
        fits = 0
        for i, (gname, g, wrt) in enumerate(pair.grads):
            target = _target_of(pair, gname, wrt, i)
            try:
                value = np.asarray(ev(g), dtype=float)
            except _ERRORS as exc:
                grads.append(exc)
                continue
            grads.append(value)
            if target in values and np.shape(values[target]) == value.shape:
                fits += 1
        if fits == len(pair.grads):
            return ev, values, (dout, extras), grads
        if best is None or fits > best[0]:
            best = (fits, (ev, values, (dout, extras), grads))
    if best is not None:
        return best[1]
    raise first or Unverifiable("no shapes fit the layer's forward")


def _check_pair(model: Any, pair: LayerPair, seed: int) -> list[LayerCheck]:
    import numpy as np
    rows: list[LayerCheck] = []
    if not pair.grads:
        return rows

    def row(i: int, verdict: str, rel: float | None = None, reason: str | None = None) -> LayerCheck:
        gname, g, wrt = pair.grads[i]
        target = _target_of(pair, gname, wrt, i) or "?"
        line = g.stmt.line if g.stmt is not None else pair.line
        return LayerCheck(pair.name, gname, target, line, verdict, rel, reason)

    try:
        ev, values, dout, grads = _setup(model, pair, seed)
    except _ERRORS as exc:
        why = describe(exc, model.lines) if isinstance(exc, Unverifiable) else \
            describe(Unverifiable(f"shapes could not be chosen ({type(exc).__name__})", getattr(exc, "line", None)),
                     model.lines)
        return [row(i, "not verified", reason=why) for i in range(len(pair.grads))]
    leaves = {n: v for n, v in pair.inputs if _drawable(n, v)}

    dout, extras = dout

    def objective() -> float:
        ev.fresh()
        total = float(np.sum(np.asarray(ev(pair.out), dtype=float) * dout))
        return total + sum(float(np.sum(np.asarray(ev(part), dtype=float) * d)) for part, d in extras)

    for i, (gname, g, wrt) in enumerate(pair.grads):
        target = _target_of(pair, gname, wrt, i)
        got = grads[i]
        if gname.startswith("self.") and g.stmt is not None and isinstance(g.stmt.node, ast.AugAssign) and \
                g.stmt.func is not None and g.stmt.func.name != "__init__" and _summed_before(g):
            # `self._bias_grad += g` into a buffer that sums over calls: one call's share is not what it holds
            rows.append(row(i, "not verified", reason=f"it is summed over calls (`+=`, line {g.stmt.line})"))
            continue
        others_fit = len(grads) > 1 and all(
            not isinstance(x, Exception) and (t := _target_of(pair, pair.grads[j][0], pair.grads[j][2], j)) in values
            and np.shape(values[t]) == np.shape(x) for j, x in enumerate(grads) if j != i)
        if isinstance(got, ValueError) and target in values and others_fit:
            # every other gradient fits the shapes forward took; this one cannot even be computed
            # with them (`dout @ x` for `x.T @ dout`): a wrong gradient, not a shape we failed to choose
            rows.append(row(i, "mismatch", reason=f"it cannot be computed with the shapes forward takes "
                                                   f"({type(got).__name__}: {got})"))
            continue
        if isinstance(got, Exception):
            rows.append(row(i, "not verified", reason=describe(got, model.lines) if isinstance(got, Unverifiable)
                            else describe(Unverifiable(f"it could not be evaluated ({type(got).__name__})",
                                                       getattr(got, "line", None)), model.lines)))
            continue
        if target is None or target not in values:
            rows.append(row(i, "not verified", reason="which input of forward it is the gradient of is not known"))
            continue
        base = np.asarray(values[target])
        if base.dtype.kind != "f":
            continue  # integer labels have no gradient to check
        if got.shape != base.shape and others_fit:
            # every other gradient has its input's shape: this one has another (`db = dout.sum()`)
            rows.append(row(i, "mismatch", reason=f"its shape {got.shape} differs from {target}'s {base.shape}"))
            continue
        if got.shape != base.shape:
            # no candidate shapes fitted every gradient: this one's shape says nothing about the code
            rows.append(row(i, "not verified", reason=f"no shapes were found that fit it: its shape {got.shape} "
                                                       f"differs from {target}'s {base.shape}"))
            continue
        try:
            ref, mask = _reference(ev, leaves[target], base, objective)
        except _ERRORS as exc:
            rows.append(row(i, "not verified", reason=describe(exc, model.lines) if isinstance(exc, Unverifiable)
                            else f"the forward could not be evaluated ({type(exc).__name__})"))
            continue
        gm, rm = got[mask], ref[mask]
        if gm.size == 0:
            rows.append(row(i, "not verified", reason="every sampled element sits on a kink"))
            continue
        rr = float(np.sum(rm * rm))
        if rr == 0.0:
            rows.append(row(i, "not verified", reason="the reference gradient is zero at the sampled point"))
            continue
        # up to a positive factor: a layer may leave out (or put in) the 1/N of a loss averaged over the
        # batch (`dW = 1/m * dZ @ A_prev.T`), as the network check leaves learning rates aside
        k = float(np.sum(gm * rm)) / rr
        rel = float(np.linalg.norm(gm - k * rm) / max(float(np.linalg.norm(gm)), 1e-300))
        if rel >= LAYER_TOLERANCE and _fused_logit_gradient(pair, g):
            rows.append(row(i, "not verified", rel, reason="backward returns p - y, the gradient with respect to "
                            "the logits of a softmax or sigmoid applied before this loss (a fused convention), "
                            "while forward takes the probabilities: the pair cannot be checked on its own"))
        elif rel >= LAYER_TOLERANCE:
            rows.append(row(i, "mismatch", rel))
        elif k < 0:
            rows.append(row(i, "mismatch", rel, reason="it is the negative of the gradient"))
        else:
            rows.append(row(i, "ok", rel, reason=None if abs(k - 1) < 1e-6 else f"up to a factor {k:.3g}"))
    return rows


def _reference(ev: Evaluator, node: Val, base: Any, objective: Any) -> tuple[Any, Any]:
    """Central differences of `objective` in the elements of one input (see `central_differences`)."""
    grad, mask, _ = central_differences(ev.np, ev.rng, base, lambda a: _install(ev, node, a), objective,
                                        drop_noise=False)
    ev.fresh()
    return grad, mask


def _fused_logit_gradient(pair: LayerPair, g: Val) -> bool:
    """A loss layer whose backward is `(p - y) / m` while its forward takes `p` without making it:
    the cross-entropy gradient at the logits, for a softmax or sigmoid that lives elsewhere."""
    names = {n for n, _ in pair.inputs}
    if not any(_TARGET.match(n.removeprefix("self.")) for n in names):
        return False
    v = g
    while v.op in ("div", "mul") and v.args:
        v = next((a for a in v.args if isinstance(a, Val) and a.kind == "arr"), v.args[0])
    if v.op != "sub" or len(v.args) != 2 or not all(isinstance(a, Val) and a.op == "leaf" for a in v.args):
        return False
    seen: set[int] = set()
    stack = [pair.out]
    while stack:
        node = stack.pop()
        if id(node) in seen or not isinstance(node, Val):
            continue
        seen.add(id(node))
        if node.op == "call" and node.payload in ("exp", "softmax", "sigmoid"):
            return False  # forward makes the probabilities itself: p - y would be its own business
        stack.extend(a for a in node.args if isinstance(a, Val))
    return True


def _summed_before(g: Val) -> bool:
    """`buf += g` into a zero-started buffer, or one that already holds an earlier call's sum."""
    if g.op != "add" or not g.args or not isinstance(g.args[0], Val):
        return False
    old = g.args[0]
    for _ in range(4):
        if old.op in ("copy", "getitem", "reshape", "setitem") and old.args and isinstance(old.args[0], Val):
            old = old.args[0]
        else:
            break
    return old.stmt is g.stmt or (old.op == "leaf" and old.leaf is not None and isinstance(old.leaf.src, Val)
                                  and made_by_zeros(old.leaf.src))
