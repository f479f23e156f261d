"""A small evaluator of our own for an operation's scalar arithmetic (never the file's code run)."""

from __future__ import annotations

import ast
import math

from bpscan.engines.facts import DATA_ATTRS, _docstring

class _Unknown(Exception):
    """The evaluator met something it does not model."""


#: what evaluating a file's arithmetic may raise: something not modelled, or a value outside a function's domain
EVAL_ERRORS = (_Unknown, ArithmeticError, ValueError, TypeError)


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
            if isinstance(base, _Obj) and (node.attr in DATA_ATTRS or node.attr == "grad"):
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

    def bound(self, node: ast.AST, env: dict[str, object]) -> object:
        """The expression's value, or unbound where the evaluator cannot tell it (a name the closure then cannot read)."""
        try:
            return self.expr(node, env)
        except EVAL_ERRORS:
            return _UNBOUND

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
            data = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg in DATA_ATTRS), None)
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


def _is_own_type(f: ast.AST) -> bool:
    """`type(self)(...)` or `self.__class__(...)`: the value's own class."""
    if isinstance(f, ast.Call) and isinstance(f.func, ast.Name) and f.func.id == "type":
        return True
    return isinstance(f, ast.Attribute) and f.attr == "__class__"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-4 * max(1.0, abs(a), abs(b))
