"""Hand-written autograd engines (micrograd's shape): each operation's local backward rule, checked against its forward.

A class whose operators build `out = Value(self.data * other.data, (self, other))` and keep a closure
`def _backward(): self.grad += other.data * out.grad` on `out` is a scalar autograd engine. Each write of an
operand's `.grad` in such a closure is the chain rule for one operand: its local derivative times the
output's gradient. The local derivative is compared with the derivative of the operation's own forward
expression by central differences, evaluated by a small evaluator of our own over arithmetic, comparisons
and the `math` functions (nothing of the file is imported or run). Updates that step `p.data` along
`p.grad` outside torch are read here too, with their direction.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field

#: attributes an engine keeps a value's gradient in
GRAD_ATTRS = frozenset({"grad"})
#: the frameworks whose `.grad` the interpreter reads (autograd): their updates are not an engine's
_FRAMEWORKS = ("torch", "tensorflow", "jax", "mxnet", "chainer", "paddle", "mindspore")


@dataclass(frozen=True, slots=True)
class OpWrite:
    """One `operand.grad (+)= local * out.grad` statement in an operation's backward closure."""

    node: ast.stmt
    op: str                      # the operator method: `__mul__`, `tanh`
    cls: str
    operand: str                 # as written: `self`, `other`
    kinds: tuple[str, ...]       # formula tags: F1 for a nonlinearity, F2 (+F3) for a sum (product)
    accumulates: bool            # `+=` (or `g = g + ...`): a value used twice gets both gradients
    verdict: str                 # ok | wrong | unchained | unknown
    forward: str                 # the forward expression, as written
    written: str                 # the write's right-hand side, as written
    upstream: str                # `out.grad`, or the closure's parameter
    expected: str | None = None  # a local derivative from the op's own names that matches, when one does
    sign: int = 1                # -1 for `-=`
    temps: tuple[ast.stmt, ...] = ()  # the closure's assignments the write reads (`grad_self = ...`)
    # `if self.grad is None: self.grad = g` (else `+=`): an assignment that starts the sum, not one replacing it
    starts_sum: bool = False

    @property
    def where(self) -> str:
        """`Value.__mul__`, or `mul` for an operation written as a free function."""
        return self.op if self.cls == self.op else f"{self.cls}.{self.op}"


@dataclass(frozen=True, slots=True)
class Step:
    """`p.data += -lr * p.grad`: a parameter stepped along its engine gradient."""

    node: ast.stmt
    param: str
    direction: int | None        # -1 descends, +1 climbs, None unknown
    loops: tuple[ast.AST, ...]   # the loops around it, innermost first
    in_function: bool = False    # written in a function (a training step), not at a module's top level


@dataclass
class EngineModel:
    """What the engines of one module hold: classes, operation writes, seeds and steps."""

    classes: list[str] = field(default_factory=list)
    # operation classes with forward(ctx, *inputs) and backward(ctx, grad) (tinygrad's and autograd.Function's shape)
    function_classes: list[str] = field(default_factory=list)
    writes: list[OpWrite] = field(default_factory=list)
    seeds: list[ast.stmt] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    # the engine's own backward resets every node's gradient before it runs (no zeroing needed in the loop)
    self_resetting: bool = False
    # the module imports an autograd framework (torch...): a `.grad` there may be its, not an engine's
    framework: bool = False
    # steps in a training loop (one that calls `.backward()`) where nothing resets the gradients
    unreset: list[tuple[Step, ast.AST]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.writes or self.steps and not self.framework)

    @property
    def own_steps(self) -> bool:
        """The steps' `.grad` is an engine's read here, not a framework's the interpreter reads."""
        return bool(self.writes) or not self.framework


class _Unknown(Exception):
    """The evaluator met something it does not model."""


class _Obj:
    """An engine value in the evaluator: its data, and its gradient while a closure runs."""

    __slots__ = ("data", "grad")

    def __init__(self, data: object) -> None:
        self.data = data
        self.grad: object = 0.0


_MATH = {"exp": math.exp, "log": math.log, "tanh": math.tanh, "sqrt": math.sqrt, "sin": math.sin,
         "cos": math.cos, "fabs": math.fabs, "abs": abs, "pow": pow, "maximum": max, "minimum": min,
         "log1p": math.log1p, "expm1": math.expm1, "sinh": math.sinh, "cosh": math.cosh, "atan": math.atan,
         "tan": math.tan, "log2": math.log2, "log10": math.log10, "sign": lambda v: (v > 0) - (v < 0),
         "float64": float, "float32": float, "power": pow, "greater": lambda a, b: a > b,
         "less": lambda a, b: a < b, "greater_equal": lambda a, b: a >= b, "less_equal": lambda a, b: a <= b,
         "square": lambda a: a * a, "negative": lambda a: -a, "reciprocal": lambda a: 1 / a,
         "ones_like": lambda a: 1.0, "zeros_like": lambda a: 0.0, "absolute": abs, "float_": float}
_BUILTINS = {"float": float, "int": int, "abs": abs, "max": max, "min": min, "pow": pow, "round": round,
             "bool": bool}
_MODULES = ("math", "np", "numpy", "cmath")
_NUMBER_TYPES: dict[str, type | tuple[type, ...]] = {"int": int, "float": float, "complex": complex, "bool": bool,
                                                    "Number": (int, float), "Real": (int, float)}


class _Eval:
    """Evaluates a whitelisted subset of Python expressions and simple assignments."""

    def __init__(self, classes: set[str], helpers: dict[str, ast.FunctionDef]) -> None:
        self.classes = classes
        self.helpers = helpers
        self.depth = 0

    def expr(self, node: ast.AST, env: dict[str, object]) -> object:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, (int, float, bool)):
                return node.value
            raise _Unknown
        if isinstance(node, ast.Name):
            if node.id in env:
                v = env[node.id]
                if v is _UNBOUND:
                    raise _Unknown
                return v
            raise _Unknown
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id in _MODULES and node.value.id not in env:
                if node.attr == "e":
                    return math.e
                if node.attr == "pi":
                    return math.pi
                raise _Unknown
            base = self.expr(node.value, env)
            if isinstance(base, _Obj) and node.attr in ("data", "value", "val", "grad"):
                return base.grad if node.attr == "grad" else base.data
            raise _Unknown
        if isinstance(node, ast.BinOp):
            a, b = self.expr(node.left, env), self.expr(node.right, env)
            if isinstance(a, _Obj) or isinstance(b, _Obj):
                raise _Unknown
            fn = _BINOPS.get(type(node.op))
            if fn is None:
                raise _Unknown
            return fn(a, b)
        if isinstance(node, ast.UnaryOp):
            v = self.expr(node.operand, env)
            if isinstance(v, _Obj):
                raise _Unknown
            if isinstance(node.op, ast.USub):
                return -v  # type: ignore[operator]
            if isinstance(node.op, ast.UAdd):
                return +v  # type: ignore[operator]
            if isinstance(node.op, ast.Not):
                return not v
            raise _Unknown
        if isinstance(node, ast.Compare):
            left = self.expr(node.left, env)
            for op, right_node in zip(node.ops, node.comparators):
                right = self.expr(right_node, env)
                if type(op) not in _CMPS or isinstance(left, _Obj) or isinstance(right, _Obj):
                    raise _Unknown
                if not _CMPS[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.BoolOp):
            vals = [self.expr(v, env) for v in node.values]
            if isinstance(node.op, ast.And):
                out = vals[0]
                for v in vals:
                    if not v:
                        return v
                    out = v
                return out
            for v in vals:
                if v:
                    return v
            return vals[-1]
        if isinstance(node, ast.IfExp):
            return self.expr(node.body if self.expr(node.test, env) else node.orelse, env)
        if isinstance(node, ast.Tuple):
            return tuple(self._lenient(e, env) for e in node.elts)
        if isinstance(node, ast.Call):
            return self.call(node, env)
        raise _Unknown

    def _isinstance(self, value: object, kinds: ast.AST) -> bool:
        """`isinstance(other, Value)`, `isinstance(k, (int, float))`: engine classes hold values, the
        builtin number types numbers; any other class (an ndarray) neither."""
        out = False
        for k in (kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]):
            name = k.id if isinstance(k, ast.Name) else k.attr if isinstance(k, ast.Attribute) else None
            if name is None:
                raise _Unknown
            if name in self.classes:
                out = out or isinstance(value, _Obj)
            elif name in _NUMBER_TYPES:
                out = out or (isinstance(value, _NUMBER_TYPES[name]) and not isinstance(value, _Obj))
        return out

    def _lenient(self, node: ast.AST, env: dict[str, object]) -> object:
        try:
            return self.expr(node, env)
        except _Unknown:
            return None

    def call(self, node: ast.Call, env: dict[str, object]) -> object:
        f = node.func
        if isinstance(f, ast.Name) and f.id == "isinstance" and len(node.args) == 2:
            return self._isinstance(self._lenient(node.args[0], env), node.args[1])
        if isinstance(f, ast.Name) and f.id in self.classes or _is_own_type(f):
            data = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg in (
                "data", "value", "val")), None)
            if data is None:
                raise _Unknown
            return _Obj(self.expr(data, env))
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise _Unknown
        args = [self.expr(a, env) for a in node.args]
        if any(isinstance(a, _Obj) for a in args):
            raise _Unknown
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in _MODULES and \
                f.value.id not in env and f.attr in _MATH:
            return _MATH[f.attr](*args)
        if isinstance(f, ast.Name) and f.id not in env:
            if f.id in self.helpers:
                return self._inline(self.helpers[f.id], args)
            if f.id in _BUILTINS:
                return _BUILTINS[f.id](*args)
            if f.id in _MATH and f.id in ("exp", "log", "tanh", "sqrt"):  # `from math import exp`
                return _MATH[f.id](*args)
        raise _Unknown

    def _inline(self, fn: ast.FunctionDef, args: list[object]) -> object:
        """A module-level helper of one return (`def sigmoid(x): return 1 / (1 + math.exp(-x))`)."""
        if self.depth > 4:
            raise _Unknown
        params = [a.arg for a in fn.args.args]
        if len(params) != len(args):
            raise _Unknown
        env: dict[str, object] = dict(zip(params, args))
        self.depth += 1
        try:
            for st in fn.body:
                if _docstring(st):
                    continue
                if isinstance(st, ast.Return) and st.value is not None:
                    return self.expr(st.value, env)
                if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
                    env[st.targets[0].id] = self.expr(st.value, env)
                    continue
                raise _Unknown
        finally:
            self.depth -= 1
        raise _Unknown


_UNBOUND = object()
_BINOPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
           ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
           ast.Pow: lambda a, b: _pow(a, b)}
_CMPS = {ast.Lt: lambda a, b: a < b, ast.Gt: lambda a, b: a > b, ast.LtE: lambda a, b: a <= b,
         ast.GtE: lambda a, b: a >= b, ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b}


def _pow(a: object, b: object) -> object:
    out = a ** b  # type: ignore[operator]
    if isinstance(out, complex) or (isinstance(out, float) and not math.isfinite(out)):
        raise ValueError("outside the domain")
    return out


def _docstring(st: ast.stmt) -> bool:
    return isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant)


def _is_own_type(f: ast.AST) -> bool:
    """`type(self)(...)` or `self.__class__(...)`: the value's own class."""
    if isinstance(f, ast.Call) and isinstance(f.func, ast.Name) and f.func.id == "type":
        return True
    return isinstance(f, ast.Attribute) and f.attr == "__class__"


def _grad_target(st: ast.stmt) -> ast.Attribute | None:
    """The `.grad` a statement writes: of a name (`self.grad`) or of a name's attribute (`self.w.grad`)."""
    t = st.target if isinstance(st, ast.AugAssign) else st.targets[0] if isinstance(st, ast.Assign) and \
        len(st.targets) == 1 else None
    if isinstance(t, ast.Attribute) and t.attr in GRAD_ATTRS and (
            isinstance(t.value, ast.Name) or isinstance(t.value, ast.Attribute) and isinstance(t.value.value, ast.Name)):
        return t
    return None


def _base(t: ast.Attribute) -> str:
    """Whose gradient a target is: `self` of `self.grad`, `self.w` of `self.w.grad`."""
    return ast.unparse(t.value)


def _grad_reads(node: ast.AST) -> set[str]:
    return {n.value.id for n in ast.walk(node) if isinstance(n, ast.Attribute) and n.attr in GRAD_ATTRS and
            isinstance(n.value, ast.Name) and isinstance(n.ctx, ast.Load)}


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


# ---------------------------------------------------------------------------------------------- the ops
_POINTS = ((0.7, -0.6), (-0.45, 1.8), (1.3, 0.55), (0.25, -1.2))
_NUM_OTHER = (2, 3, 2, 3)
_H = 1e-6


@dataclass
class _Op:
    cls: str
    method: ast.FunctionDef
    closure: ast.FunctionDef
    out: str | None          # the name of the op's output value
    upstream_param: str | None  # the closure's own parameter, when it is handed the upstream gradient
    writes: list[ast.stmt]


def _ops_of(cls: ast.ClassDef) -> list[_Op]:
    return _ops_in(cls.body, cls.name)


def _ops_in(body: list[ast.stmt], owner: str | None) -> list[_Op]:
    """The operations defined by the functions of `body`: methods of a class (`owner` its name), or a module's
    free functions (`def add(a, b): def back(dy): a.grad += dy ...; return Tensor(..., backward=back)`)."""
    ops = []
    for m in body:
        if not isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for f in ast.walk(m):
            if f is m or not isinstance(f, (ast.FunctionDef, ast.Lambda)) or isinstance(f, ast.Lambda):
                continue
            param = f.args.args[0].arg if f.args.args else None
            writes, outs, loose = [], [], []
            for st in ast.walk(f):
                if not isinstance(st, (ast.Assign, ast.AugAssign)):
                    continue
                t = _grad_target(st)
                if t is None or isinstance(st, ast.Assign) and (_is_zero(st.value) or _is_one(st.value)):
                    continue  # (a reset, `v.grad = np.zeros_like(v.data)`, or the seed: no operand's share)
                if isinstance(st, ast.Assign) and _split(st) is not None and not _split(st)[2] and \
                        _base(t) in _grad_reads(st.value):
                    continue  # (`x.grad = x.grad.reshape(shape)`: the same gradient reshaped, no new share)
                reads = _grad_reads(st.value) - {_base(t)}
                if reads:
                    outs.extend(reads)
                    writes.append(st)
                elif param is not None and param in _names(st.value):
                    writes.append(st)
                else:
                    loose.append(st)  # a share that reads no upstream gradient: kept when the closure is an op's
            attached = _attached_to(m, f.name)
            if not writes and (not loose or not _stored_on(m, f.name)):
                continue
            out = outs[0] if outs else attached
            ops.append(_Op(owner or m.name, m, f, out, None if outs or param is None else param,  # type: ignore[arg-type]
                           sorted(writes + loose, key=lambda s: s.lineno)))
    return ops


def _stored_on(m: ast.FunctionDef, fname: str) -> bool:
    """`out._backward = fn`: the closure is kept on a value, as an operation's backward is."""
    return any(isinstance(st, ast.Assign) and isinstance(st.value, ast.Name) and st.value.id == fname and
               any(isinstance(t, ast.Attribute) for t in st.targets) for st in ast.walk(m))


def _attached_to(m: ast.FunctionDef, fname: str) -> str | None:
    """The value a closure that is handed its upstream gradient is kept on: `out._backward = fn`,
    `out = Value(d, (self,), backward=fn)`."""
    for st in ast.walk(m):
        if isinstance(st, ast.Assign) and len(st.targets) == 1:
            t = st.targets[0]
            if isinstance(st.value, ast.Name) and st.value.id == fname and isinstance(t, ast.Attribute) and \
                    isinstance(t.value, ast.Name):
                return t.value.id
            if isinstance(t, ast.Name) and isinstance(st.value, ast.Call) and fname in _names(st.value):
                return t.id
        if isinstance(st, ast.Return) and isinstance(st.value, ast.Call) and fname in _names(st.value):
            return _RETURNED  # `return T(a.data * b.data, backward=back)`
    return None


#: the name the value an operator returns directly is known by
_RETURNED = "<returned>"


def _prefix_env(ev: _Eval, op: _Op, a: float, b: object) -> tuple[dict[str, object], _Obj, object] | None:
    """Run the operator method's statements before its closure with `self.data = a` and the other operand
    `b`; the environment, self, and the other operand."""
    m = op.method
    params = [x.arg for x in m.args.args]
    if not params:
        return None
    me = _Obj(a)
    env: dict[str, object] = {params[0]: me}
    other: object = None
    rest = params[1:]
    defaults = m.args.defaults
    for i, p in enumerate(rest):
        if i == 0:
            other = _Obj(b) if not isinstance(b, int) or isinstance(b, bool) else b
            env[p] = other
            continue
        d_idx = i - (len(rest) - len(defaults))
        env[p] = ev._lenient(defaults[d_idx], env) if d_idx >= 0 else _UNBOUND
    for st in m.body:
        if isinstance(st, ast.Return):
            if op.out == _RETURNED and st.value is not None:
                try:
                    env[_RETURNED] = ev.expr(st.value, env)
                except (_Unknown, ArithmeticError, ValueError, TypeError):
                    env[_RETURNED] = _UNBOUND
            break  # (the closure runs later: what the method binds after defining it, `out = V(...)`, it sees)
        if _docstring(st) or isinstance(st, (ast.Assert, ast.FunctionDef, ast.AsyncFunctionDef, ast.Pass)):
            continue
        if isinstance(st, ast.Assign) and len(st.targets) == 1:
            t = st.targets[0]
            try:
                v = ev.expr(st.value, env)
            except (_Unknown, ArithmeticError, ValueError, TypeError):
                v = _UNBOUND
            if isinstance(t, ast.Name):
                env[t.id] = v
            elif isinstance(t, ast.Tuple) and all(isinstance(e, ast.Name) for e in t.elts):
                for e in t.elts:
                    env[e.id] = v[t.elts.index(e)] if isinstance(v, tuple) and len(v) == len(t.elts) \
                        else _UNBOUND  # type: ignore[attr-defined]
            continue
        if isinstance(st, ast.If):
            # `if isinstance(other, (int, float)): other = Value(other)`: the branch the values take
            try:
                taken = st.body if ev.expr(st.test, env) else st.orelse
            except (_Unknown, ArithmeticError, ValueError, TypeError):
                return None
            for s in taken:
                if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
                    try:
                        env[s.targets[0].id] = ev.expr(s.value, env)
                    except (_Unknown, ArithmeticError, ValueError, TypeError):
                        env[s.targets[0].id] = _UNBOUND
            continue
        # an unmodelled statement may bind names the closure reads: they stay unbound
        for n in ast.walk(st):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                env[n.id] = _UNBOUND
    return env, me, other


def _out_data(env: dict[str, object], out: str | None) -> object:
    v = env.get(out) if out else None
    if not isinstance(v, _Obj):
        raise _Unknown
    return v.data


def _split(st: ast.stmt) -> tuple[ast.expr, int, bool] | None:
    """The contribution a write adds to the operand's gradient, its sign, and whether it accumulates."""
    t = _grad_target(st)
    if t is None:
        return None
    text = ast.unparse(t)
    if isinstance(st, ast.AugAssign):
        if isinstance(st.op, ast.Add):
            return st.value, 1, True
        if isinstance(st.op, ast.Sub):
            return st.value, -1, True
        return None
    v = st.value  # type: ignore[union-attr]
    if isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Add, ast.Sub)):
        if ast.unparse(v.left) == text:
            return v.right, 1 if isinstance(v.op, ast.Add) else -1, True
        if isinstance(v.op, ast.Add) and ast.unparse(v.right) == text:
            return v.left, 1, True
    return v, 1, False


def _check_write(ev: _Eval, op: _Op, st: ast.stmt, numeric_other: bool) -> tuple[str, tuple[str, ...],
                                                                                  str | None, int, bool]:
    """(verdict, kinds, a matching local derivative, sign, accumulates) of one write."""
    part = _split(st)
    t = _grad_target(st)
    assert part is not None and t is not None
    value, sign, acc = part
    who = _base(t)
    got_all: list[float | None] = []
    want_all: list[float] = []
    envs: list[dict[str, object]] = []
    for (a, b), bn in zip(_POINTS, _NUM_OTHER):
        b_used: object = bn if numeric_other else b
        try:
            base = _prefix_env(ev, op, a, b_used)
            if base is None:
                raise _Unknown
            env, me, other = base
            target = env.get(who)
            if target is me:
                perturb_self = True
            elif target is other and isinstance(other, _Obj):
                perturb_self = False
            else:
                raise _Unknown
            g_vals = []
            for g in (1.0, -2.5):
                if op.upstream_param is not None:
                    env[op.upstream_param] = g
                else:
                    o = env.get(op.out) if op.out else None
                    if not isinstance(o, _Obj):
                        raise _Unknown
                    o.grad = g
                _run_temps(ev, op, st, env)
                g_vals.append(sign * float(ev.expr(value, env)) / g)  # type: ignore[arg-type]
            # the derivative of the op's output with respect to this operand's data, by central differences
            x0 = a if perturb_self else b
            h = _H * max(1.0, abs(x0))
            ys = []
            for dv in (h, -h):
                rerun = _prefix_env(ev, op, a + dv, b_used) if perturb_self else _prefix_env(ev, op, a, b + dv)
                if rerun is None:
                    raise _Unknown
                ys.append(float(_out_data(rerun[0], op.out)))  # type: ignore[arg-type]
            want = (ys[0] - ys[1]) / (2 * h)
        except (_Unknown, ArithmeticError, ValueError, TypeError):
            continue
        if abs(g_vals[0] - g_vals[1]) > 1e-6 * max(1.0, abs(g_vals[0])):
            got_all.append(None)
        else:
            got_all.append(g_vals[0])
        want_all.append(want)
        envs.append(env)
    kinds = _kinds(op, st, want_all, who, numeric_other)
    if len(want_all) < 2:
        return "unknown", kinds, None, sign, acc
    if all(g is None for g in got_all):
        return "unchained", kinds, _matching(ev, op, envs, want_all), sign, acc
    if any(g is None for g in got_all):
        return "unknown", kinds, None, sign, acc
    close = [_close(g, w) for g, w in zip(got_all, want_all)]  # type: ignore[arg-type]
    if all(close):
        return "ok", kinds, None, sign, acc
    # (the points keep clear of kinks, so one point where the share and the forward disagree is enough:
    # `np.ones_like(x)` for abs's derivative is right for x > 0 only)
    return "wrong", kinds, _matching(ev, op, envs, want_all), sign, acc


def _temps(op: _Op, st: ast.stmt) -> list[ast.Assign]:
    """The closure's assignments before a write that it reads: `grad_self = other.data * out.grad` before
    `self.grad += grad_self`."""
    out: list[ast.Assign] = []
    before = [x for x in op.closure.body if x.lineno < st.lineno]
    # only what carries the upstream gradient (`dout = out.grad.copy()`, `g = dout @ w`), not shapes and sizes
    carrying: set[str] = set()
    upstream = op.upstream_param
    for x in before:
        if isinstance(x, ast.Assign) and len(x.targets) == 1 and isinstance(x.targets[0], ast.Name) and (
                _names(x.value) & carrying or upstream is not None and upstream in _names(x.value) or
                op.out is not None and op.out in _grad_reads(x.value)):
            carrying.add(x.targets[0].id)
    wanted = _names(st.value) if isinstance(st, (ast.Assign, ast.AugAssign)) else set()
    for x in reversed(before):
        if isinstance(x, ast.Assign) and len(x.targets) == 1 and isinstance(x.targets[0], ast.Name) and \
                x.targets[0].id in wanted and x.targets[0].id in carrying:
            out.append(x)
            wanted |= _names(x.value)
    return out[::-1]


def _run_temps(ev: _Eval, op: _Op, st: ast.stmt, env: dict[str, object]) -> None:
    """Evaluate the closure's assignments before a write (all of them: a share may read a plain local)."""
    for x in [x for x in op.closure.body if x.lineno < st.lineno and isinstance(x, ast.Assign) and
              len(x.targets) == 1 and isinstance(x.targets[0], ast.Name)]:
        try:
            env[x.targets[0].id] = ev.expr(x.value, env)  # type: ignore[attr-defined]
        except (_Unknown, ArithmeticError, ValueError, TypeError):
            env[x.targets[0].id] = _UNBOUND  # type: ignore[attr-defined]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-4 * max(1.0, abs(a), abs(b))


_UNARY = ("{a}", "(1 - {a} ** 2)", "{a} * (1 - {a})", "({a} > 0)", "(1 / {a})", "-{a}")
_BINARY = ("{b} * {a} ** ({b} - 1)", "(1 / {b})", "(-{a} / {b} ** 2)")


def _matching(ev: _Eval, op: _Op, envs: list[dict[str, object]], want: list[float]) -> str | None:
    """The first local derivative, written with the operator's own names, that matches at every point."""
    if not envs:
        return None
    attr = "data"
    fwd = _forward_node(op)
    if fwd is not None:
        attr = next((n.attr for n in ast.walk(fwd) if isinstance(n, ast.Attribute) and
                     n.attr in ("data", "value", "val")), "data")
    params = [a.arg for a in op.method.args.args]
    read = _names(op.closure)
    atoms: list[str] = []
    for name, v in envs[0].items():
        if name in read and name not in params and isinstance(v, (int, float)) and not isinstance(v, bool):
            atoms.append(name)
    for p in params[:2]:
        v = envs[0].get(p)
        if isinstance(v, _Obj):
            atoms.append(f"{p}.{attr}")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            atoms.append(p)
    if op.out:
        atoms.append(f"{op.out}.{attr}")
    texts = ["1", "-1"] + [t.format(a=a) for t in _UNARY for a in atoms]
    texts += [t.format(a=a, b=b) for t in _BINARY for a in atoms for b in atoms if a != b]
    for text in texts:
        node = ast.parse(text, mode="eval").body
        try:
            if all(_close(float(ev.expr(node, env)), w) for env, w in zip(envs, want)):  # type: ignore[arg-type]
                return text
        except (_Unknown, ArithmeticError, ValueError, TypeError):
            continue
    return None


def _kinds(op: _Op, st: ast.stmt, want: list[float], who: str, numeric_other: bool) -> tuple[str, ...]:
    """F2 for a sum's pass-through (the local derivative is ±1), F2 and F3 for a product's operand (its
    derivative is the other factor), F1 for a nonlinearity's."""
    # a layer that keeps its parameters on itself (`self.w.grad += x.T @ out.grad`): formula 3 for them, formula 2
    # for the input's share
    t = _grad_target(st)
    if t is not None and isinstance(t.value, ast.Attribute) and ast.unparse(t.value.value) == "self":
        return ("F3",)
    if any(isinstance(g.value, ast.Attribute) for g in map(_grad_target, op.writes) if g is not None):
        return ("F2",)
    # an operation with two operands hands both a share (`mse(self, target)` of a plain array has one)
    written = {_base(t) for t in map(_grad_target, op.writes) if t is not None}
    binary = len(written) >= 2 and not numeric_other
    if want and all(abs(abs(w) - 1.0) < 1e-6 for w in want):
        return ("F2",)
    if binary and len(want) >= 2:
        fwd = _forward_node(op)
        if fwd is not None and _product_of_operands(fwd):
            return ("F2", "F3")
        return ("F1",)
    if not want:
        # unevaluated (array engines): by the shape of the forward
        fwd = _forward_node(op)
        if fwd is not None and _product_of_operands(fwd):
            return ("F2", "F3")
        value = _split(st)
        if value is not None and isinstance(value[0], ast.Attribute) and value[0].attr in GRAD_ATTRS:
            return ("F2",)
        if fwd is not None and _structural(fwd):
            return ("F2",)  # (a sum, a mean, a reshape: the gradient is handed on, spread or gathered)
        if value is not None and isinstance(value[0], ast.Name) and value[0].id == op.upstream_param:
            return ("F2",)
        return ("F1",) if not binary else ("F2",)
    return ("F1",)


def _forward_node(op: _Op) -> ast.expr | None:
    if op.out is None:
        return None
    if op.out == _RETURNED:
        ret = next((st for st in ast.walk(op.method) if isinstance(st, ast.Return) and
                    isinstance(st.value, ast.Call) and op.closure.name in _names(st.value)), None)
        return ret.value.args[0] if ret is not None and ret.value.args else None  # type: ignore[union-attr]
    for st in ast.walk(op.method):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and \
                st.targets[0].id == op.out and isinstance(st.value, ast.Call) and st.value.args:
            return st.value.args[0]
    return None


def _starts_sum(closure: ast.AST, st: ast.stmt) -> bool:
    """An assignment of an operand's gradient that only starts its sum: under a test of that gradient (`if
    self.grad is None:`, `if not self.requires_grad ...`), or beside an addition to it in the same closure."""
    t = _grad_target(st)
    if t is None:
        return False
    text = ast.unparse(t)
    for node in ast.walk(closure):
        if isinstance(node, ast.If) and any(x is st for b in (node.body, node.orelse) for y in b for x in ast.walk(y)):
            if text in ast.unparse(node.test) or "grad" in ast.unparse(node.test):
                return True
        if isinstance(node, ast.AugAssign) and ast.unparse(node.target) == text:
            return True
    return False


def _forward_text(op: _Op) -> str:
    """The forward as a reader finds it: `t = math.tanh(self.data)` when the value is built from a local."""
    fwd = _forward_node(op)
    if fwd is None:
        return ""
    if isinstance(fwd, ast.Name):
        for st in op.method.body:
            if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and \
                    st.targets[0].id == fwd.id:
                return f"{fwd.id} = {ast.unparse(st.value)}"
    return ast.unparse(fwd)


def _product_of_operands(node: ast.expr) -> bool:
    """`self.data * other.data`, `self.data @ other.data`, `np.dot(self.data, other.data)`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.MatMult)):
        return _reads_data(node.left) and _reads_data(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("dot", "matmul", "multiply", "mm", "bmm") and len(node.args) >= 1:
        parts = node.args if len(node.args) == 2 else [node.func.value, node.args[0]]
        return all(_reads_data(p) for p in parts)
    return False


#: operations that move or gather values without a derivative of their own: their backward hands the gradient on
_STRUCTURAL = frozenset({"sum", "mean", "reshape", "transpose", "broadcast_to", "expand_dims", "squeeze", "flatten",
                         "concatenate", "repeat", "tile", "swapaxes", "permute", "view", "stack", "ravel"})


def _structural(node: ast.AST) -> bool:
    """`np.sum(a.data)`, `self.data.reshape(shape)`, `self.data.T`: an operand's data moved or gathered as it is."""
    def operand_data(x: ast.AST | None) -> bool:
        return isinstance(x, ast.Attribute) and x.attr in ("data", "value", "val") and isinstance(x.value, ast.Name)

    if isinstance(node, ast.Attribute) and node.attr == "T":
        return operand_data(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _STRUCTURAL:
        return operand_data(node.func.value) or bool(node.args) and operand_data(node.args[0])
    return False


def _reads_data(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in ("data", "value", "val") for n in ast.walk(node))


# -------------------------------------------------------------------------------------- the module
def _helpers(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    out = {}
    for st in tree.body:
        if isinstance(st, ast.FunctionDef) and len([s for s in st.body if not _docstring(s)]) <= 3:
            out[st.name] = st
    return out


def _numeric_other(ev: _Eval, op: _Op) -> bool:
    """The operator's second argument is a number (`__pow__(self, k)`), not a value of the engine."""
    params = [a.arg for a in op.method.args.args]
    if len(params) < 2:
        return False
    for st in ast.walk(op.method):
        if isinstance(st, ast.Assert) and params[1] in _names(st.test) and "isinstance" in _names(st.test):
            return True
    try:
        pe = _prefix_env(ev, op, 0.7, -0.6)
        if pe is not None:
            _out_data(pe[0], op.out)
            return False
    except (_Unknown, ArithmeticError, ValueError, TypeError):
        pass
    try:
        pe = _prefix_env(ev, op, 0.7, 2)
        if pe is not None:
            _out_data(pe[0], op.out)
            return True
    except (_Unknown, ArithmeticError, ValueError, TypeError):
        pass
    return False


def find_engines(tree: ast.Module) -> EngineModel:
    """The engine model of one module (empty for a module with none)."""
    model = EngineModel()
    classes: list[ast.ClassDef] = []
    framework = stepped = False
    for n in ast.walk(tree):
        if isinstance(n, ast.ClassDef):
            classes.append(n)
        elif isinstance(n, ast.Import):
            framework = framework or any(a.name.split(".")[0] in _FRAMEWORKS for a in n.names)
        elif isinstance(n, ast.ImportFrom):
            framework = framework or bool(n.module and n.module.split(".")[0] in _FRAMEWORKS)
        elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Attribute) and \
                n.target.attr in ("data", "value", "val"):
            stepped = True
        elif isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Attribute) and \
                n.targets[0].attr in ("data", "value", "val"):
            stepped = True
    ops: list[_Op] = []
    for c in classes:
        ops.extend(_ops_of(c))
    if ops or classes:
        ops.extend(_ops_in(tree.body, None))
    if framework:
        # beside torch, only closures kept on a value (`out._backward = fn`) are an engine's: a gradient hook
        # (`p.register_hook(fn)`) edits the framework's own `.grad`
        ops = [o for o in ops if _stored_on(o.method, o.closure.name)]
    if ops:
        _read_ops(tree, classes, ops, model)
    # (torch.autograd.Function and its kin: the interpreter reads them, with the tensors they are handed)
    functions = [c for c in classes if c.bases and _function_pair(c) is not None] if not framework else []
    if functions:
        ev = _Eval({c.name for c in classes}, _helpers(tree))
        for c in functions:
            model.writes.extend(_read_function(ev, c))
        model.function_classes = sorted({w.cls for w in model.writes if w.op == "backward"})
        # the graph's backward: it hands each operation its output's gradient, `t.made_by.backward(t.grad)`
        for c in classes:
            for m in c.body:
                if isinstance(m, ast.FunctionDef) and m.name == "backward" and any(
                        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "backward"
                        and n.args for n in ast.walk(m)):
                    model.seeds.extend(x for x in _seeds(m) if x not in model.seeds)
    model.framework = framework
    if stepped:
        model.steps = _steps(tree)
        if model.steps:
            _loops(tree, model)
    return model


def _read_ops(tree: ast.Module, classes: list[ast.ClassDef], ops: list[_Op], model: EngineModel) -> None:
    ev = _Eval({c.name for c in classes}, _helpers(tree))
    eng_classes = sorted({o.cls for o in ops})
    model.classes = eng_classes
    store_attrs = set()
    for op in ops:
        numeric = _numeric_other(ev, op)
        forward = _forward_text(op)
        for st in op.writes:
            verdict, kinds, expected, sign, acc = _check_write(ev, op, st, numeric)
            t = _grad_target(st)
            part = _split(st)
            model.writes.append(OpWrite(
                st, op.method.name, op.cls, _base(t) if t is not None else "?",
                kinds, acc, verdict, forward,
                ast.unparse(part[0]) if part else "", op.upstream_param or f"{op.out}.grad", expected, sign,
                tuple(_temps(op, st)), not acc and _starts_sum(op.closure, st)))
        for st in ast.walk(op.method):
            if isinstance(st, ast.Assign) and isinstance(st.value, ast.Name) and st.value.id == op.closure.name:
                store_attrs.update(t.attr for t in st.targets if isinstance(t, ast.Attribute))
    for c in classes:
        if c.name not in eng_classes:
            continue
        for m in c.body:
            if isinstance(m, ast.FunctionDef) and _runs_closures(m, store_attrs):
                model.seeds.extend(_seeds(m))
                if _resets_nodes(m):
                    model.self_resetting = True


def _runs_closures(m: ast.FunctionDef, attrs: set[str]) -> bool:
    """`node._backward()` called in a method: the engine's backward pass."""
    for n in ast.walk(m):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                (n.func.attr in attrs or n.func.attr in ("_backward", "backward_fn", "grad_fn", "_backward_fn")) \
                and not (isinstance(n.func.value, ast.Name) and n.func.value.id == "self"):
            return True
    return False


def _seeds(m: ast.FunctionDef) -> list[ast.stmt]:
    """`self.grad = 1.0` (or ones like the data) in the backward pass: dL/dL, the error it starts from."""
    out = []
    for st in m.body:
        if isinstance(st, ast.Assign) and len(st.targets) == 1:
            t = st.targets[0]
            if isinstance(t, ast.Attribute) and t.attr in GRAD_ATTRS and isinstance(t.value, ast.Name) and \
                    t.value.id == "self" and _is_one(st.value):
                out.append(st)
    return out


def _is_one(v: ast.AST) -> bool:
    if isinstance(v, ast.Constant) and v.value in (1, 1.0) and not isinstance(v.value, bool):
        return True
    if isinstance(v, ast.Call):
        f = v.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name in ("ones_like", "ones"):
            return True
        if name == "float" and v.args and _is_one(v.args[0]):
            return True
    return False


def _resets_nodes(m: ast.FunctionDef) -> bool:
    """The backward pass sets every node's gradient to zero before it starts (`for v in topo: v.grad = 0`)."""
    for loop in ast.walk(m):
        if isinstance(loop, ast.For):
            for st in ast.walk(loop):
                if isinstance(st, ast.Assign) and _grad_target(st) is not None and _is_zero(st.value) and \
                        _base(_grad_target(st)) != "self":  # type: ignore[arg-type]
                    return True
    return False


def _is_zero(v: ast.AST) -> bool:
    if isinstance(v, ast.Constant) and (v.value is None or (v.value == 0 and not isinstance(v.value, bool))):
        return True
    if isinstance(v, ast.Call):
        f = v.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        return name in ("zeros_like", "zeros")
    return False


# -------------------------------------------------------------------------------------- the steps
def _steps(tree: ast.Module) -> list[Step]:
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    negative = _negative_names(tree)
    out = []
    for st in ast.walk(tree):
        step = _step_of(st, negative)
        if step is None:
            continue
        param, direction = step
        loops = []
        cur = parents.get(id(st))
        while cur is not None and not isinstance(cur, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            if isinstance(cur, (ast.For, ast.While)):
                loops.append(cur)
            cur = parents.get(id(cur))
        out.append(Step(st, param, direction, tuple(loops), cur is not None and not isinstance(cur, ast.Module)))
    return out


def _step_of(st: ast.AST, negative: set[str]) -> tuple[str, int | None] | None:
    """`p.data += -lr * p.grad`, `p.data -= lr * p.grad`, `p.data = p.data - lr * p.grad`."""
    if isinstance(st, ast.AugAssign) and isinstance(st.op, (ast.Add, ast.Sub)):
        t, value, op_sign = st.target, st.value, 1 if isinstance(st.op, ast.Add) else -1
    elif isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.value, ast.BinOp) and \
            isinstance(st.value.op, (ast.Add, ast.Sub)) and ast.unparse(st.value.left) == ast.unparse(st.targets[0]):
        t, value, op_sign = st.targets[0], st.value.right, 1 if isinstance(st.value.op, ast.Add) else -1
    else:
        return None
    if not (isinstance(t, ast.Attribute) and t.attr in ("data", "value", "val")):
        return None
    base = ast.unparse(t.value)
    grads = [n for n in ast.walk(value) if isinstance(n, ast.Attribute) and n.attr in GRAD_ATTRS and
             ast.unparse(n.value) == base]
    if len(grads) != 1:
        return None
    s = _sign_of(value, grads[0], negative)
    return base, (op_sign * s if s is not None else None)


def _sign_of(node: ast.AST, grad: ast.AST, negative: set[str]) -> int | None:
    """The sign with which `grad` enters `node` (names are positive unless the file gives them a negative value)."""
    if node is grad:
        return 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        s = _sign_of(node.operand, grad, negative)
        return -s if s is not None else None
    if isinstance(node, ast.BinOp):
        left_has = any(n is grad for n in ast.walk(node.left))
        inner, other = (node.left, node.right) if left_has else (node.right, node.left)
        s = _sign_of(inner, grad, negative)
        if s is None:
            return None
        if isinstance(node.op, (ast.Mult, ast.Div)):
            if isinstance(node.op, ast.Div) and not left_has:
                return None
            o = _factor_sign(other, negative)
            return s * o if o is not None else None
        if isinstance(node.op, ast.Add):
            return s
        if isinstance(node.op, ast.Sub):
            return s if left_has else -s
    return None


def _factor_sign(node: ast.AST, negative: set[str]) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return (node.value > 0) - (node.value < 0) or None
    if isinstance(node, ast.Name):
        return -1 if node.id in negative else 1
    if isinstance(node, ast.Attribute):
        return 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        s = _factor_sign(node.operand, negative)
        return -s if s is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        a, b = _factor_sign(node.left, negative), _factor_sign(node.right, negative)
        return a * b if a is not None and b is not None else None
    return None


def _negative_names(tree: ast.Module) -> set[str]:
    """Names the file gives a negative constant (`lr = -0.01`): a step rate that is negative."""
    out = set()
    for st in ast.walk(tree):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            v = st.value
            if isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub) and isinstance(v.operand, ast.Constant):
                out.add(st.targets[0].id)
            elif isinstance(v, ast.Constant) and isinstance(v.value, (int, float)) and v.value < 0:
                out.add(st.targets[0].id)
    return out


def _loops(tree: ast.Module, model: EngineModel) -> None:
    """Each step's training loop (the innermost loop around it that calls `.backward()` with no argument), and
    whether anything in that loop resets the gradients."""
    # functions and methods of the module that reset gradients: a loop calling one (`train_step()`) resets them
    resetters = {f.name for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and
                 any(_resets(n) for n in ast.walk(f))}
    for s in model.steps:
        for loop in s.loops:
            inner = list(ast.walk(loop))
            if not any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and
                       n.func.attr == "backward" and not n.args and not n.keywords for n in inner):
                continue
            if not any(_resets(n) or isinstance(n, ast.Call) and _called_name(n) in resetters for n in inner):
                model.unreset.append((s, loop))
            break


def _resets(n: ast.AST) -> bool:
    return isinstance(n, ast.Assign) and _zeroes_grad(n) or isinstance(n, ast.Call) and _reset_call(n)


def _called_name(n: ast.Call) -> str:
    f = n.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _zeroes_grad(st: ast.Assign) -> bool:
    """`p.grad = 0.0`, `p.grad = np.zeros_like(p.data)`, `p.grad *= 0`-like products, `w.grad, b.grad = 0.0, 0.0`."""
    if len(st.targets) == 1 and isinstance(st.targets[0], ast.Tuple) and isinstance(st.value, ast.Tuple) and \
            len(st.targets[0].elts) == len(st.value.elts):
        return any(isinstance(t, ast.Attribute) and t.attr in GRAD_ATTRS and _is_zero(v)
                   for t, v in zip(st.targets[0].elts, st.value.elts))
    return _zeroes_one(st)


def _zeroes_one(st: ast.Assign) -> bool:
    return any(isinstance(t, ast.Attribute) and t.attr in GRAD_ATTRS for t in st.targets) and _is_zero(st.value) \
        or any(isinstance(t, ast.Attribute) and t.attr in GRAD_ATTRS for t in st.targets) and \
        isinstance(st.value, ast.BinOp) and isinstance(st.value.op, ast.Mult) and \
        any(_is_zero(x) for x in (st.value.left, st.value.right))


def _reset_call(n: ast.Call) -> bool:
    f = n.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    low = name.lower()
    return "zero" in low or "reset" in low or "clear" in low or (name == "fill" and n.args and _is_zero(n.args[0]))


# ------------------------------------------------------------------- operation classes (forward/backward)
class _Ctx:
    """What an operation's forward keeps for its backward: attributes and saved values."""

    __slots__ = ("attrs", "saved")

    def __init__(self) -> None:
        self.attrs: dict[str, object] = {}
        self.saved: tuple[object, ...] | None = None


def _function_pair(c: ast.ClassDef) -> tuple[ast.FunctionDef, ast.FunctionDef] | None:
    """`forward(self, a, b)` returning the output and `backward(self, grad)` returning each input's gradient."""
    methods = {m.name: m for m in c.body if isinstance(m, ast.FunctionDef)}
    fwd, bwd = methods.get("forward"), methods.get("backward")
    if fwd is None or bwd is None or "__init__" in methods:
        return None  # (a class that builds state of its own, weights, is a layer: the interpreter's)
    if len(fwd.args.args) < 2 or len(bwd.args.args) != 2:
        return None
    if not any(isinstance(st, ast.Return) and st.value is not None for st in ast.walk(bwd)):
        return None
    return fwd, bwd


def _run_body(ev: _Eval, body: list[ast.stmt], env: dict[str, object], ctx_name: str) -> object:
    """Run a forward's or backward's straight-line statements; the value it returns."""
    for st in body:
        if _docstring(st) or isinstance(st, (ast.Pass, ast.Assert)):
            continue
        if isinstance(st, ast.Return):
            if st.value is None:
                raise _Unknown
            return ev.expr(st.value, env)
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call) and isinstance(st.value.func, ast.Attribute) \
                and isinstance(st.value.func.value, ast.Name) and st.value.func.value.id == ctx_name and \
                "save" in st.value.func.attr:
            ctx = env[ctx_name]
            assert isinstance(ctx, _Ctx)
            ctx.saved = tuple(ev.expr(a, env) for a in st.value.args)
            continue
        if isinstance(st, ast.Assign) and len(st.targets) == 1:
            t = st.targets[0]
            value = ev.expr(st.value, env)
            if isinstance(t, ast.Name):
                env[t.id] = value
            elif isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == ctx_name:
                ctx = env[ctx_name]
                assert isinstance(ctx, _Ctx)
                ctx.attrs[t.attr] = value
            elif isinstance(t, (ast.Tuple, ast.List)) and isinstance(value, tuple) and len(value) == len(t.elts):
                for e, v in zip(t.elts, value):
                    if not isinstance(e, ast.Name):
                        raise _Unknown
                    env[e.id] = v
            elif isinstance(t, (ast.Tuple, ast.List)) and len(t.elts) == 2 and \
                    all(isinstance(e, ast.Attribute) for e in t.elts):
                raise _Unknown
            else:
                raise _Unknown
            continue
        raise _Unknown
    raise _Unknown


class _CtxEval(_Eval):
    """The evaluator, reading what the forward kept on `self`/`ctx`."""

    def __init__(self, base: _Eval, ctx_name: str) -> None:
        super().__init__(base.classes, base.helpers)
        self.ctx_name = ctx_name

    def expr(self, node: ast.AST, env: dict[str, object]) -> object:
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == self.ctx_name:
            ctx = env.get(self.ctx_name)
            if isinstance(ctx, _Ctx):
                if node.attr in ctx.attrs:
                    return ctx.attrs[node.attr]
                if "saved" in node.attr and ctx.saved is not None:
                    return ctx.saved
            raise _Unknown
        if isinstance(node, ast.Subscript):
            base = self.expr(node.value, env)
            index = self.expr(node.slice, env)
            if isinstance(base, tuple) and isinstance(index, int) and not isinstance(index, bool):
                return base[index]
            raise _Unknown
        return super().expr(node, env)


def _read_function(base_ev: _Eval, c: ast.ClassDef) -> list[OpWrite]:
    pair = _function_pair(c)
    assert pair is not None
    fwd, bwd = pair
    ctx_name = fwd.args.args[0].arg
    inputs = [a.arg for a in fwd.args.args[1:]]
    grad = bwd.args.args[1].arg
    ret = next(st for st in bwd.body[::-1] if isinstance(st, ast.Return)) if any(
        isinstance(st, ast.Return) for st in bwd.body) else None
    if ret is None or ret.value is None:
        return []
    ev = _CtxEval(base_ev, ctx_name)
    bctx = bwd.args.args[0].arg

    def forward_at(xs: tuple[float, ...]) -> tuple[object, _Ctx]:
        ctx = _Ctx()
        # what a framework's base class keeps when it calls forward (DeZero's `self.inputs`, `self.input`)
        ctx.attrs["inputs"] = tuple(_Obj(x) for x in xs)
        ctx.attrs["input"] = _Obj(xs[0])
        env: dict[str, object] = {ctx_name: ctx, **dict(zip(inputs, xs))}
        return _run_body(ev, fwd.body, env, ctx_name), ctx

    def backward_at(ctx: _Ctx, g: float) -> tuple[object, ...]:
        env: dict[str, object] = {bctx: ctx, grad: g}
        bev = _CtxEval(base_ev, bctx)
        out = _run_body(bev, bwd.body, env, bctx)
        return out if isinstance(out, tuple) else (out,)

    n = len(inputs)
    shapes = ([0.7, -0.6, 1.3][:n], [-0.45, 1.8, 0.4][:n], [1.3, 0.55, -0.8][:n], [0.25, -1.2, 0.9][:n])
    verdicts: list[list[str]] = [[] for _ in range(n)]
    wants: list[list[float]] = [[] for _ in range(n)]
    for xs in shapes:
        try:
            y, ctx = forward_at(tuple(xs))
            float(y)  # type: ignore[arg-type]
            b1, b2 = backward_at(ctx, 1.0), backward_at(ctx, -2.5)
            if len(b1) != n:
                raise _Unknown
            for i in range(n):
                h = _H * max(1.0, abs(xs[i]))
                hi = list(xs)
                lo = list(xs)
                hi[i] += h
                lo[i] -= h
                want = (float(forward_at(tuple(hi))[0]) - float(forward_at(tuple(lo))[0])) / (2 * h)  # type: ignore
                got1, got2 = float(b1[i]), float(b2[i]) / -2.5  # type: ignore[arg-type]
                wants[i].append(want)
                if not _close(got1, got2):
                    verdicts[i].append("unchained")
                else:
                    verdicts[i].append("ok" if _close(got1, want) else "wrong")
        except (_Unknown, ArithmeticError, ValueError, TypeError, AssertionError, IndexError):
            continue
    out = []
    elts = ret.value.elts if isinstance(ret.value, ast.Tuple) and len(ret.value.elts) == n else [ret.value] * n
    for i, name in enumerate(inputs):
        v = verdicts[i]
        verdict = "unknown" if len(v) < 2 or "unchained" in v and len(set(v)) > 1 else \
            "wrong" if "wrong" in v else v[0]
        w = wants[i]
        if w and all(abs(abs(x) - 1.0) < 1e-6 for x in w):
            kinds: tuple[str, ...] = ("F2",)
        elif n >= 2 and isinstance(elts[i], ast.AST) and _product_of(fwd, inputs):
            kinds = ("F2", "F3")
        elif w:
            kinds = ("F1",)
        else:
            kinds = ("F2", "F3") if _product_of(fwd, inputs) else ("F1",) if n == 1 else ("F2",)
        # the statement that computes a returned name (`gx = c * x ** (c - 1) * gy; return gx`) shares its tags
        temps = tuple(st for st in bwd.body if isinstance(st, ast.Assign) and len(st.targets) == 1 and
                      isinstance(st.targets[0], ast.Name) and isinstance(elts[i], ast.Name) and
                      st.targets[0].id == elts[i].id)  # type: ignore[attr-defined]
        out.append(OpWrite(ret, "backward", c.name, name, kinds, True, verdict, _returned(fwd),
                           ast.unparse(elts[i]), grad, temps=temps[-1:]))
    return out


def _returned(fn: ast.FunctionDef) -> str:
    ret = next((st for st in fn.body[::-1] if isinstance(st, ast.Return) and st.value is not None), None)
    return ast.unparse(ret.value) if ret is not None else ""  # type: ignore[union-attr]


def _product_of(fwd: ast.FunctionDef, inputs: list[str]) -> bool:
    """The forward returns a product of two of its inputs (`a * b`, `a @ b`, `np.dot(a, b)`)."""
    ret = next((st for st in fwd.body[::-1] if isinstance(st, ast.Return) and st.value is not None), None)
    if ret is None:
        return False
    v = ret.value
    if isinstance(v, ast.Name):  # `y = x0 * x1; return y`
        v = next((st.value for st in fwd.body[::-1] if isinstance(st, ast.Assign) and len(st.targets) == 1 and
                  isinstance(st.targets[0], ast.Name) and st.targets[0].id == v.id), v)
    if isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Mult, ast.MatMult)):
        return bool(_names(v.left) & set(inputs)) and bool(_names(v.right) & set(inputs))
    if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr in ("dot", "matmul") and \
            len(v.args) == 2:
        return all(_names(a) & set(inputs) for a in v.args)
    return False
