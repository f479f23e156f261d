"""The evaluator of `bpscan verify`: model terms computed with NumPy, never the user's code."""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from typing import Any, Iterator

from bpscan.rules.vocabulary import DTYPE_CASTS
from bpscan.values import Leaf, Val

#: when the current file's evaluation must stop (`time_budget`); None: no limit
_deadline: list[float | None] = [None]

#: model operations that are NumPy functions of the same name, applied elementwise
_ELEMENTWISE = frozenset({"exp", "log", "sqrt", "abs", "sign", "square", "tanh"})


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Evaluations inside stop with Unverifiable once `seconds` have passed (a file's budget)."""
    saved = _deadline[0]
    _deadline[0] = None if seconds is None else time.monotonic() + seconds
    try:
        yield
    finally:
        _deadline[0] = saved


def out_of_time() -> bool:
    """The current budget has run out."""
    end = _deadline[0]
    return end is not None and time.monotonic() > end

#: constructor arguments that are sizes: `n_in`, `out_features`, `k`, `kernel_size`, `units`
_SIZE_ARG = re.compile(r"^(n|k|m|h|d)$|^n_|_n$|size|dim|units|features|channels|filters|width|height|hidden|"
                       r"classes|^in_|^out_|_in$|_out$", re.IGNORECASE)


#: constructor arguments that are rates or probabilities: `drop_rate`, `keep_prob`, `p`
_RATE_ARG = re.compile(r"rate|prob|keep|drop|^p$", re.IGNORECASE)


class Unverifiable(Exception):
    """Something the evaluator does not know; str() is the reason shown to the user.

    `line` is where it was met: the innermost node with a statement fills it in on the way out.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class OutOfTime(Unverifiable):
    """The file's time budget ran out: never swallowed by a fallback, it ends the evaluation."""


#: nesting at which evaluation switches to a bottom-up walk (each level is a few Python frames)
_DEEP = 100


class TooDeep(Unverifiable):
    """A chain of values deeper than the evaluator recurses: the caller evaluates it bottom-up."""


def describe(exc: Exception, lines: list[str]) -> str:
    """The reason a value is not verified, naming the line and its code (`lines`: the file's lines)."""
    import re

    message = str(exc)
    line = getattr(exc, "line", None)
    found = re.search(r"\s*\(?(?:at )?line (\d+)\)?", message)
    if found:
        line = line or int(found.group(1))
        message = (message[:found.start()] + message[found.end():]).strip()
    if not line or not 1 <= line <= len(lines):
        return message
    code = " ".join(lines[line - 1].split())
    if len(code) > 72:
        code = code[:69] + "..."
    return f"{message} (line {line}: `{code}`)"




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
        self.calls = 0
        self.noise = 0.0  # rounding error of one finite-difference element, set by a reference
        self.warming = False  # inside _prewarm: no second prewarm from a nested call
        # a layer's gradient must be exact: a loop read as one iteration is no evidence either way
        self.one_iteration_only = False
        # layers: follow one branch of an `if` on a setting (both passes take the same), see _branch
        self.follow_branches = False
        self.settings: dict[str, str] = {}
        self.written: Any = None  # a regularised loss as the script writes it (network.WrittenLoss)
        self.also: tuple = ()  # further output errors whose loss terms the reference adds (network.more_errors)

    def fresh(self) -> None:
        self.memo = {}

    # ---------------------------------------------------------------- values
    def __call__(self, v: Val) -> Any:
        key = id(v)
        if key in self.override:
            return self.override[key]
        if key in self.memo:
            return self.memo[key]
        self.calls += 1
        if self.calls % 512 == 1 and out_of_time():
            raise OutOfTime("the file's time budget ran out (--budget)")
        return self._value(v)

    def _prewarm(self, root: Val) -> None:
        """Evaluate what `root` rests on in topological order, without recursion: whatever succeeds is
        memoised, so evaluating `root` afterwards never goes deep. Failures are left for `root` to meet."""
        order: list[Val] = []
        seen: set[int] = set()
        stack: list[tuple[Val, bool]] = [(root, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
                continue
            key = id(v)
            if key in seen or key in self.memo or key in self.override:
                continue
            seen.add(key)
            stack.append((v, True))
            if self.alias.get(key, key) in self.hints or v.op in ("leaf", "const", "init"):
                continue  # drawn or made whole: nothing beneath it to evaluate first
            stack.extend((a, False) for a in v.args if isinstance(a, Val))
            if v.kind == "seq":
                stack.extend((e, False) for e in v.elems or [] if isinstance(e, Val))
        self.warming = True
        try:
            for v in order[:-1]:
                try:
                    self._value(v)
                except OutOfTime:
                    raise
                except (Unverifiable, ValueError, TypeError, IndexError, ArithmeticError):
                    pass
        finally:
            self.warming = False

    def _value(self, v: Val) -> Any:
        key = id(v)
        if key in self.override:
            return self.override[key]
        if key in self.memo:
            return self.memo[key]
        if self.depth >= _DEEP:
            if self.warming:
                raise TooDeep("expression too deep to evaluate")
            # a long chain of layers: evaluate what it rests on bottom-up (no recursion), after which
            # this value is a step away; the depth count restarts for that walk
            saved, self.depth = self.depth, 0
            try:
                self._prewarm(v)
            finally:
                self.depth = saved
        self.depth += 1
        try:
            hk = self.alias.get(key, key)
            drawable = hk in self.hints and hk not in self.hinting
            if drawable and self.layout == "script":
                try:
                    out = self._eval(v)
                except OutOfTime:
                    raise
                except (Unverifiable, ValueError, TypeError, IndexError):
                    out = self._drawn(hk)
                    if out is None:
                        raise
            else:
                out = self._drawn(hk) if drawable else None
                if out is None:
                    out = self._eval(v)
        except (Unverifiable, ValueError, TypeError, IndexError) as exc:
            # the innermost statement that could not be evaluated is the one to name
            if getattr(exc, "line", None) is None and v.stmt is not None:
                exc.line = v.stmt.line  # type: ignore[union-attr]
            raise
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
            except OutOfTime:
                raise
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
        key = leaf.key
        if self.one_iteration_only and id(leaf) not in self.leaves and isinstance(src := leaf.src, Val) and \
                isinstance(key, tuple) and len(key) >= 2 and key[-2] == "part":
            # a layer's `Wxz = self.Wx[:, :H]`: a view of an input the check perturbs, so it is worked
            # out again in every evaluation rather than kept like a drawn parameter
            return self(src)
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
            obj = (a.ev or {}).get("obj") if a.op == "attr" and (a.ev or {}).get("attr") == "shape" else None
            if isinstance(obj, Val):
                # randn(*x.shape), rng.random(a1.shape): the shape of a value evaluated already, drawn once
                out.extend(int(d) for d in self.np.shape(self(obj)))
                continue
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
        if fn == "binomial" and len(args) >= 2:
            # a dropout mask drawn as zeros and ones (`np.random.binomial(1, keep, size=h.shape)`): drawn once, fixed
            return self.rng.binomial(int(self.num(args[0])), float(self.num(args[1])), self.dims(args, kw, skip=2))
        if fn in ("eye", "identity"):
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
        except OutOfTime:
            raise
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
            if v.ev and v.ev.get("swap") and isinstance(x, np.ndarray):
                return np.swapaxes(x, -2, -1)
            if v.ev and v.ev.get("perm") and isinstance(x, np.ndarray):
                return np.transpose(x, v.ev["perm"])  # x.transpose(0, 2, 1): each matrix of a batch
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
            compare = {"Gt": np.greater, "GtE": np.greater_equal, "Lt": np.less, "LtE": np.less_equal,
                       "Eq": np.equal, "NotEq": np.not_equal}.get(v.cmp[0]) if v.cmp else None
            if compare is None:  # `is`, `is not`, `in`: about objects, not arrays
                raise Unverifiable(f"the comparison {v.cmp[0] if v.cmp else '?'} is not modelled")
            return compare(self(a[0]), self(a[1]))
        if op == "call":
            return self._call(v)
        if op in ("copy", "array"):
            if (v.ev or {}).get("summary"):
                _fail(v)  # one element of a comprehension stands for the array: nothing to evaluate
            if op == "array" and a and all(isinstance(x, Val) and x.kind == "seq" for x in a):
                return np.array([self._seq(x) for x in a], dtype=float)
            x = self(a[0]) if a else _fail(v)
            fn = (v.ev or {}).get("fn")
            if fn in DTYPE_CASTS:
                return np.asarray(x).astype(getattr(np, fn, float))  # np.int64(A1 > 0): a mask's cast
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
                if a[1].op == "loopvar" and a[2].adj is not None:
                    # `dx[k] = jac @ g` for each k: one iteration's row is not the whole gradient
                    raise Unverifiable(f"the gradient at line {v.stmt.line if v.stmt else '?'} is written a row "
                                       f"per loop iteration")
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
            if self.one_iteration_only:
                raise Unverifiable(f"a loop over `{v.name or 'its variable'}` evaluated as a single iteration")
            return 0  # any fixed iteration: forward and backward see the same one
        if op == "len":
            return int(np.shape(self(a[0]))[0]) if a else _fail(v)
        if op == "arg" and v.kind == "num" and v.name and _SIZE_ARG.search(v.name):
            # a layer's size handed to a constructor nobody calls here (`n_out`, `k`): a small one, the
            # same everywhere it is read; sizes that must agree and do not fail on their shapes
            return self.chosen.setdefault(("arg", v.name), 2 + len(self.chosen) % 3)
        if op == "arg" and v.kind == "num" and v.name and _RATE_ARG.search(v.name):
            return 0.5  # Dropout(drop_rate): a rate between 0 and 1; the gradient check holds for any
        if op == "dim":
            ev = v.ev or {}
            obj, index = ev.get("obj"), ev.get("index")
            if index is None or obj is None:
                raise Unverifiable("a size that is not known")
            hk = self.alias.get(id(obj), id(obj))
            if hk not in self.hinting or not isinstance(index, int):
                try:
                    return int(np.shape(self(obj))[index])
                except OutOfTime:
                    raise
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
            if fn == "insert" and len(parts) == 1:
                return np.insert(parts[0], 0, 1.0, axis=axis if ax is not None else None)  # a bias column
            if fn == "append":
                return np.append(parts[0], parts[1], axis=axis if ax is not None else None)
            return np.concatenate(parts, axis=axis)
        if op == "unknown" and (v.ev or {}).get("fn") == "sign" and len(a) == 1:
            return np.sign(self(a[0]))  # np.sign(W): an L1 penalty's derivative
        if op == "unknown" and (v.ev or {}).get("fn") == "nansum" and len(a) == 1:
            return np.nansum(self(a[0]))
        if op == "unknown" and (v.ev or {}).get("fn") in ("int64", "int32", "float64", "float32") and len(a) == 1:
            return np.asarray(self(a[0])).astype(getattr(np, v.ev["fn"]))  # np.int64(A1 > 0): a mask's cast
        if op == "join" and v.kind == "num" and not any(getattr(d, "role", None) for d in v.deps):
            # a setting changed in a branch (`if i % 10 == 0: lr *= 0.9`) that no parameter feeds: any one
            # of its values serves, since the gradient and its reference see the same one
            for part in v.args:
                if isinstance(part, Val):
                    try:
                        return self(part)
                    except OutOfTime:
                        raise
                    except (Unverifiable, ValueError, TypeError, IndexError):
                        continue
        cond = (v.ev or {}).get("cond") if op == "join" and self.follow_branches else None
        if isinstance(cond, Val) and len(a) == 2:
            taken = self._branch(cond)
            if taken is not None:
                return self(a[0] if taken else a[1])
        if op == "join":
            raise Unverifiable(f"a value merged across loop iterations or branches (line {v.stmt.line if v.stmt else '?'})")
        raise Unverifiable(f"the operation {op} at line {v.stmt.line if v.stmt else '?'} is not modelled")

    def _branch(self, cond: Val) -> bool | None:
        """Whether an `if` takes its body: a setting compared with a string (`mode == 'train'`,
        `activation == "relu"`) takes, by its name, the first string it is compared with, so every
        function reading that setting follows the same branch; a condition on known values is
        evaluated. None: not known."""
        args = [x for x in cond.args if isinstance(x, Val)]
        if cond.op == "cmp" and cond.cmp and cond.cmp[0] in ("Eq", "NotEq") and len(args) == 2:
            text = next((x.num for x in args if x.op == "const" and isinstance(x.num, str)), None)
            other = next((x for x in args if not (x.op == "const" and isinstance(x.num, str))), None)
            name = None if other is None else other.leaf.name if other.op == "leaf" and other.leaf else other.name
            if text is not None and name:
                chosen = self.settings.setdefault(name, text)
                return (chosen == text) == (cond.cmp[0] == "Eq")
        if cond.op == "cmp" and cond.cmp and cond.cmp[0] in ("Is", "IsNot") and len(args) == 2:
            # `if bias is not None`: an input the check draws is there
            other = next((x for x in args if x.kind != "none"), None)
            if other is not None and any(x.kind == "none" for x in args):
                try:
                    present = self(other) is not None
                except OutOfTime:
                    raise
                except (Unverifiable, ValueError, TypeError, IndexError):
                    return None
                return present == (cond.cmp[0] == "IsNot")
        try:
            value = self(cond)
        except OutOfTime:
            raise
        except (Unverifiable, ValueError, TypeError, IndexError):
            return None
        if isinstance(value, (bool, int, float)) or getattr(value, "size", 0) == 1:
            return bool(value)
        return None

    def _seq(self, v: Val) -> Any:
        if v.kind == "seq" and v.summary is None:
            return [self._seq(e) for e in v.elems or []]
        return self(v)

    def _index(self, idx: Val) -> Any:
        np = self.np
        if idx.op == "slice":
            if isinstance(idx.payload, slice):
                return idx.payload
            bounds = (idx.ev or {}).get("bounds")
            if bounds:
                try:
                    return slice(*[None if b is None else int(self.num(b)) for b in bounds])
                except OutOfTime:
                    raise
                except (Unverifiable, ValueError, TypeError, IndexError):
                    if self.one_iteration_only:
                        raise Unverifiable("a slice whose bounds are not known")
            return slice(None)  # unknown bounds: any consistent choice keeps forward and backward in step
        if idx.kind == "seq" and idx.summary is None:
            return tuple(self._index(e) for e in idx.elems or [])
        if idx.op == "const":
            return idx.num
        if idx.kind == "mod" and str(idx.payload).rsplit(".", 1)[-1] == "newaxis":
            return None  # x[..., np.newaxis]
        if idx.op == "loopvar":
            return self(idx)  # 0, or a refusal where one iteration proves nothing
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
        if fn == "view" and len(args) == 1 and args[0].kind == "cls":
            return x  # `x.view(Tensor)`: the same numbers seen as a subclass of the array type
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
        if fn in ("ravel", "flatten"):
            return np.ravel(x)
        kw = ev.get("kw", {})
        axis = args[0] if args else kw.get("axis", kw.get("dim"))  # (numpy's `axis`, torch's `dim`)
        if fn == "squeeze":
            return np.squeeze(x) if axis is None else np.squeeze(x, self.num(axis))
        if fn in ("expand_dims", "unsqueeze"):
            if axis is None:
                raise Unverifiable("expand_dims without an axis")
            return np.expand_dims(x, self._seq(axis) if axis.kind == "seq" else self.num(axis))
        if fn == "sliding_window_view" and args:
            from numpy.lib.stride_tricks import sliding_window_view

            window = self._seq(args[0]) if args[0].kind == "seq" else self.num(args[0])
            axis = ev.get("kw", {}).get("axis")
            ax = None if axis is None else (self._seq(axis) if axis.kind == "seq" else self.num(axis))
            return sliding_window_view(x, window, axis=ax)
        if fn == "pad" and args:
            return self._pad(x, args, ev.get("kw", {}))
        if fn in ("pad", "sliding_window_view", "as_strided"):
            raise Unverifiable(f"{fn}() is not modelled")
        return x

    def _pad(self, x: Any, args: list[Val], kw: dict[str, Val]) -> Any:
        """numpy's `np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode)`, the mode and a constant fill as written; a
        width of one pair per axis, so that torch's `F.pad` (pairs from the last axis) is never taken for it."""
        np = self.np
        mode = kw.get("mode", args[1] if len(args) > 1 else None)
        if mode is not None and not (mode.op == "const" and isinstance(mode.num, str)):
            raise Unverifiable("pad() in a mode that is not a constant string is not modelled")
        fill = kw.get("constant_values")
        if fill is not None and not (fill.op == "const" and isinstance(fill.num, (int, float))):
            raise Unverifiable("pad() with a fill that is not a constant number is not modelled")
        width = args[0]
        if width.kind != "seq" or width.summary is not None or len(width.elems or ()) != np.ndim(x):
            raise Unverifiable("pad() with widths not given one pair per axis is not modelled")
        pairs = []
        for e in width.elems:
            if e.kind != "seq" or e.summary is not None or len(e.elems or ()) != 2:
                raise Unverifiable("pad() with widths not given one pair per axis is not modelled")
            pairs.append(tuple(int(self.num(n)) for n in e.elems))
        how = mode.num if mode is not None else "constant"
        try:
            if how == "constant":
                return np.pad(x, pairs, mode="constant", constant_values=fill.num if fill is not None else 0)
            return np.pad(x, pairs, mode=how)
        except ValueError as exc:
            raise Unverifiable(f"pad() in mode {how!r} is not modelled") from exc

    def _call(self, v: Val) -> Any:
        np = self.np
        fn = v.payload
        a = v.args
        x = self(a[0]) if a else _fail(v)
        ev = v.ev or {}
        if fn in _ELEMENTWISE:
            return getattr(np, fn)(x)
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
        if fn == "diag" and ev.get("fn") in ("diag", "diagflat"):
            return getattr(np, ev["fn"])(x)
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
        if fn in ("var", "std"):
            return self._dispersion(fn, x, ev)
        if fn in ("float", "int"):
            return float(x) if np.ndim(x) == 0 else x
        raise Unverifiable(f"{fn}() is not modelled")

    def _dispersion(self, fn: str, x: Any, ev: dict) -> Any:
        """`x.var(0, keepdims=True, ddof=1)`, `np.std(x, axis=0)`, torch's `x.var(0, keepdim=True)` (whose
        default is the unbiased estimate, numpy's the biased one)."""
        kw, rest = ev.get("kw", {}), ev.get("args", [])
        if len(rest) > 1:
            raise Unverifiable(f"{fn}() with more than an axis by position is not modelled")
        axis = kw.get("axis", kw.get("dim", rest[0] if rest else None))
        keep = kw.get("keepdims", kw.get("keepdim"))
        torch_style = "dim" in kw or "keepdim" in kw or "unbiased" in kw or "correction" in kw
        ddof = 1 if torch_style else 0
        for name in ("ddof", "correction"):
            if name in kw:
                ddof = self.num(kw[name])
        if "unbiased" in kw:
            ddof = 1 if self.num(kw["unbiased"]) else 0
        ax = None if axis is None or axis.kind == "none" else (
            tuple(self.num(e) for e in axis.elems) if axis.kind == "seq" else self.num(axis))
        kd = bool(keep.num) if keep is not None and keep.op == "const" else False
        return getattr(self.np, fn)(x, axis=ax, keepdims=kd, ddof=ddof)

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
