"""The interpreter's runtime records: statements, events, scopes, frames and limits."""

from __future__ import annotations

import ast
import os
from typing import Any

from bpscan.values import Leaf, Unit, Val

_DEBUG = bool(os.environ.get("BPSCAN_DEBUG"))
_MAX_DEPS = 24
_MAX_UNROLL = 16
_MAX_CALL_DEPTH = 8
_MAX_DOUBLE_DEPTH = 4


class StmtInfo:
    """Where a statement sits: its span, its function and the loops around it."""

    __slots__ = ("node", "idx", "line", "end_line", "col", "end_col", "func", "loops", "kind", "mod")

    def __init__(self, node: ast.AST, idx: int, func: Any, loops: tuple) -> None:
        self.node = node
        self.idx = idx
        self.line = getattr(node, "lineno", 0)
        self.end_line = getattr(node, "end_lineno", None) or self.line
        self.col = getattr(node, "col_offset", 0) + 1
        self.end_col = (getattr(node, "end_col_offset", None) or 0) + 1
        self.func = func
        self.loops = loops
        self.kind = type(node).__name__
        self.mod: str | None = getattr(node, "_bp_mod", None)  # another project file, or None: this one


def layer_cycle(v: Val) -> tuple[Val, ...] | None:
    """The layer objects one pass of a loop we cannot count appended to list `v`, in order (`self.add(FCLayer(...))`
    then `self.add(ActivationLayer(...))` per size of a list handed in), or None."""
    p = v.payload
    return p[1] if v.kind == "seq" and isinstance(p, tuple) and len(p) == 2 and p[0] == "layer-cycle" else None


def walked_cycle(v: Val) -> tuple[Val, ...] | None:
    """The layer objects of `v`'s cycle when a loop over `v` is to walk them (two or more, of different classes); one
    class alone, `self.layers.append(Layer(...))` per size, is left to the summary: a loop over it runs as often as
    the reading needs, each pass the next layer's."""
    cycle = layer_cycle(v)
    return cycle if cycle is not None and len(cycle) > 1 and v.summary is not None else None


def with_cycle(v: Val, cycle: tuple[Val, ...]) -> Val:
    """`v` marked as holding the layer objects `cycle`, one pass of its loop standing for every pass."""
    v.payload = ("layer-cycle", cycle)
    return v


def place_of(mod: str | None, line: int) -> str:
    """`line 24`, or `solver.py line 24` for a line of an imported project module (`mod`, its path)."""
    return f"{os.path.basename(mod)} line {line}" if mod else f"line {line}"


class Event:
    """A formula step observed while interpreting one statement."""

    __slots__ = ("kind", "stmt", "unit", "leaf", "info", "loops", "t", "no_grad")

    def __init__(self, kind: str, stmt: StmtInfo, unit: Unit | None, leaf: Leaf | None,
                 info: dict, loops: tuple, t: int, no_grad: bool) -> None:
        self.kind = kind
        self.stmt = stmt
        self.unit = unit
        self.leaf = leaf
        self.info = info
        self.loops = loops
        self.t = t
        self.no_grad = no_grad


class Knowledge:
    """What the discovery pass learned for the main pass."""

    def __init__(self) -> None:
        self.updated: set[tuple] = set()
        self.requires_grad: set[tuple] = set()
        self.ce_sites: set[int] = set()
        self.rebound: set[tuple] = set()  # leaves later overwritten by a plain assignment: state, not parameters
        self.scalar_params: set[str] = set()  # `b = 0.0` later updated with a gradient: a scalar parameter
        self.conv_votes = {"row": 0, "column": 0}
        # how a backward pass with no forward reduces a delta for its bias: axis 1 for samples as columns
        self.bias_votes = {"row": 0, "column": 0}
        # the file's cost takes the log of a sigmoid output (cross-entropy), maybe in another function
        self.sigmoid_ce = False
        self.velocity: set[tuple] = set()  # leaves stepped and then added to a parameter (momentum)
        self.grad_written: set[tuple] = set()  # arrays the backward pass writes gradients into: buffers
        self.packed: set[tuple] = set()  # flat parameter vectors sliced into weights (theta)
        # arrays scaled in place (`run_mean.mul_(0.99).add_(0.01 * m)`): a moving average, no threshold subtracted
        self.scaled_in_place: set[tuple] = set()
        # (leaf key, index text): a part of one array stepped in place on its own (`w_[1:] += ...`, `w_[0] += ...`)
        self.stepped_parts: set[tuple] = set()
        # layers (by their weights' keys) whose output error formula 1 later multiplies by the derivative
        self.derived: set[tuple] = set()
        # arrays made by an initialiser on which the code keeps a gradient (`w.g = inp.t() @ out.g`): trained,
        # even where nothing in the file steps them (a gradient checked against autograd)
        self.grad_kept: set[tuple] = set()


class _Return(Exception):
    pass


class _Break(Exception):
    pass


class Scope:
    __slots__ = ("vars", "parent", "globals_decl", "func")

    def __init__(self, parent: "Scope | None", func: Any = None) -> None:
        self.vars: dict[str, Val] = {}
        self.parent = parent
        self.globals_decl: set[str] = set()
        self.func = func


class Frame:
    __slots__ = ("returns", "func", "start", "self_val", "yields", "loops", "inexact")

    def __init__(self, func: Any, start: int = 0, self_val: "Val | None" = None) -> None:
        self.returns: list[Val] = []
        self.func = func
        self.start = start  # the interpreter's clock when the call began
        self.self_val = self_val  # the instance a method runs on: what `super()` is a view of
        # a generator function's yielded values, in order; None for a plain function
        self.yields: list[Val] | None = None
        self.loops = (0, 0)  # (loops entered, loops unrolled) when the call began
        self.inexact = False  # a value was yielded in a loop not unrolled: the yields stand for any number


def is_generator(node: Any) -> bool:
    """A def whose own body yields (not a nested def's or lambda's): calling it makes a generator."""
    hit = getattr(node, "_bp_gen", None)
    if hit is None:
        hit = False
        todo = list(getattr(node, "body", []))
        while todo:
            n = todo.pop()
            if isinstance(n, (ast.Yield, ast.YieldFrom)):
                hit = True
                break
            if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                todo.extend(ast.iter_child_nodes(n))
        node._bp_gen = hit
    return hit


_BUILTINS = {
    "range", "len", "zip", "enumerate", "reversed", "list", "tuple", "dict", "float", "int",
    "abs", "sum", "max", "min", "print", "isinstance", "sorted", "map", "round", "str", "set",
    "iter", "next", "open", "super", "getattr", "setattr", "hasattr", "type", "bool", "any",
    "all", "divmod", "pow", "repr", "format", "input", "raw_input", "xrange", "filter", "id",
    "exec", "eval", "compile", "__import__", "object", "Exception", "ValueError", "KeyError",
    "TypeError", "ImportError", "RuntimeError", "StopIteration", "NotImplementedError",
    "property", "staticmethod", "classmethod", "vars", "globals", "locals", "callable",
    "hash", "ord", "chr", "bytes", "frozenset", "slice", "complex", "True", "False", "None",
    "NotImplemented", "Ellipsis", "__name__", "__file__", "unicode", "long", "reduce",
    "AssertionError", "IndexError", "OSError", "IOError", "ZeroDivisionError", "SystemExit",
    "KeyboardInterrupt", "ArithmeticError", "FloatingPointError", "OverflowError", "memoryview",
    "bytearray", "issubclass", "delattr", "dir", "help", "quit", "exit", "breakpoint", "ascii",
    "bin", "hex", "oct", "display", "get_ipython",
}


def method_scope(cls: Any, node: Any) -> Scope:
    """The module scope a method of `cls` runs in: that of the class defining it, which for an inherited method
    may be another file's."""
    return cls.payload.get("scopes", {}).get(id(node), cls.payload["scope"])
