"""`bpscan verify`: check the hand-written gradients numerically by evaluating the model's terms."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from typing import Any, Sequence

from bpscan.values import Leaf, Val

#: Relative error below which a hand-written gradient matches the finite-difference reference.
TOLERANCE = 1e-6
_STEP = 1e-6
_MAX_ELEMENTS = 48


class Unverifiable(Exception):
    """Something the evaluator does not know; str() is the reason shown to the user."""


@dataclass(frozen=True)
class ParamCheck:
    """The verdict for one trained parameter."""

    param: str
    line: int | None
    verdict: str  # "ok", "mismatch", "not verified"
    rel_error: float | None = None
    sign: str | None = None  # "gradient" or "negative gradient"
    update: str | None = None  # "descent", "ascent", "unknown"
    reason: str | None = None
    culprit_line: int | None = None


def _dim(d: int) -> int:
    """Small stand-in for a script's dimension: small ones kept, large ones shrunk consistently."""
    if d <= 256:
        return d
    return 5 + d % 5


class Evaluator:
    """Evaluates value terms with NumPy: only the operations the model understands, never user code."""

    def __init__(self, seed: int = 0, layout: str = "batch") -> None:
        import numpy as np

        # how data is made: "batch" and "sample" draw it (a batch, or one sample for per-sample
        # loops); "script" rebuilds the script's own data where it can, for data whose shapes are
        # tied together (an im2col of the images, reshaped back by the image count)
        self.layout = layout
        self.assume_ce = False  # a sigmoid output whose loss the script never writes: try cross-entropy

        self.np = np
        self.rng = np.random.default_rng(seed)
        self.leaves: dict[int, Any] = {}
        self.memo: dict[int, Any] = {}
        self.override: dict[int, Any] = {}
        self.hints: dict[int, Any] = {}
        self.hinted: dict[int, Any] = {}
        self.hinting: set[int] = set()
        self.alias: dict[int, int] = {}  # another node for data already hinted: the same draw serves both
        self.chosen: dict[tuple[int, int], int] = {}
        self.depth = 0

    def fresh(self) -> None:
        self.memo = {}

    # ---------------------------------------------------------------- values
    def __call__(self, v: Val) -> Any:
        key = id(v)
        if key in self.override:
            return self.override[key]
        if key in self.memo:
            return self.memo[key]
        self.depth += 1
        try:
            if self.depth > 120:
                raise Unverifiable("expression too deep to evaluate")
            hk = self.alias.get(key, key)
            drawable = hk in self.hints and hk not in self.hinting
            if drawable and self.layout == "script":
                try:
                    out = self._eval(v)
                except (Unverifiable, ValueError, TypeError, IndexError):
                    out = self._drawn(hk)
                    if out is None:
                        raise
            else:
                out = self._drawn(hk) if drawable else None
                if out is None:
                    out = self._eval(v)
        finally:
            self.depth -= 1
        self.memo[key] = out
        return out

    def _drawn(self, key: int) -> Any:
        """Data (the network's input, the loss's target) drawn at random in a shape the model implies.

        The script's own data code is not rebuilt: any values of the right shape test the gradient as
        well, and they are drawn once so that every evaluation sees the same data. None when no shape
        follows from the model (the caller then evaluates the script's expression instead).
        """
        if key not in self.hinted:
            nested = bool(self.hinting)
            self.hinting.add(key)
            try:
                out = self.hints[key](self)
            except (Unverifiable, ValueError, TypeError, IndexError):
                out = None
            finally:
                self.hinting.discard(key)
                # values worked out while drawing may rest on a provisional reading of this very data
                self.memo.clear()
            if out is None and nested:
                return None  # drawn inside another draw: try again once that one is settled
            self.hinted[key] = out
        out = self.hinted[key]
        if out is not None:
            shape = self.np.shape(out)
            for (key_id, index), size in self.chosen.items():
                if key_id == key and (index >= len(shape) or shape[index] != size):
                    raise Unverifiable("shapes could not be chosen consistently with the data's sizes")
        return out

    def leaf(self, leaf: Leaf) -> Any:
        if id(leaf) not in self.leaves:
            src = leaf.src
            if not isinstance(src, Val):
                raise Unverifiable(f"the value of {leaf.name} comes from outside the file")
            value = self(src)
            np = self.np
            if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                value = value.astype(np.float64)
            if leaf.role in ("weight", "bias") and isinstance(value, np.ndarray):
                # seeded random parameters: zero biases would sit every ReLU exactly on its kink
                value = self.rng.standard_normal(value.shape) * 0.5
            self.leaves[id(leaf)] = value
        return self.leaves[id(leaf)]

    def num(self, v: Val) -> Any:
        x = self(v)
        if isinstance(x, (int, float, bool)) or x is None:
            return x
        raise Unverifiable(f"a number at line {v.stmt.line if v.stmt else '?'} is not known")

    def dims(self, args: list[Val], kw: dict[str, Val], skip: int = 0) -> tuple[int, ...]:
        size = kw.get("size", kw.get("shape"))
        vals = [size] if size is not None else args[skip:]
        out: list[int] = []
        for a in vals:
            if a.kind == "seq" and a.summary is None:
                for e in a.elems or []:
                    if e.op == "const" and isinstance(e.num, int):
                        out.append(_dim(e.num))
                        continue
                    n = self(e) if e.op != "const" else None  # (X.shape[0], 1): a size already small
                    if not isinstance(n, (int, self.np.integer)):
                        raise Unverifiable("a shape that is not a constant")
                    out.append(int(n))
            elif a.op == "const" and isinstance(a.num, int):
                out.append(_dim(a.num))
            elif a.kind == "seq" or a.op == "const":
                raise Unverifiable("a shape that is not a constant")
            else:
                n = self(a)  # X.shape[1], len(X): sizes of values already evaluated small
                if not isinstance(n, (int, self.np.integer)):
                    raise Unverifiable("a shape that is not a constant")
                out.append(int(n))
        return tuple(out)

    def _init(self, v: Val) -> Any:
        np = self.np
        ev = v.ev or {}
        fn, args, kw = ev.get("fn"), ev.get("args", []), ev.get("kw", {})
        if fn in ("randn", "standard_normal"):
            return self.rng.standard_normal(self.dims(args, kw))
        if fn in ("rand", "random", "random_sample"):
            return self.rng.random(self.dims(args, kw))
        if fn == "normal":
            loc, scale = self._spread(args)
            return loc + scale * self.rng.standard_normal(self.dims(args, kw, skip=2))
        if fn == "uniform":
            lo, hi = self._spread(args)
            return self.rng.uniform(lo, hi, self.dims(args, kw, skip=2))
        if fn in ("zeros", "ones", "empty", "full"):
            shape = self.dims(args[:1], kw)
            fill = 0.0 if fn in ("zeros", "empty") else 1.0
            if fn == "full":
                fill = self.num(args[1])
            return np.full(shape, fill, dtype=float)
        if fn in ("zeros_like", "ones_like", "empty_like", "randn_like", "rand_like"):
            base = np.asarray(self(args[0]), dtype=float)
            return np.zeros_like(base) if fn in ("zeros_like", "empty_like") else (
                np.ones_like(base) if fn == "ones_like" else self.rng.standard_normal(base.shape))
        if fn == "randint":
            lo, hi = (0, self.num(args[0])) if len(args) == 1 or "size" in kw and len(args) == 1 else \
                (self.num(args[0]), self.num(args[1]))
            hi = _dim(hi) if hi > lo + 1 else hi
            return self.rng.integers(lo, hi, self.dims(args, kw, skip=2))
        if fn == "eye":
            return np.eye(self.dims(args[:1], kw)[0])
        if fn == "permutation":
            n = self(args[0]) if args else _fail(v)
            return self.rng.permutation(n if isinstance(n, (int, np.integer)) else len(n))
        if fn == "choice" and args:
            n = _dim(args[0].num) if args[0].op == "const" and isinstance(args[0].num, int) else self(args[0])
            if not isinstance(n, (int, np.integer)):
                n = len(n)  # choice(array): which elements are picked does not matter, only how many
            size = self.dims(args, kw, skip=1) if (len(args) > 1 or "size" in kw) else ()
            k = int(self.np.prod(size)) if size else 1
            return self.rng.choice(n, size=min(k, n), replace=False) if size else int(self.rng.integers(n))
        if fn == "arange":
            return np.arange(*[_dim(self.num(x)) if isinstance(self.num(x), int) and len(args) == 1 else self.num(x)
                               for x in args])
        if fn == "linspace":
            n = self.num(args[2]) if len(args) > 2 else 50
            return np.linspace(self.num(args[0]), self.num(args[1]), _dim(n))
        raise Unverifiable(f"the initialiser {fn}() is not modelled")

    def _spread(self, args: list[Val]) -> tuple[Any, Any]:
        """A draw's location and spread (or bounds); when they cannot be worked out any will do, since
        only the shape must match the script's (parameters are redrawn anyway)."""
        try:
            first = self.num(args[0]) if args else 0.0
            second = self.num(args[1]) if len(args) > 1 else 1.0
        except (Unverifiable, ValueError, TypeError):
            return 0.0, 1.0
        if not isinstance(first, (int, float)) or not isinstance(second, (int, float)):
            return 0.0, 1.0
        return first, second

    def _eval(self, v: Val) -> Any:
        np = self.np
        op = v.op
        a = v.args
        if op == "const":
            return v.num
        if op == "leaf":
            return self.leaf(v.leaf)
        if op == "init":
            # random draws are made once: every evaluation must see the same data
            if id(v) not in self.hinted:
                self.hinted[id(v)] = self._init(v)
            return self.hinted[id(v)]
        if op == "T":
            x = self(a[0])
            return x.T if isinstance(x, np.ndarray) else x
        if op == "matmul":
            return np.dot(self(a[0]), self(a[1])) if np.ndim(self(a[0])) < 2 or np.ndim(self(a[1])) < 2 \
                else self(a[0]) @ self(a[1])
        if op == "mul":
            return self(a[0]) * self(a[1])
        if op == "add":
            return self(a[0]) + self(a[1])
        if op == "sub":
            return self(a[0]) - self(a[1])
        if op == "div":
            return self(a[0]) / self(a[1])
        if op == "neg":
            return -self(a[0])
        if op == "pow":
            return self(a[0]) ** self(a[1])
        if op == "cmp":
            l, r = self(a[0]), self(a[1])
            return {"Gt": np.greater, "GtE": np.greater_equal, "Lt": np.less, "LtE": np.less_equal,
                    "Eq": np.equal, "NotEq": np.not_equal}[v.cmp[0]](l, r) if v.cmp else _fail(v)
        if op == "call":
            return self._call(v)
        if op in ("copy", "array"):
            if op == "array" and a and all(isinstance(x, Val) and x.kind == "seq" for x in a):
                return np.array([self._seq(x) for x in a], dtype=float)
            x = self(a[0]) if a else _fail(v)
            fn = (v.ev or {}).get("fn")
            return np.array(x, dtype=float) if fn in ("float", "double", "astype") else np.array(x)
        if op == "reshape":
            return self._reshape(v)
        if op == "flip":
            x = self(a[0])
            return np.flip(x)
        if op == "getitem":
            return self(a[0])[self._index(a[1])]
        if op == "setitem":
            base = np.array(self(a[0]), dtype=float)
            if len(a) == 3:
                base[self._index(a[1])] = self(a[2])
                return base
            new = a[1] if len(a) == 2 else None
            part = new.args[0] if new is not None and new.op in ("add", "sub", "mul", "div") and new.args else None
            if isinstance(part, Val) and part.op == "getitem" and part.args and part.args[0] is a[0]:
                # `x[idx] += v`: the changed part is `x[idx] + v`, and it says where it goes
                base[self._index(part.args[1])] = self(new)
                return base
            raise Unverifiable(f"an in-place change at line {v.stmt.line if v.stmt else '?'} is not modelled")
        if op in ("outer", "einsum", "tensordot", "correlate", "convolve"):
            return self._product(v)
        if op == "range":
            return np.arange(*[self.num(x) if x.op != "const" else (_dim(x.num) if isinstance(x.num, int) and x is a[-1] and len(a) == 1 else x.num) for x in a])
        if op == "loopvar":
            return 0  # any fixed iteration: forward and backward see the same one
        if op == "len":
            return int(np.shape(self(a[0]))[0]) if a else _fail(v)
        if op == "dim":
            ev = v.ev or {}
            obj, index = ev.get("obj"), ev.get("index")
            if index is None or obj is None:
                raise Unverifiable("a size that is not known")
            hk = self.alias.get(id(obj), id(obj))
            if hk not in self.hinting or not isinstance(index, int):
                try:
                    return int(np.shape(self(obj))[index])
                except (Unverifiable, ValueError, TypeError, IndexError):
                    if not isinstance(index, int) or any(getattr(d, "role", None) for d in obj.deps):
                        raise
            # a size of data still being drawn (its shape hangs on a parameter sized by it), or of data
            # the model cannot rebuild (`Xb.shape[1]` of a file's columns): choose the size now; data
            # drawn later is checked against it, and anything else that disagrees fails on its shape
            return self.chosen.setdefault((hk, index), 4 + len(self.chosen))
        if op == "concat":
            ev = v.ev or {}
            parts = [np.asarray(self(x), dtype=float) for x in a]
            fn = ev.get("fn", "concatenate")
            kw = ev.get("kw", {})
            ax = kw.get("axis", kw.get("dim"))
            axis = self.num(ax) if ax is not None else 0
            if fn == "stack":
                return np.stack(parts, axis=axis)
            if fn in ("vstack", "hstack", "column_stack"):
                return getattr(np, fn)(parts)
            return np.concatenate(parts, axis=axis)
        if op == "join":
            raise Unverifiable(f"a value merged across loop iterations or branches (line {v.stmt.line if v.stmt else '?'})")
        raise Unverifiable(f"the operation {op} at line {v.stmt.line if v.stmt else '?'} is not modelled")

    def _seq(self, v: Val) -> Any:
        if v.kind == "seq" and v.summary is None:
            return [self._seq(e) for e in v.elems or []]
        return self(v)

    def _index(self, idx: Val) -> Any:
        np = self.np
        if idx.op == "slice":
            if isinstance(idx.payload, slice):
                return idx.payload
            return slice(None)  # unknown bounds: any consistent choice keeps forward and backward in step
        if idx.kind == "seq" and idx.summary is None:
            return tuple(self._index(e) for e in idx.elems or [])
        if idx.op == "const":
            return idx.num
        if idx.op == "loopvar":
            return 0
        x = self(idx)
        if isinstance(x, np.ndarray) and x.dtype.kind == "f" and np.all(x == np.round(x)):
            return x.astype(int)
        return x

    def _reshape(self, v: Val) -> Any:
        np = self.np
        x = self(v.args[0])
        ev = v.ev or {}
        fn, args = ev.get("fn"), ev.get("args", [])
        if fn in ("transpose", "permute") and args:
            return np.transpose(x, [self.num(p) for p in args])
        if fn in ("reshape", "view") and args:
            shape = []
            for p in args:
                if p.op == "attr" and (p.ev or {}).get("attr") == "shape" and isinstance(p.ev.get("obj"), Val):
                    shape.extend(np.shape(self(p.ev["obj"])))  # x.reshape(y.shape)
                elif p.kind == "seq" and p.summary is None:
                    shape.extend(self.num(e) for e in p.elems or [])
                else:
                    shape.append(self.num(p))
            return np.reshape(x, shape)  # sizes up to 256 are the script's own, so its numbers fit
        if fn in ("squeeze", "ravel", "flatten"):
            return np.ravel(x) if fn != "squeeze" else np.squeeze(x)
        if fn == "sliding_window_view" and args:
            from numpy.lib.stride_tricks import sliding_window_view

            window = self._seq(args[0]) if args[0].kind == "seq" else self.num(args[0])
            axis = ev.get("kw", {}).get("axis")
            ax = None if axis is None else (self._seq(axis) if axis.kind == "seq" else self.num(axis))
            return sliding_window_view(x, window, axis=ax)
        if fn in ("pad", "sliding_window_view", "as_strided"):
            raise Unverifiable(f"{fn}() is not modelled")
        return x

    def _call(self, v: Val) -> Any:
        np = self.np
        fn = v.payload
        a = v.args
        x = self(a[0]) if a else _fail(v)
        ev = v.ev or {}
        if fn == "exp":
            return np.exp(x)
        if fn == "log":
            return np.log(x)
        if fn == "sqrt":
            return np.sqrt(x)
        if fn == "abs":
            return np.abs(x)
        if fn == "square":
            return np.square(x)
        if fn == "tanh":
            return np.tanh(x)
        if fn == "sigmoid":
            return 1.0 / (1.0 + np.exp(-x))
        if fn == "relu":
            return np.maximum(x, 0)
        if fn == "softmax":
            axis = -1
            e = np.exp(x - np.max(x, axis=axis, keepdims=True))
            return e / e.sum(axis=axis, keepdims=True)
        if fn == "heaviside":
            return np.heaviside(x, 0.0)
        if fn == "where":
            return np.where(self(a[0]), self(a[1]), self(a[2]))
        if fn == "clip":
            kind = ev.get("fn")
            if kind == "maximum":
                return np.maximum(self(a[0]), self(a[1]))
            kw = ev.get("kw", {})
            lo = kw.get("min", kw.get("a_min", a[1] if len(a) > 1 else None))
            hi = kw.get("max", kw.get("a_max", a[2] if len(a) > 2 else None))
            lo_v = None if lo is None or lo.kind == "none" else self(lo)
            hi_v = None if hi is None or hi.kind == "none" else self(hi)
            return np.clip(x, lo_v, hi_v)
        if fn in ("sum", "mean", "max"):
            axis = ev.get("axis")
            keep = ev.get("keepdims")
            ax = None if axis is None or axis.kind == "none" else (
                tuple(self.num(e) for e in axis.elems) if axis.kind == "seq" else self.num(axis))
            kd = bool(keep.num) if keep is not None and keep.op == "const" else False
            return getattr(np, fn)(x, axis=ax, keepdims=kd)
        if fn in ("float", "int"):
            return float(x) if np.ndim(x) == 0 else x
        raise Unverifiable(f"{fn}() is not modelled")

    def _product(self, v: Val) -> Any:
        np = self.np
        ev = v.ev or {}
        order = ev.get("order") or list(v.args)
        x, y = self(order[0]), self(order[1])
        if v.op == "outer":
            return np.outer(x, y)
        if v.op == "tensordot":
            axes = ev.get("kw", {}).get("axes")
            if axes is None:
                return np.tensordot(x, y, axes=2)
            if axes.op == "const":
                return np.tensordot(x, y, axes=axes.num)
            return np.tensordot(x, y, axes=self._seq(axes))
        if v.op == "einsum":
            spec = ev.get("spec")
            if not isinstance(spec, str):
                raise Unverifiable("an einsum without a constant subscript string")
            return np.einsum(spec, x, y)
        raise Unverifiable(f"{v.op}() is not modelled")


def _fail(v: Val) -> Any:
    raise Unverifiable(f"the operation at line {v.stmt.line if v.stmt else '?'} is not modelled")


# -------------------------------------------------------------------- the check
_BATCH = 5


def _batch_of_target(ev: Evaluator, err: Any, convention: str) -> int:
    """The batch size the script's own target has, when it can be evaluated without the input."""
    target = err.info.get("target")
    if target is None:
        return _BATCH
    try:
        t = ev.np.asarray(ev(target))
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
    if target is not None and out is not None:
        def make_target(e: Evaluator) -> Any:
            z = np.asarray(e(out), dtype=float)
            cancel = _cancels(e, err)
            if err.info.get("onehot") or (cancel and z.ndim == 2 and z.shape[1] > 1 and target.kind != "arr"):
                if z.ndim == 1:
                    return int(e.rng.integers(0, z.shape[0]))  # one sample's class index
                return e.rng.integers(0, z.shape[-1], z.shape[0])
            if cancel:
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
    memo: dict[int, Any] = {}
    wanted: dict[Any, int] = {}
    nodes = _reachable(model, err)
    for key in ev.hints:
        node = nodes.get(key)
        if node is not None:
            wanted.setdefault(_data_key(node, memo), key)
    for key, node in nodes.items():
        if key in ev.hints or key in ev.alias or node.op in ("const", "loopvar"):
            continue
        if any(getattr(d, "role", None) for d in node.deps):
            continue
        hk = wanted.get(_data_key(node, memo))
        if hk is not None:
            ev.alias[key] = hk


def _reachable(model: Any, err: Any) -> dict[int, Val]:
    """Every node the evaluation of the error, the formula steps and the layers can reach."""
    roots: list[Any] = [err.info.get("output"), err.info.get("target")]
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


def _loss(ev: Evaluator, err: Any) -> Any:
    """The loss the script's error orientation implies, as a function of the current evaluation."""
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
    if _cancels(ev, err):
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
        raise Unverifiable("the reference gradient is zero at the sampled point")
    s = float(np.sum(g * r)) / rr
    rel = float(np.linalg.norm(g - s * r) / max(np.linalg.norm(g), 1e-300))
    return rel, s


def _reference(ev: Evaluator, err: Any, array: Any, set_value: Any) -> Any:
    """Central finite differences of the modelled loss with respect to `array`'s elements.

    Elements that sit on a kink (a ReLU input of exactly zero: a whole row of dead units gives one)
    have no derivative to compare with; where the one-sided differences disagree they are left out.
    """
    np = ev.np
    base = np.array(array, dtype=float)
    grad = np.zeros_like(base)
    flat = base.reshape(-1)
    n = flat.size
    picks = range(n) if n <= _MAX_ELEMENTS else ev.rng.choice(n, _MAX_ELEMENTS, replace=False)
    mask = np.zeros(n, dtype=bool)
    set_value(base)
    ev.fresh()
    centre = _loss(ev, err)
    for i in picks:
        sides = []
        for sgn in (1, -1):
            pert = flat.copy()
            pert[i] += sgn * _STEP
            set_value(pert.reshape(base.shape))
            ev.fresh()
            sides.append(_loss(ev, err))
        ahead, behind = (sides[0] - centre) / _STEP, (centre - sides[1]) / _STEP
        grad.reshape(-1)[i] = (sides[0] - sides[1]) / (2 * _STEP)
        mask[i] = abs(ahead - behind) <= 1e-3 * (abs(ahead) + abs(behind)) + 1e-7
    set_value(base)
    ev.fresh()
    return grad, mask.reshape(base.shape)


_LAYOUTS = ("batch", "sample", "script")


def _evaluate_any(model: Any, err: Any, leaf: Leaf, f3: Any, seed: int) -> tuple[str, Any, Any, Any]:
    """The first data layout under which the gradient and its reference can both be evaluated."""
    first: Exception | None = None
    for layout in _LAYOUTS:
        try:
            return (layout, *_evaluate(model, err, leaf, f3, seed, layout))
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
    g = np.asarray(ev(f3.info["value"]), dtype=float)
    p = ev.leaf(leaf)

    def set_value(x: Any) -> None:
        ev.leaves[id(leaf)] = x

    ref, mask = _reference(ev, err, p, set_value)
    gm = np.asarray(g, dtype=float)
    if gm.shape != ref.shape and gm.size == ref.size:
        gm = gm.reshape(ref.shape) if gm.T.shape != ref.shape else gm.T
    if gm.shape != ref.shape:
        raise Unverifiable(f"the gradient's shape {gm.shape} differs from the parameter's {ref.shape}")
    return gm, ref, mask


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
    for leaf in model.params():
        if leaf not in params:
            out.append(ParamCheck(leaf.name, leaf.first_use, "not verified",
                                  reason="no hand-written gradient for it"))
            continue
        f3 = max((e for e in f3s if e.leaf is leaf), key=lambda e: e.t)
        ups = [u for u in model.events if u.kind == "update" and u.leaf is leaf]
        dirs = {u.info.get("direction", 0) for u in ups}
        update = None if not ups else "descent" if dirs == {-1} else "ascent" if dirs == {1} else "unknown"
        try:
            layout, gm, ref, mask = _evaluate_any(model, err, leaf, f3, seed)
            if int(mask.sum()) < 2:
                s = float(np.sum(gm[mask] * ref[mask]))
                if s == 0.0:
                    raise Unverifiable("the reference gradient is zero at the sampled point")
                singles.append((leaf, f3, s, update))
                continue
            rel, s = _compare(np, gm[mask], ref[mask])
        except Unverifiable as exc:
            out.append(ParamCheck(leaf.name, f3.stmt.line, "not verified", reason=str(exc), update=update))
            continue
        except (ValueError, TypeError, IndexError, FloatingPointError, ZeroDivisionError, RecursionError) as exc:
            out.append(ParamCheck(leaf.name, f3.stmt.line, "not verified",
                                  reason=f"shapes could not be chosen consistently ({type(exc).__name__})",
                                  update=update))
            continue
        sign = "gradient" if s > 0 else "negative gradient"
        if rel >= TOLERANCE and _unstated_sigmoid_loss(err):
            try:
                gm, ref, mask = _evaluate(model, err, leaf, f3, seed, layout, assume_ce=True)
                rel_ce, s_ce = _compare(np, gm[mask], ref[mask])
            except (Unverifiable, ValueError, TypeError, IndexError, FloatingPointError, ZeroDivisionError):
                rel_ce = None
            if rel_ce is not None and rel_ce < TOLERANCE:
                sign = "gradient" if s_ce > 0 else "negative gradient"
                out.append(ParamCheck(leaf.name, f3.stmt.line, "ok", rel_ce, sign, update,
                                      reason="the loss is not written out: checked as binary cross-entropy, "
                                             "for which p - y is exact"))
                continue
        if rel < TOLERANCE:
            out.append(ParamCheck(leaf.name, f3.stmt.line, "ok", rel, sign, update))
        else:
            culprit = _locate(model, err, leaf, seed, layout)
            out.append(ParamCheck(leaf.name, f3.stmt.line, "mismatch", rel, sign, update,
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
            out.append(ParamCheck(leaf.name, f3.stmt.line, "ok", None, sign, update,
                                  reason="a single element: only its sign is checked"))
    order = {leaf.name: i for i, leaf in enumerate(model.params())}
    out.sort(key=lambda c: order.get(c.param, len(order)))
    return out


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


# -------------------------------------------------------------------- command line
def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bpscan verify",
                                     description="Check hand-written gradients numerically, without running the script.")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(list(argv))
    from bpscan.analysis import build_model
    from bpscan.source import SourceError, load_program

    report: list[dict[str, Any]] = []
    status = 0
    for path in args.files:
        try:
            program = load_program(path)
            model = build_model(program.text, path)
        except SourceError as exc:
            report.append({"path": path, "error": str(exc), "params": []})
            continue
        checks = verify_model(model, args.seed)
        if any(c.verdict == "mismatch" for c in checks):
            status = 1
        report.append({"path": path, "error": None, "params": [asdict(c) for c in checks]})
    if args.format == "json":
        sys.stdout.write(json.dumps({"version": 1, "files": report}, indent=2) + "\n")
        return status
    for entry in report:
        sys.stdout.write(f"{entry['path']}\n")
        if entry["error"]:
            sys.stdout.write(f"  error: {entry['error']}\n")
            continue
        sys.stdout.write(f"  {'parameter':<24}{'rel. error':<12}{'sign':<19}{'update':<9}verdict\n")
        for c in entry["params"]:
            rel = f"{c['rel_error']:.1e}" if c["rel_error"] is not None else "-"
            if c["verdict"] == "ok" and c["reason"]:
                c = dict(c, verdict=f"ok ({c['reason']})")
            verdict = c["verdict"]
            if verdict == "not verified":
                verdict = f"not verified: {c['reason']}"
            elif verdict == "mismatch":
                verdict = f"MISMATCH (first departs at line {c['culprit_line']})"
            sys.stdout.write(f"  {c['param']:<24}{rel:<12}{c['sign'] or '-':<19}{c['update'] or '-':<9}{verdict}\n")
    return status
