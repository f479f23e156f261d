"""Gradient check of a whole network: each parameter's hand-written gradient against the loss's."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from typing import Any

from bpscan.values import Leaf, Val
from bpscan.verify.evaluator import Evaluator, OutOfTime, Unverifiable, describe, out_of_time
from bpscan.verify.results import ParamCheck
from bpscan.verify.differences import central_differences

#: Relative error below which a hand-written gradient matches the finite-difference reference.
TOLERANCE = 1e-6
_BATCH = 5


def _batch_of_target(ev: Evaluator, err: Any, convention: str) -> int:
    """The batch size the script's own target has, when it can be evaluated without the input."""
    target = err.info.get("target")
    if target is None:
        return _BATCH
    try:
        t = ev.np.asarray(ev(target))
    except OutOfTime:
        raise
    except (Unverifiable, ValueError, TypeError, IndexError, RecursionError):
        return _BATCH
    if t.ndim == 0:
        return _BATCH
    return int(t.shape[-1] if convention == "column" and t.ndim == 2 else t.shape[0])


def install_hints(ev: Evaluator, model: Any, err: Any) -> None:
    """Shapes for data that cannot be evaluated: the first layer's input and the loss's target."""
    np = ev.np
    for unit in model.units:
        for lay in unit.layers:
            for inp in lay.inputs:
                if inp.role is not None or any(getattr(d, "role", None) for d in inp.deps):
                    continue
                if any(_view_of(inp, other) for other in lay.inputs if other is not inp):
                    continue  # `X[batch]` when `X` is drawn too: the batch is taken from that draw

                def make(e: Evaluator, lay: Any = lay) -> Any:
                    w = np.asarray(e.leaf(lay.weight))
                    if w.ndim != 2:
                        return None
                    wt = w.T if lay.wtr else w
                    if e.layout == "sample" and lay.convention in ("row", "column"):
                        return e.rng.standard_normal(wt.shape[0] if lay.convention == "row" else wt.shape[1])
                    batch = _batch_of_target(e, err, lay.convention)
                    if lay.convention == "row":
                        return e.rng.standard_normal((batch, wt.shape[0]))
                    if lay.convention == "column":
                        return e.rng.standard_normal((wt.shape[1], batch))
                    return None

                ev.hints[id(inp)] = make
    target, out = err.info.get("target"), err.info.get("output")
    # (a target the code fixes as a number, `-1 / (p + eps)` of -log p, is that number, not labels to draw)
    if target is not None and out is not None and target.op != "const":
        def make_target(e: Evaluator) -> Any:
            z = np.asarray(e(out), dtype=float)
            cancel = _cancels(e, err)
            if err.info.get("onehot") or (cancel and z.ndim == 2 and z.shape[1] > 1 and target.kind != "arr"):
                if z.ndim == 1:
                    return int(e.rng.integers(0, z.shape[0]))  # one sample's class index
                return e.rng.integers(0, z.shape[-1], z.shape[0])
            if cancel or err.info.get("ce_ratio") or err.info.get("bce"):
                if err.unit is not None and err.unit.act() == "softmax":
                    if z.ndim == 1:
                        return np.eye(z.shape[0])[e.rng.integers(0, z.shape[0])]
                    if z.ndim != 2:
                        return None
                    if err.unit.convention == "column":  # classes down the rows, one sample a column
                        return np.eye(z.shape[0])[:, e.rng.integers(0, z.shape[0], z.shape[1])]
                    return np.eye(z.shape[-1])[e.rng.integers(0, z.shape[-1], z.shape[0])]
                return (e.rng.random(z.shape) > 0.5).astype(float)
            return e.rng.standard_normal(z.shape)

        ev.hints[id(target)] = make_target
        if target.kind == "seq" and target.summary is None:
            # `probs[range(n), y]`: the labels are the element that is not the row index
            labels = [e for e in target.elems or [] if e.op not in ("range", "slice", "const")
                      and not (e.op == "init" and (e.ev or {}).get("fn") == "arange")]
            if len(labels) == 1:
                ev.alias[id(labels[0])] = id(target)
    _alias_copies(ev, model, err)


def _view_of(v: Val, base: Val) -> bool:
    """`v` is `base` indexed, copied or reshaped: a batch or a view of the same data."""
    while v.op in ("getitem", "copy", "reshape", "T") and v.args and isinstance(v.args[0], Val):
        v = v.args[0]
        if v is base:
            return True
    return False


def _data_key(v: Val, memo: dict[Any, Any], depth: int = 0) -> Any:
    """A structural key for a node: two nodes with equal keys compute the same values.

    Keys are hash-consed to small integers (`memo` holds both tables), so that comparing two keys is
    cheap however much the two expressions share.
    """
    key = memo.get(id(v))
    if key is not None:
        return key
    if v.op == "leaf" and v.leaf is not None:
        shape: Any = ("leaf", id(v.leaf), v.tr)
    elif v.op == "const":
        shape = ("const", repr(v.num))
    elif v.op == "loopvar":
        shape = ("loopvar", v.name)
    elif v.op in ("unknown", "join", "init") or depth > 200:
        shape = ("node", id(v))  # a random draw or an unknown value is only ever itself
    else:
        parts = tuple(_data_key(a, memo, depth + 1) for a in v.args if isinstance(a, Val))
        elems = tuple(_data_key(e, memo, depth + 1) for e in v.elems or [] if isinstance(e, Val)) \
            if v.kind == "seq" else ()
        shape = (v.op, repr(v.payload), repr(v.num), v.tr, parts, elems)
    key = memo.setdefault(("shape", shape), len(memo))
    memo[id(v)] = key
    return key


def _alias_copies(ev: Evaluator, model: Any, err: Any) -> None:
    """Loops are interpreted twice, so one batch `X[idx]` can be several nodes: let them share a draw."""
    # the same for every evaluator of this model and error (one per parameter, layout and probe):
    # worked out once, since walking a large model each time made big files quadratic
    cache = model.__dict__.setdefault("_bp_verify_aliases", {})
    key = (id(err), tuple(ev.hints), tuple(ev.alias.items()))
    if key not in cache:
        cache[key] = _aliases(model, err, ev.hints.keys(), ev.alias)
    ev.alias.update(cache[key])


def _aliases(model: Any, err: Any, hinted: Any, alias: dict[int, int]) -> dict[int, int]:
    memo: dict[int, Any] = {}
    wanted: dict[Any, int] = {}
    out: dict[int, int] = {}
    nodes = _reachable(model, err)
    for key in hinted:
        node = nodes.get(key)
        if node is not None:
            wanted.setdefault(_data_key(node, memo), key)
    for key, node in nodes.items():
        if key in hinted or key in alias or node.op in ("const", "loopvar"):
            continue
        if any(getattr(d, "role", None) for d in node.deps):
            continue
        hk = wanted.get(_data_key(node, memo))
        if hk is not None:
            out[key] = hk
    return out


def _reachable(model: Any, err: Any) -> dict[int, Val]:
    """Every node the evaluation of the error, the formula steps and the layers can reach (once per model)."""
    cache = model.__dict__.setdefault("_bp_verify_reachable", {})
    if id(err) not in cache:
        cache[id(err)] = _walk(model, err)
    return cache[id(err)]


def _walk(model: Any, err: Any) -> dict[int, Val]:
    roots: list[Any] = [err.info.get("output"), err.info.get("target")]
    written = written_loss(model)
    if written is not None:
        roots.extend(term for _, term in written.terms)
    for e in model.events:
        roots.append(e.info.get("value"))
    for unit in model.units:
        roots.extend((unit.output, unit.preact))
        for lay in unit.layers:
            roots.extend(lay.inputs)
    seen: dict[int, Val] = {}
    stack = [r for r in roots if isinstance(r, Val)]
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen[id(v)] = v
        stack.extend(a for a in v.args if isinstance(a, Val))
        if v.kind == "seq":
            stack.extend(e for e in v.elems or [] if isinstance(e, Val))
    return seen


@dataclass
class WrittenLoss:
    """A loss as the script writes it, with a penalty on the parameters (`+ 0.5 * reg * np.sum(W * W)`):
    the reference gradient is this loss's, data term and penalty alike."""

    line: int
    terms: list[tuple[int, Val]]  # (sign, term) of the loss's sum
    data: list[tuple[int, Val]]  # the terms that read the network: the loss without its penalty
    penalised: frozenset  # the parameters a penalty term reads


def _sum_terms(v: Val, sign: int = 1, depth: int = 0) -> list[tuple[int, Val]]:
    """The signed additive terms of a loss (`data_loss + 0.5 * reg * (np.sum(W1**2) + np.sum(W2**2))`)."""
    args = [a for a in v.args if isinstance(a, Val)]
    if depth < 12 and v.op in ("add", "sub") and len(args) == 2:
        return _sum_terms(args[0], sign, depth + 1) + _sum_terms(args[1], -sign if v.op == "sub" else sign, depth + 1)
    if depth < 12 and v.op == "neg" and len(args) == 1:
        return _sum_terms(args[0], -sign, depth + 1)
    return [(sign, v)]


def _reads_network(v: Val, node: Val | None = None) -> bool:
    """The term reads the network's forward pass (a pre-activation, an activation, an output), or with
    `node`, reads that very node (or what it copies: `dscores = probs.copy()` is the output of `probs`)."""
    wanted: set[int] = set()
    while node is not None and len(wanted) < 8:
        wanted.add(id(node))
        base = node.args[0] if node.op in ("copy", "setitem", "reshape", "T") and node.args else None
        node = base if isinstance(base, Val) else None
    seen: set[int] = set()
    stack = [v]
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if id(x) in wanted if wanted else x.role is not None:
            return True
        stack.extend(a for a in x.args if isinstance(a, Val))
        if x.kind == "seq":
            stack.extend(e for e in x.elems or [] if isinstance(e, Val))
    return False


def written_loss(model: Any) -> WrittenLoss | None:
    """The last loss the script writes with a term besides its data term (a penalty), or None."""
    cache = model.__dict__.setdefault("_bp_verify_written", [])
    if cache:
        return cache[0]
    found: WrittenLoss | None = None
    params = set(model.params())
    errors = [e for e in model.events if e.kind == "error" and e.info.get("value") is not None]
    out = max(errors, key=lambda e: e.t).info.get("output") if errors else None
    for stmt, v, _ in sorted(getattr(model.interp, "loss_values", []), key=lambda e: e[2]):
        terms = [(sg, t) for sg, t in _sum_terms(v) if t.op != "const"]
        data = [t for _, t in terms if _reads_network(t)]
        others = [t for _, t in terms if not _reads_network(t)]
        # a penalty reads parameters (or something the model cannot read: evaluated, it says so)
        penal = [t for t in others if t.deps & params or t.op in ("unknown", "call")]
        # the loss of the very output whose error the backward pass starts from (not a test set's)
        if data and penal and stmt.mod is None and isinstance(out, Val) and \
                any(_reads_network(t, out) for t in data):
            found = WrittenLoss(stmt.line, terms, [(sg, t) for sg, t in terms if _reads_network(t)],
                                frozenset(p for t in penal for p in t.deps & params))
    cache.append(found)
    return found


def _scaled_terms(v: Val, sign: int, factors: tuple, depth: int = 0,
                  line: int | None = None) -> list[tuple[int, tuple, Val, int | None]]:
    """The additive terms of an update's change with their signs and scalar factors (`lr * (dW + lam * W)`
    -> (+1, (lr,), dW), (+1, (lr, lam), W)), each with the line of the sum it was found in; a factor is
    (value, divides)."""
    here = v.stmt.line if v.stmt is not None and v.op != "leaf" else line
    args = [a for a in v.args if isinstance(a, Val)]
    if depth > 10:
        return [(sign, factors, v, here)]
    if v.op in ("add", "sub") and len(args) == 2:
        return _scaled_terms(args[0], sign, factors, depth + 1, here) + \
            _scaled_terms(args[1], -sign if v.op == "sub" else sign, factors, depth + 1, here)
    if v.op == "neg" and len(args) == 1:
        return _scaled_terms(args[0], -sign, factors, depth + 1, here)
    if v.op == "mul" and len(args) == 2 and sum(a.kind == "arr" for a in args) == 1:
        arr = next(a for a in args if a.kind == "arr")
        other = next(a for a in args if a is not arr)
        return _scaled_terms(arr, sign, factors + ((other, False),), depth + 1, here)
    if v.op == "div" and len(args) == 2 and args[0].kind == "arr" and args[1].kind != "arr":
        return _scaled_terms(args[0], sign, factors + ((args[1], True),), depth + 1, here)
    return [(sign, factors, v, here)]


def _decays(term: Val, leaf: Leaf) -> bool:
    """A term in the parameter alone: weight decay (`reg * W`, `reg * np.sign(W)`)."""
    if term.op == "leaf":
        return term.leaf is leaf
    return leaf in term.deps and len(term.deps) == 1


def _update_terms(model: Any, leaf: Leaf) -> list[tuple[int, tuple, Val, int]]:
    """The signed, scaled terms of every update of `leaf` (the last reading of each update's line)."""
    ups: dict[int, Any] = {}
    for u in model.events:
        if u.kind == "update" and u.leaf is leaf and (u.stmt.line not in ups or u.t > ups[u.stmt.line].t):
            ups[u.stmt.line] = u
    out = [(sg * t_sign, fac, term, line or u.stmt.line) for u in ups.values()
           for sg, change in u.info.get("change", []) for t_sign, fac, term, line in _scaled_terms(change, 1, ())]
    for u in ups.values():
        # `W = (1 - lr * lam) * W - ...`: the step keeps `factor * W`, a change of (factor - 1) * W
        for sg, kept in u.info.get("kept", []):
            for t_sign, fac, term, line in _scaled_terms(kept, 1, ()):
                out.append((sg * t_sign, fac, term, line or u.stmt.line))
                out.append((-sg * t_sign, (), term, line or u.stmt.line))
    return out


def _gradient_terms(model: Any, leaf: Leaf, f3: Any) -> list[tuple[int, tuple, Val, int]]:
    """The terms of the gradient applied to `leaf`: its updates', or with no update (gradients returned)
    the sum its gradient's statement assigns (`dW = X.T @ d / m + lambd / m * W`); [] when not known."""
    terms = _update_terms(model, leaf)
    if terms:
        return terms
    whole = getattr(model.interp, "assigned_sums", {}).get(f3.stmt.idx)
    if whole is None:
        return []
    terms = [(sg, fac, term, line or f3.stmt.line) for sg, fac, term, line in _scaled_terms(whole, 1, ())]
    return terms if any(t[2] is f3.info["value"] for t in terms) else []


def _reduced(model: Any, leaf: Leaf, f3: Any) -> Val | None:
    """`gW = np.einsum('bij,bkj->bik', d, a).mean(axis=0)`: formula 3 per sample, then the reduction over the
    batch that the update applies; None when the update applies no such reduction of it."""
    grad = f3.info["value"]
    found = [t for _, _, t, _ in _update_terms(model, leaf) if t is not grad and t.op == "call" and
             t.payload in ("mean", "sum") and t.args and t.args[0] is grad]
    return found[0] if len(found) == 1 else None


def _applied(ev: Evaluator, model: Any, leaf: Leaf, f3: Any) -> Any:
    """The gradient the script applies to `leaf`: its hand-written gradient with any weight decay the
    update adds (`W -= lr * (dW + lam * W)`, `dW += reg * W`), scaled as the gradient is."""
    np = ev.np
    grad = f3.info["value"]
    terms = _gradient_terms(model, leaf, f3)
    if not terms:
        return ev(grad)
    mine = [t for t in terms if t[2] is grad]
    rest = [t for t in terms if t[2] is not grad]
    if len(mine) != 1:
        raise Unverifiable(f"the gradient the update of {leaf.name} applies could not be read beside the "
                           "loss's regularisation", min(t[3] for t in terms))
    for t in rest:
        if not _decays(t[2], leaf):
            raise Unverifiable(f"the update of {leaf.name} adds a term the check does not model beside the "
                               "loss's regularisation", t[3])

    def scale(sign: int, fac: tuple) -> Any:
        out = float(sign)
        for f, divides in fac:
            x = ev(f)
            out = out / x if divides else out * x
        return out

    base = scale(mine[0][0], mine[0][1])
    g = np.asarray(ev(grad), dtype=float)
    for sign, fac, term, _ in rest:
        g = g + (scale(sign, fac) / base) * np.asarray(ev(term), dtype=float)
    return g


def more_errors(model: Any, err: Any) -> tuple:
    """`d_real = -1 / (p_real + eps)` beside `d_fake = 1 / (1 - p_fake + eps)`: the errors of one output for
    two sets of samples, each with the target the code fixes as a number; the loss is their sum. Other errors
    (a test set's, another run's) are not the loss's."""
    if not (err.info.get("ce_ratio") and isinstance(err.info.get("target"), Val) and err.info["target"].op == "const"):
        return ()
    seen = {err.stmt.line}
    out = []
    for e in model.events:
        target = e.info.get("target")
        if e.kind == "error" and e.unit is err.unit and e.stmt.func is err.stmt.func and e.stmt.line not in seen \
                and e.info.get("ce_ratio") and isinstance(target, Val) and target.op == "const" and \
                e.info.get("value") is not None:
            seen.add(e.stmt.line)
            out.append(e)
    return tuple(out)


def _loss(ev: Evaluator, err: Any) -> Any:
    """The loss the script's error orientation implies, as a function of the current evaluation."""
    np = ev.np
    written = ev.written
    if written is not None:
        # a regularised loss: the reference is the loss as written, its data term and its penalty alike (once,
        # whatever errors it has)
        total = 0.0
        for sign, term in written.terms:
            total = total + sign * float(np.sum(np.asarray(ev(term), dtype=float)))
        return total
    total = _one_loss(ev, err)
    for other in ev.also:
        total = total + _one_loss(ev, other)
    return total


def _one_loss(ev: Evaluator, err: Any) -> Any:
    """The loss term of one output error: its output against its target, by the loss its orientation implies."""
    np = ev.np
    info = err.info
    out, target = info.get("output"), info.get("target")
    if out is None or target is None:
        raise Unverifiable("the loss's output or target is not known")
    z = np.asarray(ev(out), dtype=float)
    if info.get("onehot"):
        idx = ev._index(target)
        picked = z[idx]
        return -np.sum(np.log(np.clip(picked, 1e-300, None)))
    t = np.asarray(ev(target), dtype=float)
    if info.get("absolute"):
        return np.sum(np.abs(z - t))  # np.sign(pred - y): the derivative of an absolute error
    if _cancels(ev, err) or info.get("ce_ratio") or info.get("bce"):
        act = err.unit.act() if err.unit is not None else "softmax"
        if act == "sigmoid":
            return -np.sum(t * np.log(z) + (1 - t) * np.log(1 - z))
        return -np.sum(t * np.log(z))
    return 0.5 * np.sum((z - t) ** 2)


def _cancels(ev: Evaluator, err: Any) -> bool:
    """The loss is a cross-entropy whose derivative cancels the output activation's."""
    return bool(err.info.get("cancel")) or ev.assume_ce


def _unstated_sigmoid_loss(err: Any) -> bool:
    """`p - y` at a sigmoid output with no loss written: exact for cross-entropy, not for squares."""
    unit = err.unit
    return unit is not None and unit.act() == "sigmoid" and not err.info.get("cancel") and not unit.ce


def _compare(np: Any, g: Any, r: Any) -> tuple[float, float]:
    g = np.asarray(g, dtype=float)
    r = np.asarray(r, dtype=float)
    if g.shape != r.shape:
        if g.size == r.size:
            g = g.reshape(r.shape) if g.ndim != r.ndim or g.T.shape != r.shape else g.T
        else:
            raise Unverifiable(f"the gradient's shape {g.shape} differs from the parameter's {r.shape}")
    rr = float(np.sum(r * r))
    if rr == 0.0:
        raise Unverifiable("the reference gradient is zero at the sampled point (or below what finite "
                                      "differences resolve)")
    s = float(np.sum(g * r)) / rr
    rel = float(np.linalg.norm(g - s * r) / max(np.linalg.norm(g), 1e-300))
    return rel, s


def _reference(ev: Evaluator, err: Any, array: Any, set_value: Any) -> Any:
    """Central finite differences of the modelled loss with respect to `array`'s elements."""
    def install(a: Any) -> None:
        set_value(a)
        ev.fresh()

    grad, mask, noise = central_differences(ev.np, ev.rng, array, install, lambda: _loss(ev, err))
    ev.noise = noise / 100  # the rounding error of one reference element, for the tolerance
    return grad, mask


_LAYOUTS = ("batch", "script", "sample")


class Unresolved(Unverifiable):
    """The gradient was evaluated, but finite differences cannot resolve its reference."""


def _evaluate_any(model: Any, err: Any, leaf: Leaf, f3: Any, seed: int) -> tuple[str, Any, Any, Any, float]:
    """The first data layout under which the gradient and its reference can both be evaluated."""
    first: Exception | None = None
    for layout in _LAYOUTS:
        try:
            return (layout, *_evaluate(model, err, leaf, f3, seed, layout))
        except (OutOfTime, Unresolved):
            raise  # not a matter of layout: another would not do better
        except (Unverifiable, ValueError, TypeError, IndexError) as exc:
            first = first or exc
    assert first is not None
    raise first


def _evaluate(model: Any, err: Any, leaf: Leaf, f3: Any, seed: int, layout: str,
              assume_ce: bool = False) -> tuple[Any, Any, Any]:
    """The hand-written gradient of `leaf`, its finite-difference reference, and the elements compared."""
    import numpy as np

    ev = Evaluator(seed, layout)
    ev.assume_ce = assume_ce
    install_hints(ev, model, err)
    ev.written = written_loss(model)
    ev.also = more_errors(model, err)
    if ev.written is not None:
        g = np.asarray(_applied(ev, model, leaf, f3), dtype=float)
    else:
        g = np.asarray(ev(f3.info["value"]), dtype=float)
    p = ev.leaf(leaf)
    reduced = _reduced(model, leaf, f3)
    if reduced is not None and g.shape != np.shape(p) and (
            g.ndim == np.ndim(p) + 1 or
            g.ndim == np.ndim(p) and g.ndim > 0 and np.shape(p)[0] == 1 and g.shape[1:] == np.shape(p)[1:]):
        # one gradient per sample, averaged by the update's input (or summed with keepdims, a (1, n) gain)
        g = np.asarray(ev(reduced), dtype=float)

    def set_value(x: Any) -> None:
        ev.leaves[id(leaf)] = x

    ref, mask = _reference(ev, err, p, set_value)
    gm = np.asarray(g, dtype=float)
    if gm.shape != ref.shape and gm.size == ref.size:
        gm = gm.reshape(ref.shape) if gm.T.shape != ref.shape else gm.T
    if gm.shape != ref.shape:
        node, mod = f3.stmt.node, getattr(f3.stmt, "mod", None)
        # a statement of an imported module is named with its file (its line is not this file's)
        where = f" ({os.path.basename(mod)}:{f3.stmt.line})" if mod else ""
        at = None if mod else f3.stmt.line
        if f3.stmt.loops and isinstance(node, (ast.AugAssign, ast.Assign)) and \
                isinstance(node.target if isinstance(node, ast.AugAssign) else node.targets[0], ast.Subscript):
            # gk[f] += g[s, f, i, j] * window: the check evaluates one pass of the loop, not the whole sum
            raise Unverifiable("the gradient is summed element by element inside loops, which the check does not "
                               f"unroll{where}", at)
        raise Unverifiable(f"the gradient's shape {gm.shape} differs from the parameter's {ref.shape}{where}", at)
    # a reference this small next to its rounding error cannot tell 1e-6 apart: widen the tolerance to
    # ten times the error it carries (for ordinary gradients this stays TOLERANCE)
    picked = ref[mask]
    size = float(np.linalg.norm(picked)) if picked.size else 0.0
    tol = TOLERANCE if size == 0.0 else max(TOLERANCE, 10 * ev.noise * picked.size ** 0.5 / size)
    if tol > 1e-2:
        raise Unresolved("the reference gradient is too small here for finite differences to resolve")
    return gm, ref, mask, tol


def _numeric_update(update: str | None, dirs: set[int], believed: int, s: float) -> str | None:
    """The update's direction once the gradient's sign is measured: the model's direction assumed the
    sign it believed (`believed`); where the measured one differs, the step goes the other way."""
    if update not in ("descent", "ascent") or believed not in (1, -1) or len(dirs) != 1:
        return update
    actual = next(iter(dirs)) * believed * (1 if s > 0 else -1)
    return "ascent" if actual > 0 else "descent"


def _terms(v: Val, depth: int = 0, line: int | None = None) -> list[tuple[Val, int | None]]:
    """The additive terms of a step (`lr * (dW + reg * W)` -> dW, reg * W) through scalar factors,
    each with the line of the sum it was found in."""
    here = v.stmt.line if v.stmt is not None and v.op != "leaf" else line
    if depth > 8:
        return [(v, here)]
    args = [a for a in v.args if isinstance(a, Val)]
    if v.op in ("add", "sub") and len(args) == 2:
        return _terms(args[0], depth + 1, here) + _terms(args[1], depth + 1, here)
    if v.op == "neg" and args:
        return _terms(args[0], depth + 1, here)
    if v.op in ("mul", "div") and len(args) == 2 and sum(a.kind == "arr" for a in args) == 1:
        return _terms(next(a for a in args if a.kind == "arr"), depth + 1, here)
    return [(v, here)]


def _penalty(model: Any, leaf: Leaf, f3: Any) -> str | None:
    """A weight-decay term the update applies besides the checked gradient (`reg * W`), as text."""
    from bpscan.values import render

    for u in model.events:
        if u.kind != "update" or u.leaf is not leaf:
            continue
        for _, change in u.info.get("change", []):
            for term, line in _terms(change):
                if term is f3.info["value"]:
                    continue
                if term.op == "leaf" and term.leaf is leaf or \
                        any(isinstance(a, Val) and a.op == "leaf" and a.leaf is leaf for a in term.args):
                    # `dW = x.T @ d + reg * W`: a term in the parameter itself, weight decay
                    return f"in {render(term)} (weight decay, line {line or u.stmt.line})"
    return None


def _matched(leaf: Leaf, f3: Any, rel: float | None, sign: str, update: str | None,
             reason: str | None = None, penalty: str | None = None) -> ParamCheck:
    """A gradient that matches: `ok` only when its update (if any) does not climb the loss."""
    if penalty:
        # the loss's regularisation is not modelled: say what the verdict leaves out
        note = f"the data loss's gradient matches; the regularisation term {penalty} is not checked"
        reason = f"{reason}; {note}" if reason else note
    if update == "ascent":
        why = "the gradient matches, but the update climbs the loss (ascent)"
        return ParamCheck(leaf.name, f3.stmt.line, "ascent", rel, sign, update,
                          reason=f"{why}; {reason}" if reason else why)
    return ParamCheck(leaf.name, f3.stmt.line, "ok", rel, sign, update, reason=reason)


def verify_model(model: Any, seed: int = 0) -> list[ParamCheck]:
    """Per trained parameter: does its hand-written gradient match the modelled loss's gradient?"""
    import numpy as np

    errors = [e for e in model.events if e.kind == "error" and e.info.get("value") is not None]
    f3s = [e for e in model.events if e.kind == "F3" and e.leaf is not None and e.info.get("value") is not None]
    params = list(dict.fromkeys(e.leaf for e in f3s))
    if not errors:
        if model.autograd:
            return [ParamCheck(leaf.name, leaf.first_use, "not verified",
                               reason="gradients come from autograd: nothing hand-written to check")
                    for leaf in model.params()]
        return [ParamCheck(leaf.name, leaf.first_use, "not verified", reason="no output error found")
                for leaf in model.params()]
    err = max(errors, key=lambda e: e.t)
    out: list[ParamCheck] = []
    singles: list[tuple[Leaf, Any, float, Any]] = []
    # from the loss backwards: when the budget runs out, the layers checked are those nearest the loss,
    # the cheapest to evaluate and the least likely to have a vanished gradient (rows are sorted below)
    for leaf in reversed(model.params()):
        if leaf not in params:
            out.append(ParamCheck(leaf.name, leaf.first_use, "not verified",
                                  reason="no hand-written gradient for it"))
            continue
        f3 = max((e for e in f3s if e.leaf is leaf), key=lambda e: e.t)
        if out_of_time():
            out.append(ParamCheck(leaf.name, f3.stmt.line, "not verified",
                                  reason="the file's time budget ran out (--budget)"))
            continue
        ups = [u for u in model.events if u.kind == "update" and u.leaf is leaf]
        dirs = {u.info.get("direction", 0) for u in ups}
        update = None if not ups else "descent" if dirs == {-1} else "ascent" if dirs == {1} else "unknown"
        # the model's direction rests on the sign it believes the gradient has; the numbers may say otherwise
        believed = getattr(f3.info["value"].adj, "sign", 0) or 0
        if leaf.family:
            # params["W1"], params["W2"] of a dict filled as params["W" + str(l)]: one name for several arrays
            out.append(ParamCheck(leaf.name, f3.stmt.line, "not verified", None, None, update,
                                  reason=f"a family of parameters, one per layer, read as one value (line "
                                         f"{leaf.line}: `{model.lines[leaf.line - 1].strip()}`)"))
            continue
        try:
            # the error of the run that trains it: not one an entry point's own run made on made-up data
            # (`CrossEntropy.backward(p, y)` driven alone after the script called it on the network's output)
            own = [e for e in errors if e.unit is not None and leaf.unit is not None and e.unit.run == leaf.unit.run]
            layout, gm, ref, mask, tol = _evaluate_any(model, max(own, key=lambda e: e.t) if own else err, leaf,
                                                       f3, seed)
            if int(mask.sum()) < 2:
                s = float(np.sum(gm[mask] * ref[mask]))
                if s == 0.0:
                    raise Unverifiable("the reference gradient is zero at the sampled point (or below what finite "
                                      "differences resolve)")
                singles.append((leaf, f3, s, update))
                continue
            rel, s = _compare(np, gm[mask], ref[mask])
        except Unverifiable as exc:
            out.append(ParamCheck(leaf.name, f3.stmt.line, "not verified", reason=describe(exc, model.lines),
                                  update=update))
            continue
        except (ValueError, TypeError, IndexError, FloatingPointError, ZeroDivisionError, RecursionError) as exc:
            why = Unverifiable(f"shapes could not be chosen consistently ({type(exc).__name__})",
                               getattr(exc, "line", None))
            out.append(ParamCheck(leaf.name, f3.stmt.line, "not verified", reason=describe(why, model.lines),
                                  update=update))
            continue
        sign = "gradient" if s > 0 else "negative gradient"
        if rel >= tol and _unstated_sigmoid_loss(err):
            try:
                gm, ref, mask, tol_ce = _evaluate(model, err, leaf, f3, seed, layout, assume_ce=True)
                rel_ce, s_ce = _compare(np, gm[mask], ref[mask])
            except (Unverifiable, ValueError, TypeError, IndexError, FloatingPointError, ZeroDivisionError):
                rel_ce = None
            if rel_ce is not None and rel_ce < tol_ce:
                sign = "gradient" if s_ce > 0 else "negative gradient"
                out.append(_matched(leaf, f3, rel_ce, sign, _numeric_update(update, dirs, believed, s_ce),
                                    "the loss is not written out: checked as binary cross-entropy, "
                                    "for which p - y is exact"))
                continue
        if rel < tol:
            checked = written_loss(model) is not None  # the update's decay was part of the check
            out.append(_matched(leaf, f3, rel, sign, _numeric_update(update, dirs, believed, s),
                                penalty=None if checked else _penalty(model, leaf, f3)))
        else:
            try:
                culprit, why = _regularisation_culprit(model, err, leaf, f3, seed, layout)
            except Unverifiable as exc:
                out.append(ParamCheck(leaf.name, f3.stmt.line, "not verified", reason=describe(exc, model.lines),
                                      update=update))
                continue
            culprit = culprit or _locate(model, err, leaf, seed, layout)
            out.append(ParamCheck(leaf.name, f3.stmt.line, "mismatch", rel, sign, update, reason=why,
                                  culprit_line=culprit or f3.stmt.line))
    # a single element fits any scale: only its sign can be checked, against the other parameters'
    signs = {c.sign for c in out if c.verdict == "ok"}
    for leaf, f3, s, update in singles:
        sign = "gradient" if s > 0 else "negative gradient"
        if len(signs) == 1 and sign not in signs:
            out.append(ParamCheck(leaf.name, f3.stmt.line, "mismatch", None, sign, update,
                                  reason="its sign disagrees with the other parameters' gradients",
                                  culprit_line=f3.stmt.line))
        else:
            out.append(_matched(leaf, f3, None, sign, update, "a single element: only its sign is checked"))
    order = {leaf.name: i for i, leaf in enumerate(model.params())}
    out.sort(key=lambda c: order.get(c.param, len(order)))
    return out


def _regularisation_culprit(model: Any, err: Any, leaf: Leaf, f3: Any, seed: int,
                            layout: str) -> tuple[int | None, str | None]:
    """Under a regularised loss, a gradient whose data part matches the data loss's: the departure is in
    the regularisation, at its decay term's line (or, with none, where the gradient is written)."""
    import numpy as np

    written = written_loss(model)
    if written is None:
        return None, None
    ev = Evaluator(seed, layout)
    install_hints(ev, model, err)
    ev.written = WrittenLoss(written.line, written.data, written.data, frozenset())

    def set_value(x: Any) -> None:
        ev.leaves[id(leaf)] = x

    try:
        g = np.asarray(ev(f3.info["value"]), dtype=float)
        ref, mask = _reference(ev, err, ev.leaf(leaf), set_value)
        if g.shape != ref.shape:
            return None, None
        rel, _ = _compare(np, g[mask], ref[mask])
    except (Unverifiable, ValueError, TypeError, IndexError, FloatingPointError, ZeroDivisionError,
            RecursionError):
        return None, None
    if rel >= TOLERANCE:
        return None, None
    terms = _gradient_terms(model, leaf, f3)
    if not terms:
        # the gradient applied is not known beyond its data part: whether it carries the penalty is not
        raise Unverifiable(f"the gradient applied to {leaf.name} could not be read beyond its data part, so "
                           "whether it includes the loss's penalty is not known",
                           f3.stmt.line)
    decay = [t for t in terms if t[2] is not f3.info["value"] and _decays(t[2], leaf)]
    if decay:
        penal = "penalises" if leaf in written.penalised else "does not penalise"
        return decay[0][3], (f"the data loss's gradient matches; the regularisation term (line {decay[0][3]}) "
                             f"does not match the loss's penalty (line {written.line}), which {penal} {leaf.name}")
    return f3.stmt.line, (f"the data loss's gradient matches, but the loss's penalty (line {written.line}) "
                          f"is missing from {leaf.name}'s gradient")


@dataclass
class _Probe:
    """A value to compare with the reference gradient at a forward node."""

    value: Val
    node: Val
    line: int


def _departs(model: Any, err: Any, value: Val, node: Val, seed: int, layout: str) -> bool:
    import numpy as np

    ev = Evaluator(seed, layout)
    install_hints(ev, model, err)
    try:
        g = np.asarray(ev(value), dtype=float)
        base = np.asarray(ev(node), dtype=float)

        # the same forward tensor computed twice (a method called again) is perturbed in every copy
        memo: dict[int, Any] = {}
        key = _data_key(node, memo)
        twins = [v for v in _reachable(model, err).values() if v is node or _data_key(v, memo) == key]

        def set_value(x: Any) -> None:
            for twin in twins:
                ev.override[id(twin)] = x

        ref, mask = _reference(ev, err, base, set_value)
        if g.shape != ref.shape:
            return False
        rel, _ = _compare(np, g[mask], ref[mask])
    except (Unverifiable, ValueError, TypeError, IndexError, FloatingPointError, ZeroDivisionError,
            RecursionError):
        return False
    return rel >= TOLERANCE


def _blame_factor(model: Any, err: Any, value: Val, seed: int, layout: str) -> int | None:
    """`delta = back * dtanh`: when `back` is right, the derivative factor's own line is the culprit."""
    factors = value.factors or ()
    grads = [f for f in factors if f.adj is not None]
    # a factor computed on its own line that is no forward tensor: a derivative written apart
    others = [f for f in factors if f.adj is None and f.stmt is not None and f.stmt is not value.stmt
              and f.num is None and f.role is None and f.act is None and f.leaf is None]
    if len(grads) != 1 or not others:
        return None
    g = grads[0]
    unit = g.adj.unit
    node = unit.output if g.adj.pos == "z" and unit is not None else g.adj.node if g.adj.pos == "v" else None
    if node is None or _departs(model, err, g, node, seed, layout):
        return None
    return others[0].stmt.line


def _locate(model: Any, err: Any, leaf: Leaf, seed: int, layout: str) -> int | None:
    """The first backward statement whose value departs from the reference gradient there."""
    steps = sorted((e for e in model.events if e.kind in ("error", "F1", "F2", "F3")
                    and e.info.get("value") is not None), key=lambda e: e.t)
    # the delta each F3 uses, when no formula-1 statement made it (a derivative we did not recognise)
    covered = {e.stmt.line for e in steps if e.kind in ("F1", "error")}
    for e in list(steps):
        delta = e.info.get("delta")
        if e.kind == "F3" and isinstance(delta, Val) and delta.stmt is not None \
                and delta.stmt.line not in covered and e.unit is not None and e.unit.preact is not None:
            covered.add(delta.stmt.line)
            steps.insert(steps.index(e), _Probe(delta, e.unit.preact, delta.stmt.line))
    for e in steps:
        if isinstance(e, _Probe):
            if _departs(model, err, e.value, e.node, seed, layout):
                return _blame_factor(model, err, e.value, seed, layout) or e.line
            continue
        node = None
        if e.kind == "error":
            # a cross-entropy error (`p - y`) is already the delta: compare it at the pre-activation
            cancel = e.info.get("cancel") or e.info.get("onehot")
            node = e.unit.preact if cancel and e.unit is not None else e.info.get("output")
        elif e.kind == "F2" and e.unit is not None and e.info["value"].adj is not None:
            adj = e.info["value"].adj
            node = adj.unit.output if adj.pos == "z" and adj.unit is not None else adj.node
        elif e.kind == "F1" and e.unit is not None:
            node = e.unit.preact
        elif e.kind == "F3" and e.leaf is not None:
            if e.leaf is not leaf:
                continue
            return e.stmt.line
        if node is not None and _departs(model, err, e.info["value"], node, seed, layout):
            return e.stmt.line
    return None
