"""Gradient check of networks kept in lists built from a list of layer sizes (Nielsen's book style).

    class Network:
        def __init__(self, sizes):
            self.biases = [np.random.randn(y, 1) for y in sizes[1:]]
            self.weights = [np.random.randn(y, x) for x, y in zip(sizes[:-1], sizes[1:])]
        def feedforward(self, a): ...
        def backprop(self, x, y): ...           # returns (nabla_b, nabla_w), lists like the parameters
        def update_mini_batch(self, mini_batch, eta): self.weights = [w - eta * nw for ...]

The scan's model folds each list into one symbolic parameter (`self.weights[*]`), which cannot be
instantiated. Here the class's methods are evaluated by a small interpreter of their own: a
whitelist of statements (assignments, `for` over zip/range/enumerate, `if`, return), expressions
(arithmetic, list and generator comprehensions, indexing with negative indexes and slices) and
calls (the file's own functions and methods, NumPy functions, a few builtins). Nothing is imported
or run: anything outside the whitelist stops the check with its line ("not verified").

The network is built with small sizes chosen here (a list of distinct sizes, so that a transposed
or misrouted array cannot fit by accident), a sample is drawn, and each element of each parameter
list gets one row: the list the backward method returns against central differences of the loss
of the forward method's output. The loss is the file's own cost class's `fn(a, y)` when the
network holds one (`self.cost`), else the one the scan's model reads from the output error (the
squared error, or a cross-entropy where the error cancels the output's derivative).
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from bpscan.verify.evaluator import OutOfTime, Unverifiable, describe, out_of_time
from bpscan.verify.results import ParamCheck
from bpscan.verify.differences import central_differences

#: the sizes a network built from a list of sizes gets: distinct, with two hidden layers so that
#: the backward loop over the hidden layers runs more than once
SIZES = [3, 5, 4, 2]
_BATCH = 6  # samples in a drawn batch: none of SIZES, so a batch axis cannot pass for a layer's
TOLERANCE = 1e-6
_MAX_STEPS = 200_000
_MAX_DEPTH = 40
_MAX_ELEMENTS_MADE = 1_000_000
_ERRORS = (Unverifiable, ValueError, TypeError, IndexError, KeyError, ArithmeticError, RecursionError, MemoryError,
           AttributeError)

_SIZE_NAMES = ("sizes", "size", "layers", "layer_sizes", "layer_size", "layer_dims", "dims", "shape",
               "architecture", "structure", "topology", "nodes", "neurons", "units", "net_sizes", "sizes_list")
_BACKWARD_NAMES = ("backprop", "backward", "backpropagate", "back_prop", "backpropagation", "back_propagation",
                   "gradient", "gradients", "grad", "grads", "compute_gradients", "get_gradients")
_FORWARD_NAMES = ("feedforward", "feed_forward", "forward", "predict", "output", "fprop", "forward_pass",
                  "forward_propagation", "run", "evaluate_output", "__call__")
_REG_NAMES = ("lmbda", "lmbd", "lambda_", "lam", "lamb", "lambd", "reg", "l2", "decay", "weight_decay",
              "regularization", "regularisation", "reg_lambda", "l2_reg", "penalty")
_COUNT_NAMES = ("n", "n_train", "num_train", "n_samples", "num_samples", "train_size", "m", "len_data",
                "n_data", "total", "size_train", "training_size")
_EPOCH_NAMES = ("epochs", "epoch", "n_epochs", "num_epochs", "iterations", "iters", "n_iter", "n_iters",
                "num_iterations", "steps", "n_steps", "num_steps", "max_iter")
_X_NAMES = ("x", "X", "inputs", "input", "a", "sample", "xs", "data_x", "features")
_Y_NAMES = ("y", "Y", "t", "T", "target", "targets", "label", "labels", "ys", "desired", "expected")

_NP_FUNCS = frozenset({
    "dot", "exp", "log", "sqrt", "tanh", "maximum", "minimum", "zeros", "ones", "zeros_like", "ones_like",
    "sum", "mean", "array", "asarray", "transpose", "outer", "multiply", "nan_to_num", "clip", "where", "abs",
    "absolute", "square", "power", "matmul", "argmax", "reshape", "sign", "log1p", "expm1", "max", "min",
    "vstack", "hstack", "concatenate", "eye", "full", "empty", "empty_like", "full_like", "add", "subtract",
    "divide", "true_divide", "negative", "reciprocal", "heaviside", "greater", "less", "amax", "amin",
    "float64", "float32", "int64", "int32", "squeeze", "ravel", "atleast_2d", "copy", "diag", "diagflat",
    "cosh", "sinh", "cos", "sin", "logaddexp", "shape", "size", "ndim", "prod",
})
_NP_RANDOM = frozenset({"randn", "rand", "random", "random_sample", "standard_normal", "normal", "uniform",
                        "seed"})
_RNG_NAMES = ("rng", "random_state", "rs", "gen", "generator", "prng", "rand_state", "randomstate")
_NP_LINALG = frozenset({"norm"})
_ARRAY_METHODS = frozenset({"transpose", "reshape", "dot", "sum", "mean", "copy", "astype", "flatten", "ravel",
                            "max", "min", "clip", "squeeze", "argmax", "item", "fill", "tolist", "prod"})
_LIST_METHODS = frozenset({"append", "extend", "insert", "pop", "reverse", "copy", "index", "count"})
_DICT_METHODS = frozenset({"get", "keys", "values", "items", "copy", "update", "setdefault"})


# ------------------------------------------------------------------------------------------ values
class _Marker:
    """A name's meaning (a module, a function, a class...): shared, never copied with the network's state."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self


@dataclass(eq=False)
class _Mod(_Marker):
    path: str  # "numpy", "numpy.random", "numpy.linalg"


@dataclass(eq=False)
class _NpFunc(_Marker):
    path: str


@dataclass(eq=False)
class _Rng(_Marker):
    """A random generator of the file's (`np.random.default_rng(seed)`, `RandomState`): draws with verify's."""


@dataclass(eq=False)
class _Class(_Marker):
    node: ast.ClassDef


@dataclass(eq=False)
class _Func(_Marker):
    node: ast.FunctionDef
    cls: _Class | None = None


@dataclass(eq=False)
class _Inst:
    cls: _Class
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class _Bound(_Marker):
    fn: _Func
    obj: Any


@dataclass(eq=False)
class _Builtin(_Marker):
    name: str


@dataclass(eq=False)
class _Method:
    obj: Any
    name: str


_Pending = object()


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


_BUILTINS = frozenset({"zip", "range", "xrange", "len", "enumerate", "reversed", "list", "tuple", "sum", "min",
                       "max", "abs", "float", "int", "dict", "print", "round", "bool", "str", "isinstance"})


def _is_static(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)


def _methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)}


class Interp:
    """Evaluates the whitelisted subset of a module's functions and classes with NumPy."""

    def __init__(self, tree: ast.Module, seed: int = 0) -> None:
        import numpy as np

        self.np = np
        self.rng = np.random.default_rng(seed)
        self.funcs: dict[str, ast.FunctionDef] = {}
        self.classes: dict[str, ast.ClassDef] = {}
        self.numpy_names: dict[str, str] = {}
        self.constants: dict[str, ast.expr] = {}
        self.constant_values: dict[str, Any] = {}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                self.funcs[node.name] = node
            elif isinstance(node, ast.ClassDef):
                self.classes[node.name] = node
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in ("numpy", "numpy.random", "numpy.linalg"):
                        self.numpy_names[alias.asname or alias.name.split(".")[0]] = \
                            alias.name if alias.asname else "numpy"
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                # a module constant (`ACTIVATIONS = dict(zip(["sigmoid", "tanh"], [sigmoid, tanh]))`): evaluated
                # by this interpreter when read, like everything else
                self.constants[node.targets[0].id] = node.value
            elif isinstance(node, ast.ImportFrom) and node.module in ("numpy", "numpy.random", "numpy.linalg"):
                for alias in node.names:
                    path = f"{node.module}.{alias.name}"
                    self.numpy_names[alias.asname or alias.name] = path
        self.steps = 0
        self.ticks = 0
        self.depth = 0
        self.set_lines: dict[tuple[int, int], int] = {}  # (id(list), index) -> line that set the element
        self.origins: dict[int, tuple[Any, int]] = {}  # id(array) -> (array, the line that first named it)

    # -------------------------------------------------------------- helpers
    def fail(self, what: str, node: ast.AST | None) -> Unverifiable:
        return Unverifiable(what, getattr(node, "lineno", None))

    def tick(self, node: ast.AST) -> None:
        self.steps += 1
        self.ticks += 1  # never reset: the budget is checked however the steps are counted
        if self.steps > _MAX_STEPS:
            raise self.fail("the evaluation took more steps than verify allows", node)
        if self.ticks % 256 == 0 and out_of_time():
            raise OutOfTime("the file's time budget ran out (--budget)")

    # -------------------------------------------------------------- calls
    def call(self, fn: Any, args: list[Any], kw: dict[str, Any], node: ast.AST | None = None) -> Any:
        if isinstance(fn, _Bound):
            return self.run_function(fn.fn.node, [fn.obj, *args], kw)
        if isinstance(fn, _Func):
            return self.run_function(fn.node, args, kw)
        if isinstance(fn, _Class):
            inst = _Inst(fn)
            init = _methods(fn.node).get("__init__")
            if init is not None:
                self.run_function(init, [inst, *args], kw)
            elif args or kw:
                raise self.fail(f"the class {fn.node.name} takes no arguments", node)
            return inst
        if isinstance(fn, _Builtin):
            return self.builtin(fn.name, args, kw, node)
        if isinstance(fn, _NpFunc):
            return self.numpy(fn.path, args, kw, node)
        if isinstance(fn, _Method):
            return self.method(fn.obj, fn.name, args, kw, node)
        raise self.fail("a call of something that is not modelled", node)

    def run_function(self, fn: ast.FunctionDef, args: list[Any], kw: dict[str, Any]) -> Any:
        a = fn.args
        if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs:
            raise self.fail(f"the signature of {fn.name}() is not modelled", fn)
        names = [p.arg for p in a.args]
        if len(args) > len(names):
            raise self.fail(f"{fn.name}() called with too many arguments", fn)
        scope: dict[str, Any] = dict(zip(names, args))
        for k, v in kw.items():
            if k not in names or k in scope:
                raise self.fail(f"{fn.name}() called with an unexpected argument {k}", fn)
            scope[k] = v
        defaults = dict(zip(names[len(names) - len(a.defaults):], a.defaults))
        for n in names:
            if n not in scope:
                if n not in defaults:
                    raise self.fail(f"{fn.name}() called without its argument {n}", fn)
                scope[n] = self.expr(defaults[n], {})
        if self.depth >= _MAX_DEPTH:
            raise self.fail("calls nested deeper than verify follows", fn)
        self.depth += 1
        try:
            self.block(fn.body, scope)
        except _Return as r:
            return r.value
        finally:
            self.depth -= 1
        return None

    def builtin(self, name: str, args: list[Any], kw: dict[str, Any], node: ast.AST | None) -> Any:
        np = self.np
        if name == "zip":
            return [tuple(t) for t in zip(*args)]
        if name in ("range", "xrange"):
            r = range(*[int(x) for x in args])
            if len(r) > _MAX_ELEMENTS_MADE:
                raise self.fail("a loop longer than verify runs", node)
            return list(r)
        if name == "enumerate":
            return list(enumerate(args[0], *args[1:]))
        if name == "reversed":
            return list(reversed(args[0]))
        if name == "len":
            return len(args[0])
        if name in ("list", "tuple"):
            seq = list(args[0]) if args else []
            return seq if name == "list" else tuple(seq)
        if name == "sum":
            total = args[1] if len(args) > 1 else 0
            for x in args[0]:
                total = total + x
            return total
        if name in ("min", "max", "abs", "round", "bool", "str"):
            return {"min": min, "max": max, "abs": abs, "round": round, "bool": bool, "str": str}[name](*args)
        if name == "float":
            return float(np.asarray(args[0]).reshape(-1)[0]) if isinstance(args[0], np.ndarray) else float(*args)
        if name == "int":
            return int(*args)
        if name == "dict":
            return dict(*args, **kw)
        if name == "print":
            return None  # no I/O: the check never prints what the file prints
        if name == "isinstance":
            raise self.fail("isinstance() is not modelled", node)
        raise self.fail(f"{name}() is not modelled", node)

    def numpy(self, path: str, args: list[Any], kw: dict[str, Any], node: ast.AST | None) -> Any:
        np = self.np
        fn = path.rsplit(".", 1)[1]
        if path.startswith("numpy.random."):
            if fn == "seed":
                return None
            if fn in ("default_rng", "RandomState", "Generator"):
                return _Rng()
            if fn not in _NP_RANDOM:
                raise self.fail(f"np.random.{fn}() is not modelled", node)
            if fn in ("randn", "rand"):
                dims: Any = list(args)
            elif fn in ("normal", "uniform"):
                dims = kw.get("size", args[2] if len(args) > 2 else ())
            else:
                dims = kw.get("size", args[0] if args else ())
            if not isinstance(dims, (list, tuple)):
                dims = [dims]
            shape = tuple(int(d) for d in dims)
            self.check_size(shape, node)
            if fn in ("randn", "standard_normal"):
                return self.rng.standard_normal(shape)
            if fn in ("rand", "random", "random_sample"):
                return self.rng.random(shape)
            lo = args[0] if args else kw.get("loc", kw.get("low", 0.0))
            hi = args[1] if len(args) > 1 else kw.get("scale", kw.get("high", 1.0))
            if fn == "normal":
                return lo + hi * self.rng.standard_normal(shape)
            return self.rng.uniform(lo, hi, shape)
        if path == "numpy.linalg.norm":
            return np.linalg.norm(*args, **kw)
        if path.startswith("numpy.") and path.count(".") == 1 and fn in _NP_FUNCS:
            if fn in ("zeros", "ones", "empty", "full", "eye") and args:
                self.check_size(args[0] if isinstance(args[0], (tuple, list)) else (args[0],), node)
            return getattr(np, fn)(*args, **kw)
        raise self.fail(f"{path.replace('numpy', 'np', 1)}() is not modelled", node)

    def method(self, obj: Any, name: str, args: list[Any], kw: dict[str, Any], node: ast.AST | None) -> Any:
        np = self.np
        if isinstance(obj, np.ndarray):
            if name == "astype":
                kind = args[0] if args else kw.get("dtype")
                return obj.astype(_dtype(kind) if isinstance(kind, (_NpFunc, _Builtin)) else
                                  kind if isinstance(kind, str) else float)
        if isinstance(obj, list) and name in ("append", "insert") and node is not None:
            # the line that made each element, as for `nabla_w[-l] = ...`
            lines = [self.set_lines.get((id(obj), i)) for i in range(len(obj))]
            obj.insert(args[0], args[1]) if name == "insert" else obj.append(*args)
            where = len(obj) - 1 if name == "append" else (args[0] if args[0] >= 0 else len(obj) - 1 + args[0])
            lines.insert(min(max(where, 0), len(lines)), getattr(node, "lineno", None))
            for i, line in enumerate(lines):
                if line is not None:
                    self.set_lines[(id(obj), i)] = line
                else:
                    self.set_lines.pop((id(obj), i), None)
            return None
        # a method of an array, list or dict that `attribute` let through (the whitelists above)
        return getattr(obj, name)(*args, **kw)

    def check_size(self, shape: Any, node: ast.AST | None) -> None:
        """An array the file asks for that is larger than a check needs (a dataset's): not made."""
        size = 1
        for d in shape:
            if not isinstance(d, (int, self.np.integer)):
                raise self.fail("a shape that is not a tuple of sizes", node)
            size *= max(int(d), 0)
        if size > _MAX_ELEMENTS_MADE:
            raise self.fail(f"an array of {size} elements, larger than verify makes", node)

    # -------------------------------------------------------------- statements
    def block(self, body: list[ast.stmt], scope: dict[str, Any]) -> None:
        for stmt in body:
            self.stmt(stmt, scope)

    def stmt(self, s: ast.stmt, scope: dict[str, Any]) -> None:
        try:
            self._stmt(s, scope)
        except (Unverifiable, ValueError, TypeError, IndexError, KeyError, ArithmeticError, AttributeError) as exc:
            if getattr(exc, "line", None) is None:
                exc.line = s.lineno  # type: ignore[union-attr]  # the innermost statement is the one to name
            raise

    def _stmt(self, s: ast.stmt, scope: dict[str, Any]) -> None:
        self.tick(s)
        if isinstance(s, ast.Expr):
            if isinstance(s.value, ast.Constant):
                return  # a docstring
            self.expr(s.value, scope)
        elif isinstance(s, ast.Assign):
            value = self.expr(s.value, scope)
            for t in s.targets:
                self.assign(t, value, scope, s)
        elif isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self.assign(s.target, self.expr(s.value, scope), scope, s)
        elif isinstance(s, ast.AugAssign):
            current = self.expr(_load(s.target), scope)
            change = self.expr(s.value, scope)
            self.assign(s.target, _binop(s.op, current, change, self, s, inplace=True), scope, s)
        elif isinstance(s, ast.For):
            if s.orelse:
                raise self.fail("a for-else is not modelled", s)
            seq = self.expr(s.iter, scope)
            for item in _iterable(seq, self, s):
                self.assign(s.target, item, scope, s)
                try:
                    self.block(s.body, scope)
                except _Break:
                    break
                except _Continue:
                    continue
        elif isinstance(s, ast.If):
            self.block(s.body if self.truth(self.expr(s.test, scope), s) else s.orelse, scope)
        elif isinstance(s, ast.Return):
            raise _Return(None if s.value is None else self.expr(s.value, scope))
        elif isinstance(s, ast.Pass):
            return
        elif isinstance(s, ast.Break):
            raise _Break()
        elif isinstance(s, ast.Continue):
            raise _Continue()
        elif isinstance(s, ast.Assert):
            return  # a check of the file's own: nothing it computes
        else:
            raise self.fail(f"a `{type(s).__name__.lower()}` statement is not modelled", s)

    def truth(self, v: Any, node: ast.AST) -> bool:
        if isinstance(v, self.np.ndarray) and v.size != 1:
            raise self.fail("a condition on a whole array is not modelled", node)
        return bool(v)

    def assign(self, t: ast.expr, value: Any, scope: dict[str, Any], s: ast.stmt) -> None:
        if isinstance(t, ast.Name):
            scope[t.id] = value
            if isinstance(value, self.np.ndarray) and id(value) not in self.origins:
                self.origins[id(value)] = (value, s.lineno)  # the array is kept, so its id stays its own
        elif isinstance(t, (ast.Tuple, ast.List)):
            items = list(_iterable(value, self, s))
            if len(items) != len(t.elts) or any(isinstance(e, ast.Starred) for e in t.elts):
                raise self.fail("an unpacking of a different length is not modelled", s)
            for e, v in zip(t.elts, items):
                self.assign(e, v, scope, s)
        elif isinstance(t, ast.Attribute):
            obj = self.expr(t.value, scope)
            if not isinstance(obj, _Inst):
                raise self.fail("an attribute set on something that is not the network", s)
            obj.attrs[t.attr] = value
            if isinstance(value, list):
                for i in range(len(value)):
                    self.set_lines.setdefault((id(value), i), s.lineno)
        elif isinstance(t, ast.Subscript):
            obj = self.expr(t.value, scope)
            idx = self.index(t.slice, scope)
            if isinstance(obj, list):
                obj[idx] = value
                if isinstance(idx, int):
                    self.set_lines[(id(obj), idx % len(obj))] = s.lineno
            elif isinstance(obj, (dict, self.np.ndarray)):
                obj[idx] = value
            else:
                raise self.fail("an item set on something that is not a list, dict or array", s)
        else:
            raise self.fail("an assignment target that is not modelled", s)

    # -------------------------------------------------------------- expressions
    def index(self, node: ast.expr, scope: dict[str, Any]) -> Any:
        if isinstance(node, ast.Slice):
            parts = [None if p is None else self.expr(p, scope) for p in (node.lower, node.upper, node.step)]
            return slice(*parts)
        if isinstance(node, ast.Tuple):
            return tuple(self.index(e, scope) for e in node.elts)
        return self.expr(node, scope)

    def expr(self, e: ast.expr, scope: dict[str, Any]) -> Any:
        np = self.np
        if isinstance(e, ast.Constant):
            return e.value
        if isinstance(e, ast.Name):
            return self.name(e, scope)
        if isinstance(e, ast.Attribute):
            return self.attribute(self.expr(e.value, scope), e.attr, e)
        if isinstance(e, ast.BinOp):
            return _binop(e.op, self.expr(e.left, scope), self.expr(e.right, scope), self, e)
        if isinstance(e, ast.UnaryOp):
            v = self.expr(e.operand, scope)
            if isinstance(e.op, ast.USub):
                return -v
            if isinstance(e.op, ast.UAdd):
                return +v
            if isinstance(e.op, ast.Not):
                return not self.truth(v, e)
            raise self.fail("the operator ~ is not modelled", e)
        if isinstance(e, ast.BoolOp):
            if isinstance(e.op, ast.And):
                out: Any = True
                for x in e.values:
                    out = self.expr(x, scope)
                    if not self.truth(out, e):
                        return out
                return out
            out = False
            for x in e.values:
                out = self.expr(x, scope)
                if self.truth(out, e):
                    return out
            return out
        if isinstance(e, ast.Compare):
            left = self.expr(e.left, scope)
            result: Any = True
            for op, right_node in zip(e.ops, e.comparators):
                right = self.expr(right_node, scope)
                r = _compare(op, left, right)
                if len(e.ops) == 1:
                    return r
                result = result and self.truth(r, e)
                left = right
            return result
        if isinstance(e, ast.IfExp):
            return self.expr(e.body if self.truth(self.expr(e.test, scope), e) else e.orelse, scope)
        if isinstance(e, ast.Call):
            if isinstance(e.func, ast.Name) and e.func.id == "print" and "print" not in scope:
                return None
            fn = self.expr(e.func, scope)
            if any(isinstance(a, ast.Starred) for a in e.args) or any(k.arg is None for k in e.keywords):
                raise self.fail("a call with * or ** arguments is not modelled", e)
            args = [self.expr(a, scope) for a in e.args]
            kw = {k.arg: self.expr(k.value, scope) for k in e.keywords if k.arg is not None}
            return self.call(fn, args, kw, e)
        if isinstance(e, ast.Subscript):
            obj = self.expr(e.value, scope)
            idx = self.index(e.slice, scope)
            if isinstance(obj, (list, tuple, dict, np.ndarray)):
                return obj[idx]
            raise self.fail("indexing of something that is not a list, dict or array", e)
        if isinstance(e, ast.List):
            return [self.expr(x, scope) for x in _no_star(e.elts, self)]
        if isinstance(e, ast.Tuple):
            return tuple(self.expr(x, scope) for x in _no_star(e.elts, self))
        if isinstance(e, ast.Dict):
            if any(k is None for k in e.keys):
                raise self.fail("a dict with ** is not modelled", e)
            return {self.expr(k, scope): self.expr(v, scope) for k, v in zip(e.keys, e.values)}  # type: ignore[arg-type]
        if isinstance(e, (ast.ListComp, ast.GeneratorExp)):
            out_list: list[Any] = []
            self.comprehension(e.generators, 0, dict(scope), lambda sc: out_list.append(self.expr(e.elt, sc)), e)
            return out_list
        if isinstance(e, ast.DictComp):
            out_dict: dict[Any, Any] = {}
            self.comprehension(e.generators, 0, dict(scope),
                               lambda sc: out_dict.__setitem__(self.expr(e.key, sc), self.expr(e.value, sc)), e)
            return out_dict
        if isinstance(e, ast.JoinedStr):
            return ""
        raise self.fail(f"the expression {type(e).__name__} is not modelled", e)

    def comprehension(self, gens: list[ast.comprehension], i: int, scope: dict[str, Any],
                      emit: Callable[[dict[str, Any]], None], node: ast.AST) -> None:
        if i == len(gens):
            emit(scope)
            return
        g = gens[i]
        if g.is_async:
            raise self.fail("an async comprehension is not modelled", node)
        for item in _iterable(self.expr(g.iter, scope), self, node):
            self.tick(node)
            self.assign(g.target, item, scope, node)  # type: ignore[arg-type]
            if all(self.truth(self.expr(c, scope), node) for c in g.ifs):
                self.comprehension(gens, i + 1, scope, emit, node)

    def name(self, e: ast.Name, scope: dict[str, Any]) -> Any:
        n = e.id
        if n in scope:
            return scope[n]
        if n in self.funcs:
            return _Func(self.funcs[n])
        if n in self.classes:
            return _Class(self.classes[n])
        if n in self.numpy_names:
            path = self.numpy_names[n]
            return _Mod(path) if path in ("numpy", "numpy.random", "numpy.linalg") else _NpFunc(path)
        if n in self.constants:
            if n not in self.constant_values:
                self.constant_values[n] = _Pending
                self.constant_values[n] = self.expr(self.constants[n], {})
            if self.constant_values[n] is _Pending:
                raise self.fail(f"the module constant {n} refers to itself", e)
            return self.constant_values[n]
        if n in _BUILTINS:
            return _Builtin(n)
        if n in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[n]
        raise self.fail(f"`{n}` is not known to verify (it is not a function, class or NumPy name of the file)", e)

    def attribute(self, obj: Any, attr: str, e: ast.AST) -> Any:
        np = self.np
        if isinstance(obj, _Mod):
            path = f"{obj.path}.{attr}"
            if path in ("numpy.random", "numpy.linalg"):
                return _Mod(path)
            if attr == "newaxis":
                return None
            if attr in ("pi", "e", "inf"):
                return getattr(np, attr)
            if attr in ("float64", "float32", "int64", "int32") and obj.path == "numpy":
                return _NpFunc(path)
            return _NpFunc(path)
        if isinstance(obj, _Rng):
            if attr in _NP_RANDOM:
                return _NpFunc(f"numpy.random.{attr}")
            raise self.fail(f"the generator method .{attr} is not modelled", e)
        if isinstance(obj, _Inst):
            if attr in obj.attrs:
                return obj.attrs[attr]
            fn = _methods(obj.cls.node).get(attr)
            if fn is not None:
                return _Func(fn, obj.cls) if _is_static(fn) else _Bound(_Func(fn, obj.cls), obj)
            raise self.fail(f"the attribute {attr} of the network is not set", e)
        if isinstance(obj, _Class):
            fn = _methods(obj.node).get(attr)
            if fn is not None:
                return _Func(fn, obj)
            raise self.fail(f"the class attribute {obj.node.name}.{attr} is not modelled", e)
        if isinstance(obj, np.ndarray) or isinstance(obj, np.generic):
            if attr == "T":
                return obj.T
            if attr in ("shape", "size", "ndim"):
                return getattr(obj, attr)
            if attr in _ARRAY_METHODS:
                return _Method(obj, attr)
        if isinstance(obj, list) and attr in _LIST_METHODS:
            return _Method(obj, attr)
        if isinstance(obj, dict) and attr in _DICT_METHODS:
            return _Method(obj, attr)
        raise self.fail(f"the attribute .{attr} is not modelled", e)


def _dtype(v: Any) -> Any:
    import numpy as np

    if isinstance(v, _NpFunc):
        return getattr(np, v.path.rsplit(".", 1)[1])
    if isinstance(v, _Builtin) and v.name in ("float", "int", "bool"):
        return {"float": float, "int": int, "bool": bool}[v.name]
    raise Unverifiable("a dtype that is not modelled")


def _no_star(elts: list[ast.expr], it: Interp) -> list[ast.expr]:
    for x in elts:
        if isinstance(x, ast.Starred):
            raise it.fail("a starred element is not modelled", x)
    return elts


def _load(t: ast.expr) -> ast.expr:
    out = copy.copy(t)
    out.ctx = ast.Load()  # type: ignore[attr-defined]
    return out


def _iterable(v: Any, it: Interp, node: ast.AST) -> Any:
    if isinstance(v, (list, tuple, it.np.ndarray, dict)):
        return list(v)
    raise it.fail("a loop over something that is not a list, tuple or array", node)


_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
    ast.Pow: lambda a, b: a ** b, ast.MatMult: lambda a, b: a @ b,
}


def _binop(op: ast.operator, a: Any, b: Any, it: Interp, node: ast.AST, inplace: bool = False) -> Any:
    f = _BINOPS.get(type(op))
    if f is None:
        raise it.fail(f"the operator {type(op).__name__} is not modelled", node)
    for v in (a, b):
        if not isinstance(v, (int, float, complex, bool, list, tuple, str, it.np.ndarray, it.np.generic)):
            raise it.fail("arithmetic on something that is not a number, list or array", node)
    if isinstance(op, ast.Mod) and isinstance(a, str):
        return ""  # string formatting: only ever printed
    if isinstance(op, ast.Pow) and isinstance(b, int) and abs(b) > 64 or isinstance(op, ast.Mult) and \
            any(isinstance(x, (list, tuple, str)) for x in (a, b)) and any(isinstance(x, int) and x > 4096
                                                                          for x in (a, b)):
        raise it.fail("arithmetic on a scale verify does not evaluate", node)
    return f(a, b)


_CMPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
    ast.Is: lambda a, b: a is b, ast.IsNot: lambda a, b: a is not b,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}


def _compare(op: ast.cmpop, a: Any, b: Any) -> Any:
    return _CMPS[type(op)](a, b)


# ------------------------------------------------------------------------------------------ the check
@dataclass
class ListNetCheck:
    """The rows of one list network, and what the check chose to build it."""

    cls: str
    families: list[str]  # `self.weights`, `self.biases`: the scan's `self.weights[*]` rows they replace
    rows: list[ParamCheck]
    note: str
    span: tuple[int, int] = (0, 0)  # the class's lines: the scan's rows of what it holds give way to these


def _looks_like_list_net(cls: ast.ClassDef) -> list[str]:
    """The attributes a method sets to a list comprehension of random or zero arrays, in order."""
    found: list[str] = []
    for node in ast.walk(cls):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.ListComp):
            calls = [c for c in ast.walk(node.value.elt) if isinstance(c, ast.Call)]
            if not any(isinstance(c.func, ast.Attribute) and c.func.attr in _NP_RANDOM | {"zeros", "ones", "randn"}
                       for c in calls):
                continue
            for t in node.targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self" \
                        and t.attr not in found:
                    found.append(t.attr)
        # `self.weights.append(np.random.randn(n, m))` in a loop over the sizes
        f = node.func if isinstance(node, ast.Call) else None
        if isinstance(f, ast.Attribute) and f.attr == "append" and isinstance(f.value, ast.Attribute) and \
                isinstance(f.value.value, ast.Name) and f.value.value.id == "self" and node.args and \
                any(isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr in _NP_RANDOM
                    for c in ast.walk(node.args[0])) and f.value.attr not in found:  # type: ignore[attr-defined]
            found.append(f.value.attr)
    return found


def _updates(cls: ast.ClassDef, families: list[str]) -> list[ast.FunctionDef]:
    """Methods that set a parameter list from its own old value (`self.weights = [w - ... for w, nw in ...]`)."""
    out = []
    for fn in _methods(cls).values():
        if fn.name == "__init__":
            continue
        for node in ast.walk(fn):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
                if isinstance(node, ast.AugAssign) else []
            for t in targets:
                base = t.value if isinstance(t, ast.Subscript) else t
                if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name) and base.value.id == "self" \
                        and base.attr in families:
                    reads = any(isinstance(x, ast.Attribute) and x.attr == base.attr and isinstance(x.ctx, ast.Load)
                                for x in ast.walk(node.value))  # type: ignore[attr-defined]
                    if reads or isinstance(node, ast.AugAssign):
                        out.append(fn)
    return list(dict.fromkeys(out))


def _ordered(methods: dict[str, ast.FunctionDef], preferred: tuple[str, ...], arity: int) -> list[ast.FunctionDef]:
    fits = [m for m in methods.values() if m.name != "__init__" and len(m.args.args) - 1 - len(m.args.defaults)
            <= arity <= len(m.args.args) - 1 and not m.args.vararg and not _is_static(m)]
    rank = {n: i for i, n in enumerate(preferred)}
    named = sorted((m for m in fits if m.name.lower() in rank), key=lambda m: rank[m.name.lower()])
    return named + [m for m in fits if m.name.lower() not in rank]


def verify_list_networks(model: Any, seed: int = 0) -> list[ListNetCheck]:
    """One check per class that keeps its parameters in lists built from a list of sizes."""
    out: list[ListNetCheck] = []
    tree = getattr(model, "tree", None)
    if tree is None:
        return out
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        families = _looks_like_list_net(cls)
        methods = _methods(cls)
        if not families or "__init__" not in methods:
            continue
        variants = _variants(tree, cls)
        for choice in variants:
            check = None
            for attempt in range(3):
                # a ReLU network can be dead at one sample: other draws, keeping the one that checks most
                try:
                    again = _check_class(model, tree, cls, families, seed + 1000 * attempt, choice)
                except OutOfTime as exc:
                    again = check or _unverified(model, cls, families, exc)
                except _ERRORS as exc:
                    # arithmetic of the check's own that the shapes defeated: never a verdict, never a crash
                    again = _unverified(model, cls, families, Unverifiable(
                        f"the check could not be completed ({type(exc).__name__}: {exc})", getattr(exc, "line", None)))
                if check is None or _unresolved(again) < _unresolved(check):
                    check = again
                if not _unresolved(check) or out_of_time():
                    break
            if len(variants) > 1:
                # one table for every choice: each row says which one it is
                names = {c.name for c in tree.body if isinstance(c, ast.ClassDef)}
                label = ", ".join(f"{k}={v}" if v in names else f"{k}={v!r}" for k, v in choice.items())
                check.rows = [replace(r, param=f"{r.param} [{label}]") for r in check.rows]
            out.append(check)
    return out


def _unresolved(check: ListNetCheck) -> int:
    return sum(r.verdict == "not verified" and "is zero at the sampled point" in (r.reason or "") for r in check.rows)


def merge_rows(params: tuple[Any, ...], layers: tuple[Any, ...], nets: list[ListNetCheck]
               ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The scan model's rows with the list networks' rows: the model's unverifiable rows of those lists
    (`self.weights[*]`, and any inside the class) and the class's unverifiable layer rows give way."""
    if not nets:
        return params, layers
    families = {f"{f}[*]" for n in nets for f in n.families}
    classes = {f"class {n.cls}" for n in nets}
    spans = [n.span for n in nets]
    kept = tuple(c for c in params if not (c.verdict == "not verified" and (
        c.param in families or any(lo <= (c.line or 0) <= hi for lo, hi in spans))))
    return kept + tuple(r for n in nets for r in n.rows), \
        tuple(c for c in layers if not (c.verdict == "not verified" and c.layer in classes))


def _variants(tree: ast.Module, cls: ast.ClassDef) -> list[dict[str, str]]:
    """The choices the constructor offers beside the sizes, each checked: the file's cost classes for an
    argument whose default is one (`cost=CrossEntropyCost`: every class of the file with the same
    methods), and the strings an argument without a default is looked up or compared with
    (`activation_mode` in `dict(zip(['sigmoid', 'ReLU'], ...))[activation_mode]`). Values are names
    of the file's classes, or strings."""
    init = _methods(cls).get("__init__")
    if init is None:
        return [{}]
    classes = {c.name: c for c in tree.body if isinstance(c, ast.ClassDef)}
    params = [p.arg for p in init.args.args[1:]]
    defaults = dict(zip(params[len(params) - len(init.args.defaults):], init.args.defaults))
    options: list[tuple[str, list[str]]] = []
    for p in params:
        d = defaults.get(p)
        if isinstance(d, ast.Name) and d.id in classes:
            shape = set(_methods(classes[d.id]))
            same = [n for n, c in classes.items() if n != d.id and c is not cls and shape and set(_methods(c)) == shape]
            if same:
                options.append((p, [d.id, *same]))
        elif d is None and p not in params[:1] and p.lower() not in _SIZE_NAMES:
            found: list[str] = []
            for node in ast.walk(init):
                key = None
                if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Name) and node.slice.id == p:
                    key = node.value
                if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == p:
                    found.extend(c.value for c in node.comparators
                                 if isinstance(c, ast.Constant) and isinstance(c.value, str))
                if key is not None:
                    # the dict it indexes: a literal, or a name bound in the constructor to dict(zip([...], ...))
                    source = [key]
                    if isinstance(key, ast.Name):
                        source = [a.value for a in [*ast.walk(init), *tree.body] if isinstance(a, ast.Assign)
                                  and any(isinstance(t, ast.Name) and t.id == key.id for t in a.targets)]
                    for src in source:
                        for c in ast.walk(src):
                            if isinstance(c, ast.Constant) and isinstance(c.value, str) and c.value not in found:
                                found.append(c.value)
            if found:
                options.append((p, list(dict.fromkeys(found))))
    out: list[dict[str, str]] = [{}]
    for p, values in options[:2]:
        out = [{**o, p: v} for o in out for v in values[:4]]
    return out


def _unverified(model: Any, cls: ast.ClassDef, families: list[str], exc: Exception, note: str = "") -> ListNetCheck:
    why = describe(exc, model.lines) if isinstance(exc, Unverifiable) else \
        describe(Unverifiable(f"it could not be evaluated ({type(exc).__name__}: {exc})",
                              getattr(exc, "line", None)), model.lines)
    rows = [ParamCheck(f"self.{f}", cls.lineno, "not verified", reason=why) for f in families]
    return ListNetCheck(cls.name, [f"self.{f}" for f in families], rows, note, _span(cls))


def _build(it: Interp, cls: ast.ClassDef, choice: dict[str, str]) -> tuple[_Inst, str]:
    """The network, built with small sizes: the argument that takes the list of sizes gets SIZES."""
    init = _methods(cls)["__init__"]
    params = [p.arg for p in init.args.args[1:]]
    required = params[:len(params) - len(init.args.defaults)]
    sizes = [p for p in required if p.lower() in _SIZE_NAMES] or required[:1]
    if not sizes:
        sizes = [p for p in params if p.lower() in _SIZE_NAMES][:1]
    if not sizes and not required:
        # sizes of the file's own (`self.W = [np.random.randn(3, 3) for _ in range(2)]`)
        inst = it.call(_Class(cls), [], {k: (_Class(it.classes[v]) if v in it.classes else v)
                                         for k, v in choice.items()}, init)
        return inst, ", ".join(["the sizes the file gives it", *(f"{k}={v}" for k, v in choice.items())])
    if not sizes:
        raise it.fail("the constructor takes no list of layer sizes", init)
    rngs = {p: _Rng() for p in required if p.lower() in _RNG_NAMES and p not in sizes}
    missing = [p for p in required if p not in sizes and p not in choice and p not in rngs]
    if missing:
        raise it.fail(f"the constructor's argument {missing[0]} has no default, and verify does not choose one",
                      init)
    kw: dict[str, Any] = {sizes[0]: list(SIZES), **rngs}
    for k, v in choice.items():
        kw[k] = _Class(it.classes[v]) if v in it.classes and k not in required else v
    inst = it.call(_Class(cls), [], kw, init)
    return inst, ", ".join([f"{sizes[0]}={SIZES}", *(f"{k}={v}" if v in it.classes and k not in required
                                                        else f"{k}={v!r}" for k, v in choice.items())])


def _families(it: Interp, inst: _Inst, names: list[str]) -> dict[str, list[Any]]:
    np = it.np
    out: dict[str, list[Any]] = {}
    for n in names:
        v = inst.attrs.get(n)
        if isinstance(v, list) and v and all(isinstance(x, np.ndarray) and x.dtype.kind == "f" for x in v):
            out[n] = v
    return out


def _snapshot(inst: _Inst) -> dict[str, Any]:
    """A copy of the network's state, to put back after a method that changes it."""
    return copy.deepcopy(inst.attrs, memo={id(inst): inst})


def _check_class(model: Any, tree: ast.Module, cls: ast.ClassDef, names: list[str], seed: int,
                 choice: dict[str, str]) -> ListNetCheck | None:
    import numpy as np

    it = Interp(tree, seed)
    try:
        inst, built = _build(it, cls, choice)
    except OutOfTime:
        raise
    except _ERRORS as exc:
        return _unverified(model, cls, names, exc)
    fams = _families(it, inst, names)
    if not fams:
        return _unverified(model, cls, names, Unverifiable("the lists it builds hold no arrays", cls.lineno))
    # the parameters get fresh seeded values: a constructor's zeros would hide a wrong bias gradient
    for lst in fams.values():
        for i, x in enumerate(lst):
            lst[i] = it.rng.standard_normal(x.shape) * 0.5
    methods = _methods(cls)
    forwards = _ordered(methods, _FORWARD_NAMES, 1)
    # a backward is named as one, or is what an update of the lists calls with two arguments: any other
    # method returning lists shaped like the parameters (a getter) must never be taken for a gradient
    called = {c.func.attr for fn in _updates(cls, names) for c in ast.walk(fn) if isinstance(c, ast.Call)
              and isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name)
              and c.func.value.id == "self" and len(c.args) == 2}
    backwards = [m for m in _ordered(methods, _BACKWARD_NAMES, 2) if m.name.lower() in _BACKWARD_NAMES
                 or m.name in called or any(w in m.name.lower() for w in ("grad", "backprop", "backward"))]
    note = f"class {cls.name} built with {built} (chosen by verify)"
    n_in, n_out = SIZES[0], SIZES[-1]
    # the input: one sample as a column (the book's), a flat vector or a row; then a batch of _BATCH
    # samples as rows or as columns. The first layout the forward takes and a backward of (x, y) answers
    # with lists shaped like the parameters is the one checked
    grads = None
    origins: dict[str, int] = {}
    first: Exception | None = None
    tried_forward = False
    for shape in ((n_in, 1), (n_in,), (1, n_in), (_BATCH, n_in), (n_in, _BATCH)):
        samples = _BATCH if _BATCH in shape else 1
        x = it.rng.standard_normal(shape)
        a = fwd = None
        for cand in forwards:
            saved = _snapshot(inst)
            try:
                out = it.run_function(cand, [inst, x], {})
            except OutOfTime:
                raise
            except _ERRORS as exc:
                first = first if first is not None or tried_forward else exc
                continue
            finally:
                inst.attrs = saved
            if isinstance(out, np.ndarray) and out.dtype.kind == "f" and out.size == n_out * samples:
                a, fwd = out, cand
                break
        if fwd is None:
            continue
        if not tried_forward:
            first = None  # a forward works: what the backward says matters more than the other layouts
        tried_forward = True
        y = _target(it, a, samples)
        named_failed = False
        for bwd in backwards:
            saved = _snapshot(inst)
            it.set_lines.clear()
            it.origins.clear()
            try:
                got = it.run_function(bwd, [inst, x, y], {})
            except OutOfTime:
                raise
            except _ERRORS as exc:
                if first is None or bwd.name.lower() in _BACKWARD_NAMES and not named_failed and samples == 1:
                    first = exc
                named_failed = named_failed or bwd.name.lower() in _BACKWARD_NAMES
                continue
            finally:
                inst.attrs = saved
            fams = _families(it, inst, names)
            matched = _match(np, got, fams, bwd)
            if matched:
                # where each element's array was first named (`delta = ...` before `nabla_b[-l] = delta`)
                origins = {f"self.{f}[{k}]": it.origins[id(g)][1] for f, (lst, _) in matched.items()
                           for k, g in enumerate(lst) if id(g) in it.origins}
                grads = (bwd, matched, dict(it.set_lines))
                break
        if grads is not None:
            break
    if not tried_forward:
        return _unverified(model, cls, names, first or Unverifiable("no forward method was found", cls.lineno), note)
    if grads is None:
        why = first or Unverifiable("no method of (x, y) returns gradients shaped like the parameter lists",
                                    cls.lineno)
        return _unverified(model, cls, names, why, note)
    assert fwd is not None and a is not None
    fams = _families(it, inst, names)
    what = "one drawn sample" if samples == 1 else f"a drawn batch of {samples} samples"
    note += f"; {what}: x of shape {x.shape}, target y of shape {y.shape}"
    bwd, matched, lines = grads
    update, decay = _update_readings(it, cls, inst, names, fams, matched, x, y)
    fams = _families(it, inst, names)

    def family_rows(loss: Callable[[Any, Any], Any], extra: str | None = None) -> list[ParamCheck]:
        def objective() -> float:
            saved_steps = it.steps
            try:
                # (a candidate loss outside its domain, the log of a tanh output, is a NaN the check reads as
                # no fit, not a warning for the user)
                with np.errstate(all="ignore"):
                    return float(np.sum(loss(it.run_function(fwd, [inst, x], {}), y)))
            finally:
                it.steps = saved_steps

        rows: list[ParamCheck] = []
        for fam in [n for n in names if n in fams]:
            g_list, ret_line = matched[fam]
            try:
                refs, masks = [], []
                for k in range(len(fams[fam])):
                    r, m = _reference(np, it, fams[fam], k, objective)
                    refs.append(r)
                    masks.append(m)
                rows.extend(_rows(np, fam, g_list, refs, masks, lines, ret_line, update.get(fam), decay.get(fam),
                                  extra))
            except OutOfTime:
                raise
            except _ERRORS as exc:
                why = describe(exc, model.lines) if isinstance(exc, Unverifiable) else describe(
                    Unverifiable(f"the loss could not be evaluated ({type(exc).__name__})", getattr(exc, "line", None)),
                    model.lines)
                rows.extend(ParamCheck(f"self.{fam}[{k}]", ret_line, "not verified", reason=why)
                            for k in range(len(fams[fam])))
        return _blame(rows, origins)

    def mismatched(rows: list[ParamCheck]) -> bool:
        return any(r.verdict == "mismatch" for r in rows)

    loss, loss_note = _loss_fn(model, it, inst, cls)
    if loss is not None:
        rows = family_rows(loss)
        fallback = _ce_fallback(model, it) if loss_note == "" else None
        if fallback is not None and mismatched(rows):
            # the other reading of `a - y`: taken where it explains what the first did not (a gradient of
            # the wrong shape is wrong under either)
            ce_rows = family_rows(*fallback)
            if sum(r.verdict == "mismatch" for r in ce_rows) < sum(r.verdict == "mismatch" for r in rows):
                rows = ce_rows
    elif loss_note != "no output error found":
        return _unverified(model, cls, names, Unverifiable(loss_note, cls.lineno), note)
    else:
        # no loss written and no output error the scan's model reads: the standard losses in turn. Any
        # loss of the output gives every layer's gradient from the output layer's by the chain rule, so
        # the loss whose gradient the output layer fits is the one the other layers must fit too
        rows = []
        loss_note = ""
        outputs = {f"self.{f}[{_output_index(fams[f])}]" for f in fams}
        for cand, text in _candidate_losses(np, a):
            rows = family_rows(cand)
            if all(r.verdict in ("ok", "ascent") or _misshapen(r) for r in rows if r.param in outputs) and \
                    not all(_misshapen(r) for r in rows if r.param in outputs):
                note += f"; the file writes no loss: checked as {text}, the loss whose gradient its output layer fits"
                break
        else:
            why = Unverifiable("the file writes no loss, and the output layer's gradient fits none of the squared "
                               "error and the cross-entropies", cls.lineno)
            return _unverified(model, cls, names, why, note)
    if loss_note:
        note += f"; {loss_note}"
    return ListNetCheck(cls.name, [f"self.{f}" for f in names], rows, note, _span(cls))


def _blame(rows: list[ParamCheck], origins: dict[str, int]) -> list[ParamCheck]:
    """The line a layer's wrong gradient first departs at: the earliest statement that named the array
    of a wrong element of that layer or of one nearer the output, whose error the backward pass carries
    down (the `delta = ...` a bias gradient is, which the weight gradient of the same layer is made
    from); else the element's own statement."""
    def index(r: ParamCheck) -> int:
        return int(r.param.rsplit("[", 1)[1].split("]", 1)[0])

    def plain(r: ParamCheck) -> bool:
        return r.verdict == "mismatch" and r.rel_error is not None and r.culprit_line == r.line

    wrong = [(index(r), min(origins.get(r.param, r.line or 0), r.line or 0)) for r in rows if plain(r)]
    out = []
    for r in rows:
        lines = [line for k, line in wrong if k >= index(r) and line]
        out.append(replace(r, culprit_line=min(lines)) if plain(r) and lines else r)
    return out


def _misshapen(row: ParamCheck) -> bool:
    """A mismatch by shape alone: wrong whatever the loss."""
    return row.verdict == "mismatch" and row.rel_error is None and (row.reason or "").startswith("its shape")


def _output_index(arrays: list[Any]) -> int:
    """The element of a parameter list that belongs to the output layer: the one sized by the last of
    SIZES (all sizes differ), else the last."""
    hits = [k for k, x in enumerate(arrays) if SIZES[-1] in x.shape]
    return hits[0] if len(hits) == 1 else len(arrays) - 1


def _candidate_losses(np: Any, a: Any) -> list[tuple[Callable[[Any, Any], Any], str]]:
    out: list[tuple[Callable[[Any, Any], Any], str]] = [
        (lambda o, y: 0.5 * np.sum((o - y) ** 2), "the squared error 0.5 * sum((a - y)**2)")]
    if np.all(a > 0) and np.all(a < 1):
        out.append((lambda o, y: -np.sum(y * np.log(o) + (1 - y) * np.log(1 - o)), "binary cross-entropy"))
        if abs(float(np.sum(a)) - 1.0) < 1e-9:
            out.append((lambda o, y: -np.sum(y * np.log(o)), "cross-entropy"))
    return out


def _span(cls: ast.ClassDef) -> tuple[int, int]:
    return cls.lineno, getattr(cls, "end_lineno", None) or cls.lineno


def _target(it: Interp, a: Any, samples: int) -> Any:
    """A target shaped like the output: one-hot along the class axis (a probability for one output)."""
    np = it.np
    if a.size == samples:
        return it.rng.uniform(0.05, 0.95, a.shape)
    y = np.zeros_like(a)
    if samples == 1:
        y.reshape(-1)[int(it.rng.integers(0, a.size))] = 1.0
        return y
    if a.ndim != 2:
        return it.rng.standard_normal(a.shape)
    rows = a.shape[0] == samples  # samples down the rows, classes across; else one sample a column
    for i in range(samples):
        k = int(it.rng.integers(0, a.size // samples))
        if rows:
            y[i, k] = 1.0
        else:
            y[k, i] = 1.0
    return y


def _match(np: Any, got: Any, fams: dict[str, list[Any]], bwd: ast.FunctionDef) -> dict[str, tuple[list, int]]:
    """The returned lists matched to the parameter lists by their shapes (by name when shapes tie)."""
    if not isinstance(got, (tuple, list)) or not got or not all(isinstance(g, list) for g in got):
        return {}
    ret_line = next((n.lineno for n in ast.walk(bwd) if isinstance(n, ast.Return)), bwd.lineno)
    out: dict[str, tuple[list, int]] = {}
    for fam, params in fams.items():
        scored = []
        for g in got:
            if len(g) != len(params) or not all(isinstance(a, np.ndarray) for a in g):
                continue
            scored.append((sum(np.shape(a) == p.shape for a, p in zip(g, params)),
                           sum(np.size(a) == p.size for a, p in zip(g, params)), id(g), g))
        scored.sort(key=lambda t: t[:2], reverse=True)
        if not scored or scored[0][1] == 0 or len(scored) > 1 and scored[0][:2] == scored[1][:2]:
            continue
        out[fam] = (scored[0][3], ret_line)
    if len({id(g) for g, _ in out.values()}) != len(out):
        return {}
    # a list no element of which has its parameter's size: matched by elimination (the one returned list
    # of that length left), but only when another list fits its parameters exactly, which shows the
    # layout is the one the code expects; its elements are then reported as of the wrong shape
    exact = any(all(np.size(a) == p.size for a, p in zip(out[f][0], fams[f])) for f in out)
    missing = [f for f in fams if f not in out]
    if missing and exact:
        for fam in missing:
            left = [g for g in got if len(g) == len(fams[fam]) and all(isinstance(a, np.ndarray) for a in g)
                    and all(g is not o for o, _ in out.values())]
            if len(left) == 1:
                out[fam] = (left[0], ret_line)
    return out if len(out) == len(fams) else {}


def _reference(np: Any, it: Interp, params: list[Any], k: int, objective: Callable[[], float]) -> tuple[Any, Any]:
    """Central differences of `objective` in the elements of list entry `k` (see `central_differences`)."""
    base = params[k]

    def install(a: Any) -> None:
        params[k] = a

    grad, mask, _ = central_differences(np, it.rng, base, install, objective)
    params[k] = base
    return grad, mask


def _fit(np: Any, g: Any, r: Any) -> tuple[float, float] | None:
    """(scale, relative error) of g against r: g ~ scale * r; None when r is zero."""
    rr = float(np.sum(r * r))
    if rr == 0.0:
        return None
    s = float(np.sum(g * r)) / rr
    return s, float(np.linalg.norm(g - s * r) / max(float(np.linalg.norm(g)), 1e-300))


def _rows(np: Any, fam: str, g_list: list[Any], refs: list[Any], masks: list[Any], lines: dict, ret_line: int,
          update: tuple[str, int] | None, decay: tuple[str, str, int] | None,
          extra: str | None = None) -> list[ParamCheck]:
    """One row per element. The scale is the family's: one update applies one learning rate to every
    element, so each element's gradient must fit the reference with the scale of the element nearest
    the loss that fits (the last); an element whose gradient fits only with another scale or sign is
    a mismatch."""
    # a gradient of the parameter's size in another shape ((n,) for a (1, n) bias) is applied by
    # broadcasting just as well: compared element by element
    gs = [np.asarray(g, dtype=float) for g in g_list]
    gs = [g.reshape(r.shape) if g.shape != r.shape and g.size == r.size else g for g, r in zip(gs, refs)]
    fits = [g.shape == r.shape for g, r in zip(gs, refs)]
    own = [_fit(np, g[m], r[m]) if ok and m.any() else None for g, r, m, ok in zip(gs, refs, masks, fits)]
    last = _output_index(refs)
    order = [last] + [k for k in reversed(range(len(own))) if k != last]
    anchor = next((own[k][0] for k in order if own[k] is not None and own[k][1] < TOLERANCE), None)
    out: list[ParamCheck] = []
    for k, (g, r, m, f) in enumerate(zip(gs, refs, masks, own)):
        name = f"self.{fam}[{k}]"
        line = lines.get((id(g_list), k), ret_line)
        upd = update[0] if update else None
        if not fits[k]:
            # the other elements have their parameter's shape (the lists were matched by it): this one
            # is a gradient of another array
            out.append(ParamCheck(name, line, "mismatch", None, None, upd, culprit_line=line,
                                  reason=f"its shape {g.shape} differs from the parameter's {r.shape}"))
            continue
        if f is None:
            out.append(ParamCheck(name, line, "not verified", update=upd,
                                  reason="the reference gradient is zero at the sampled point (or below what "
                                         "finite differences resolve)"))
            continue
        s = anchor if anchor is not None else f[0]
        gm, rm = g[m], r[m]
        rel = float(np.linalg.norm(gm - s * rm) / max(float(np.linalg.norm(gm)), 1e-300))
        sign = "gradient" if s > 0 else "negative gradient"
        if rel >= TOLERANCE:
            why = None
            if f[1] < TOLERANCE and anchor is not None:
                why = ("its sign disagrees with the output layer's" if f[0] * anchor < 0 else
                       f"it fits the reference only with another scale ({f[0] / anchor:.3g} times the output layer's)")
            out.append(ParamCheck(name, line, "mismatch", rel, "gradient" if f[0] > 0 else "negative gradient", upd,
                                  reason=why, culprit_line=line))
            continue
        if upd in ("descent", "ascent") and s < 0:
            upd = "ascent" if upd == "descent" else "descent"  # the update believed it held the gradient
        if decay is not None and decay[0] == "grows":
            out.append(ParamCheck(name, line, "mismatch", rel, sign, upd, reason=decay[1], culprit_line=decay[2]))
            continue
        notes = [x for x in (extra, decay[1] if decay else None) if x]
        if upd == "ascent":
            why = "the gradient matches, but the update climbs the loss (ascent)"
            out.append(ParamCheck(name, line, "ascent", rel, sign, upd, reason="; ".join([why, *notes])))
        else:
            out.append(ParamCheck(name, line, "ok", rel, sign, upd, reason="; ".join(notes) or None))
    return out


def _loss_fn(model: Any, it: Interp, inst: _Inst, cls: ast.ClassDef) -> tuple[Any, str]:
    """The loss of one sample as a function of (output, target), and a note when it is the file's own."""
    np = it.np
    for attr, v in inst.attrs.items():
        if isinstance(v, (_Class, _Inst)):
            node = v.node if isinstance(v, _Class) else v.cls.node
            fn = _methods(node).get("fn")
            if fn is not None:
                owner = v

                def cost(a: Any, y: Any, fn: ast.FunctionDef = fn, owner: Any = owner) -> Any:
                    args = [a, y] if _is_static(fn) else [owner, a, y]
                    return it.run_function(fn, args, {})

                return cost, f"the loss is {node.name}.fn (self.{attr})"
    errors = [e for e in model.events if e.kind == "error" and e.info.get("value") is not None]
    if not errors:
        return None, "no output error found"
    err = max(errors, key=lambda e: e.t)
    if err.info.get("cancel") or err.info.get("onehot"):
        act = err.unit.act() if err.unit is not None else None
        if act == "sigmoid":
            return (lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a))), \
                "the loss is the cross-entropy the output error implies"
        if act == "softmax":
            return (lambda a, y: -np.sum(y * np.log(a))), "the loss is the cross-entropy the output error implies"
        return None, "the output error cancels a derivative the check cannot name"
    return (lambda a, y: 0.5 * np.sum((a - y) ** 2)), ""


def _ce_fallback(model: Any, it: Interp) -> tuple[Any, str] | None:
    """A sigmoid output whose loss the file never writes, with an error `a - y` and no derivative after
    it: exact for binary cross-entropy (the scan's model says when)."""
    from bpscan.verify.network import _unstated_sigmoid_loss

    np = it.np
    errors = [e for e in model.events if e.kind == "error" and e.info.get("value") is not None]
    if not errors or not _unstated_sigmoid_loss(max(errors, key=lambda e: e.t)):
        return None
    return (lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a))), \
        "the loss is not written out: checked as binary cross-entropy, for which a - y is exact"


def _update_readings(it: Interp, cls: ast.ClassDef, inst: _Inst, names: list[str], fams: dict[str, list[Any]],
                     matched: dict[str, tuple[list, int]], x: Any, y: Any
                     ) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, str, int]]]:
    """Per parameter list: the direction its update steps (against the hand-written gradient: descent),
    measured by running the update method on a batch of the one sample; and a weight decay it adds."""
    np = it.np
    directions: dict[str, tuple[str, int]] = {}
    decays: dict[str, tuple[str, str, int]] = {}
    for fn in _updates(cls, list(fams)):
        plan = _update_args(fn)
        if plan is None:
            continue

        def step(reg: float, fn: ast.FunctionDef = fn, plan: dict[str, str] = plan) -> dict[str, list[Any]] | None:
            saved = _snapshot(inst)
            before = {f: [p.copy() for p in ps] for f, ps in _families(it, inst, list(fams)).items()}
            values = {"batch": [(x, y)], "x": x, "y": y, "reg": reg, "count": 10, "rate": 0.5, "once": 1}
            try:
                it.run_function(fn, [inst], {name: values[kind] for name, kind in plan.items()})
                after = _families(it, inst, list(fams))
                return {f: [a - b for a, b in zip(after[f], before[f])] for f in after
                        if len(after[f]) == len(before[f]) and all(a.shape == b.shape for a, b in zip(after[f], before[f]))}
            except OutOfTime:
                raise
            except _ERRORS:
                return None
            finally:
                inst.attrs = saved

        plain = step(0.0)
        if plain is None:
            continue
        for f, deltas in plain.items():
            if f not in matched or f in directions:
                continue
            g = np.concatenate([np.asarray(a, dtype=float).reshape(-1) for a in matched[f][0]])
            d = np.concatenate([a.reshape(-1) for a in deltas])
            if not d.any() or d.shape != g.shape:
                continue  # a gradient of another shape: its rows say so, the step cannot be read against it
            fit = _fit(np, d, g)
            if fit is None:
                continue
            s, rel = fit
            directions[f] = ("descent" if s < 0 else "ascent", fn.lineno) if rel < 1e-6 else ("unknown", fn.lineno)
        if "reg" in plan.values():
            reg = step(0.1)
            if reg is None:
                continue
            for f in reg:
                if f not in plain or f in decays:
                    continue
                d = np.concatenate([(a - b).reshape(-1) for a, b in zip(reg[f], plain[f])])
                if not np.any(np.abs(d) > 1e-12):
                    continue
                w = np.concatenate([p.reshape(-1) for p in _families(it, inst, [f]).get(f, [])] or [np.zeros(0)])
                fit = _fit(np, d, w)
                line = _assign_line(fn, f)
                if fit is not None and fit[1] < 1e-6 and fit[0] < 0:
                    decays[f] = ("decay", f"the update also decays self.{f} (L2 weight decay, line {line}); "
                                          "the decay is not part of the loss checked", line)
                elif fit is not None and fit[1] < 1e-6:
                    decays[f] = ("grows", f"the weight decay of the update (line {line}) grows self.{f} instead "
                                          "of shrinking it: it climbs any L2 penalty", line)
                else:
                    decays[f] = ("other", f"the update (line {line}) adds a term with its regularisation "
                                          "that the check does not model", line)
    return directions, decays


def _assign_line(fn: ast.FunctionDef, fam: str) -> int:
    """The line of the update method that sets `self.<fam>` (the method's own line when none is found)."""
    for node in ast.walk(fn):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
            if isinstance(node, ast.AugAssign) else []
        for t in targets:
            base = t.value if isinstance(t, ast.Subscript) else t
            if isinstance(base, ast.Attribute) and base.attr == fam:
                return node.lineno
    return fn.lineno


def _update_args(fn: ast.FunctionDef) -> dict[str, str] | None:
    """What each argument of an update method gets, by name: the batch (a list of (x, y)), x, y, a weight
    decay (0, then a small one), a training-set size, one epoch, or a learning rate; optional arguments
    of none of these kinds keep their defaults. None when a required one is not known."""
    plan: dict[str, str] = {}
    loops = {n.iter.id for n in ast.walk(fn) if isinstance(n, (ast.For, ast.comprehension))
             and isinstance(n.iter, ast.Name)}
    lens = {c.args[0].id for c in ast.walk(fn) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
            and c.func.id == "len" and c.args and isinstance(c.args[0], ast.Name)}
    params = [p.arg for p in fn.args.args[1:]]
    defaults = len(fn.args.defaults)
    for i, p in enumerate(params):
        optional = i >= len(params) - defaults
        kinds = list(plan.values())
        if p in loops:
            plan[p] = "batch"
        elif p in _X_NAMES and "x" not in kinds:
            plan[p] = "x"
        elif p in _Y_NAMES and "y" not in kinds:
            plan[p] = "y"
        elif p.lower() in _REG_NAMES:
            plan[p] = "reg"
        elif p in _COUNT_NAMES:
            plan[p] = "count"
        elif p in lens:
            plan[p] = "batch"
        elif p.lower() in _EPOCH_NAMES:
            plan[p] = "once"  # one pass: the step measured is the first
        elif not optional:
            plan[p] = "rate"
    kinds = list(plan.values())
    if kinds.count("batch") > 1 or kinds.count("rate") > 1 or not ("batch" in kinds or "x" in kinds and "y" in kinds):
        return None
    return plan
