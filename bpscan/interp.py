"""Abstract interpreter: runs a parsed script over abstract values (never the real code)."""

from __future__ import annotations

import ast
import os
from typing import Any, Iterable

from bpscan.rules.vocabulary import ARRAY_MODULES, FUNCTIONS, METHODS
from bpscan.values import GRAD, NEG_GRAD, UNKNOWN_SIGN, Adj, Deriv, LayerRec, Leaf, Unit, Val

_DEBUG = bool(os.environ.get("BPSCAN_DEBUG"))
_MAX_DEPS = 24
_MAX_UNROLL = 16
_MAX_CALL_DEPTH = 8
_MAX_DOUBLE_DEPTH = 3


class StmtInfo:
    """Where a statement sits: its span, its function and the loops around it."""

    __slots__ = ("node", "idx", "line", "end_line", "col", "end_col", "func", "loops", "kind")

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
    __slots__ = ("returns", "func")

    def __init__(self, func: Any) -> None:
        self.returns: list[Val] = []
        self.func = func


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


def _flatten_target_names(t: ast.AST) -> Iterable[str]:
    if isinstance(t, ast.Name):
        yield t.id
    elif isinstance(t, (ast.Tuple, ast.List)):
        for e in t.elts:
            yield from _flatten_target_names(e)
    elif isinstance(t, ast.Starred):
        yield from _flatten_target_names(t.value)


def bound_names(tree: ast.AST) -> set[str]:
    """Every name bound anywhere in the module (to tell 'never defined' from 'defined later')."""
    return scan_module(tree)[0]


def scan_module(tree: ast.AST) -> tuple[set[str], int]:
    """One walk over the tree: the names it binds and how many nodes it has."""
    names: set[str] = set()
    count = 0
    for node in ast.walk(tree):
        count += 1
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
    return names, count


def target_text(t: ast.AST) -> str:
    try:
        return ast.unparse(t)
    except Exception:  # pragma: no cover - unparse handles every expression node
        return "?"


class Interp:
    """Interprets a module twice: a discovery pass, then the pass that records events."""

    def __init__(self, tree: ast.Module, know: Knowledge | None, n_stmts: int,
                 bound: set[str] | None = None) -> None:
        self.tree = tree
        self.discovery = know is None
        self.know = know or Knowledge()
        self.bound = bound if bound is not None else bound_names(tree)
        self.stmts: dict[int, StmtInfo] = {}
        self.cur: StmtInfo | None = None
        self.events: list[Event] = []
        self.edges: set[tuple[int, int]] = set()
        self.units: list[Unit] = []
        self.layers: dict[tuple, LayerRec] = {}
        self.leaves: dict[tuple, Leaf] = {}
        self.quiet = 0
        self.loop_stack: list[int] = []
        self.static_loops: list[int] = []
        self.call_stack: list[Any] = []
        self.call_sites: list[StmtInfo | None] = []
        self.frames: list[Frame] = []
        self.no_grad = 0
        self.t = 0
        self.budget = 60 * n_stmts + 4000
        self.steps = 0
        self.double_depth = 0
        self.called: set[int] = set()
        self.standalone_self: dict[int, Val] = {}
        self.func_stack: list[Any] = []
        self.escapes: set[int] = set()
        self.zeroed: list[Event] = []
        self.notes: list[str] = []
        self.autograd = False
        self.standalone = 0
        self._instances: dict[tuple, list[int]] = {}
        self._site_cls: dict[tuple, Val] = {}
        self._site_line: dict[tuple, tuple[int, int]] = {}
        # statement clock of each parameter's last update and last forward use (BP306)
        self._last_update: dict[Leaf, int] = {}
        self._forward_use: dict[Leaf, int] = {}

    # ------------------------------------------------------------------ values
    def new(self, op: str, args: tuple = (), kind: str = "arr") -> Val:
        v = Val(op, args, kind, self.cur)
        deps: frozenset = frozenset()
        ug = False
        for a in args:
            if isinstance(a, Val):
                if a.deps:
                    deps = deps | a.deps if len(deps) < _MAX_DEPS else deps
                ug = ug or a.uses_grad
        v.deps = deps
        v.uses_grad = ug
        return v

    def const(self, value: Any) -> Val:
        kind = "num"
        if isinstance(value, str):
            kind = "str"
        elif value is None:
            kind = "none"
        v = Val("const", (), kind, self.cur)
        v.num = value
        return v

    def unknown(self, *args: Val, kind: str = "arr") -> Val:
        v = self.new("unknown", tuple(a for a in args if isinstance(a, Val)), kind)
        if any(isinstance(a, Val) and a.adj is not None for a in args):
            v.adj = Adj(UNKNOWN_SIGN, "?")  # still a gradient, though we cannot tell which
        return v

    def make_leaf(self, key: tuple, name: str, size: int | None = None, src: Val | None = None) -> Val:
        leaf = self.leaves.get(key)
        if leaf is None:
            leaf = Leaf(key, name, self.cur.line if self.cur else 0, size)
            self.leaves[key] = leaf
            if key in self.know.requires_grad:
                leaf.requires_grad = True
        if src is not None and src.rg:
            leaf.requires_grad = True
            self.know.requires_grad.add(key)
        if src is not None and leaf.src is None:
            leaf.src = src
        v = Val("leaf", (), "arr", self.cur)
        v.leaf = leaf
        v.deps = frozenset((leaf,))
        return v

    def is_param(self, leaf: Leaf | None) -> bool:
        if leaf is None:
            return False
        return leaf.requires_grad or leaf.role is not None

    def read(self, v: Val) -> Val:
        if not self.discovery and self.cur is not None:
            self._flow(v, 3)
        return v

    def _flow(self, v: Val, depth: int) -> None:
        """Record data flow from where `v` (and what a container or a join holds) was made."""
        if v.leaf is not None and depth == 3:
            v.leaf.reads.add(self.cur.idx)
        if v.stmt is not None and v.stmt is not self.cur:
            self.edges.add((v.stmt.idx, self.cur.idx))
        if depth <= 0:
            return
        if v.op == "join":
            for a in v.args:
                self._flow(a, depth - 1)
        elif v.kind == "seq":
            for e in (v.elems or [])[:_MAX_UNROLL]:
                self._flow(e, depth - 1)
            if v.summary is not None:
                self._flow(v.summary, depth - 1)
        elif v.kind == "dict" and v.elems is not None:
            for e in list(v.elems.values())[:_MAX_UNROLL]:
                self._flow(e, depth - 1)
            if v.summary is not None:
                self._flow(v.summary, depth - 1)

    def emit(self, kind: str, unit: Unit | None = None, leaf: Leaf | None = None, **info: Any) -> None:
        if self.discovery or self.quiet or self.cur is None:
            return
        self.events.append(Event(kind, self.cur, unit, leaf, info, tuple(self.loop_stack), self.t,
                                 self.no_grad > 0))

    # ------------------------------------------------------------------ joins
    def join(self, a: Val, b: Val) -> Val:
        if a is b:
            return a
        if a.kind in ("none", "unknown") and b.kind != "none":
            return b
        if b.kind in ("none",):
            return a
        if a.op == "unknown" and not a.adj and not a.deps:
            return b
        if b.op == "unknown" and not b.adj and not b.deps:
            return a
        if a.kind in ("seq", "dict", "inst", "func", "cls", "mod", "method") and a.kind == b.kind:
            return b
        v = self.new("join", (a, b), a.kind if a.kind == b.kind else "arr")
        if a.adj and b.adj:
            sign = a.adj.sign if a.adj.sign == b.adj.sign else UNKNOWN_SIGN
            v.adj = a.adj.with_sign(sign) if a.adj.same_place(b.adj) else Adj(sign, "?")
        else:
            v.adj = a.adj or b.adj
        if a.leaf is not None and a.leaf is b.leaf:
            v.leaf = a.leaf
        if a.role and b.role and a.role == b.role:
            v.role = a.role
        elif (a.role is None) != (b.role is None):
            # a layer output joined with an initial state (h_prev = zeros, hs[-1]) is still that output
            r, other = (a, b) if a.role is not None else (b, a)
            if other.adj is None and other.role is None and other.act is None:
                v.role = r.role
                v.act = r.act
        if a.num is not None and a.num == b.num:
            v.num = a.num
        if a.deriv and b.deriv and a.deriv.kind == b.deriv.kind:
            v.deriv = a.deriv
        v.uses_grad = a.uses_grad or b.uses_grad
        return v

    # ------------------------------------------------------------------ running
    def run(self) -> None:
        module_scope = Scope(None)
        main = self.const("__main__")
        module_scope.vars["__name__"] = main
        self.module_scope = module_scope
        self.exec_block(self.tree.body, module_scope)
        self.name_instances()
        # Functions and methods nobody in the file calls are analysed on their own, in order.
        self.standalone += 1
        for node, owner in self._all_functions(self.tree.body, None):
            if id(node) in self.called or self.steps > self.budget:
                continue
            self._run_standalone(node, owner, module_scope)
        self.standalone -= 1

    def _all_functions(self, body: list, owner: Any) -> Iterable[tuple[Any, Any]]:
        for st in body:
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield st, owner
            elif isinstance(st, ast.ClassDef):
                yield from self._all_functions(st.body, st)
            elif isinstance(st, (ast.If, ast.Try, ast.With)):
                yield from self._all_functions(getattr(st, "body", []), owner)
                yield from self._all_functions(getattr(st, "orelse", []), owner)

    def _run_standalone(self, node: Any, owner: Any, module_scope: Scope) -> None:
        fval = None
        if owner is None:
            fval = module_scope.vars.get(node.name)
        args: list[Val] = []
        self_val = None
        if owner is not None:
            cls = module_scope.vars.get(owner.name)
            if cls is None or cls.kind != "cls":
                return
            self_val = self.standalone_self.get(id(owner))
            if self_val is None:
                self_val = self.instantiate(cls, [], {}, standalone=True)
                self.standalone_self[id(owner)] = self_val
        if fval is None or fval.kind != "func":
            fval = Val("func", (), "func")
            fval.payload = (node, module_scope, None)
        params = node.args.posonlyargs + node.args.args
        if self_val is not None and params and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list
        ):
            args.append(self_val)
            params = params[1:]
        saved = self.cur
        self.cur = self.stmt_info(node)
        for p in params:
            args.append(self.make_leaf((id(node), p.arg), p.arg))
        self.cur = saved
        self.call_function(fval, args, {}, standalone=True)

    def stmt_info(self, node: ast.AST) -> StmtInfo:
        info = self.stmts.get(id(node))
        if info is None:
            info = StmtInfo(node, len(self.stmts), self.func_stack[-1] if self.func_stack else None,
                            tuple(self.static_loops))
            self.stmts[id(node)] = info
        return info

    def exec_block(self, body: list, scope: Scope) -> None:
        for st in body:
            self.exec_stmt(st, scope)

    def exec_stmt(self, st: ast.stmt, scope: Scope) -> None:
        self.steps += 1
        self.t += 1
        saved = self.cur
        self.cur = self.stmt_info(st)
        n_events = len(self.events)
        self._last_value = None
        try:
            self._exec(st, scope)
            self._errors_to_loss(n_events)
        except _Return:
            self._errors_to_loss(n_events)
            raise
        except _Break:
            raise
        except RecursionError:
            self.notes.append(f"line {self.cur.line}: statement nested too deeply; skipped")
        except Exception:
            if _DEBUG:
                raise
            self.notes.append(f"line {self.cur.line}: statement not understood; skipped")
        finally:
            self.cur = saved

    def _errors_to_loss(self, start: int) -> None:
        """`L = np.square(t - oz).sum()`: an error that ends reduced to a scalar is the loss."""
        if self._last_value is None or self._last_value.adj is not None or len(self.events) <= start:
            return
        for e in self.events[start:]:
            if e.stmt is self.cur and (e.kind == "error" or (e.kind == "F1" and e.info.get("cancel"))):
                e.kind = "loss"

    _last_value: Val | None = None

    def _exec(self, st: ast.stmt, scope: Scope) -> None:
        m = getattr(self, "s_" + type(st).__name__, None)
        if m is not None:
            m(st, scope)

    # ---- simple statements
    def s_Expr(self, st: ast.Expr, scope: Scope) -> None:
        self._last_value = v = self.eval(st.value, scope)
        if v.adj is not None and v.adj.pos in ("y", "W", "b") and isinstance(st.value, ast.BinOp):
            # `dbh + dhraw` on a line of its own: a gradient computed and thrown away
            self.emit("discarded", v.adj.unit, v.adj.leaf, value=v)

    def s_Assign(self, st: ast.Assign, scope: Scope) -> None:
        value = self.eval(st.value, scope)
        self._last_value = value
        for t in st.targets:
            self.assign(t, value, scope, st.value)

    def s_AnnAssign(self, st: ast.AnnAssign, scope: Scope) -> None:
        if st.value is not None:
            self.assign(st.target, self.eval(st.value, scope), scope, st.value)

    def s_AugAssign(self, st: ast.AugAssign, scope: Scope) -> None:
        rhs = self.eval(st.value, scope)
        old = self.eval(st.target, scope)
        op = type(st.op).__name__
        if op in ("Add", "Sub"):
            sign = 1 if op == "Add" else -1
            if self.try_update_inplace(old, rhs, sign, st.target, scope):
                return
            if isinstance(st.target, ast.Subscript) and self.softmax_onehot(st, old, rhs, sign, scope):
                return
        new = self.binop(op, old, rhs)
        self._last_value = new
        if op == "Add":
            self._maybe_bias_store(rhs)
        if isinstance(st.target, ast.Name) and old.kind == "arr" and new.kind == "arr" and not old.tr \
                and not self.is_param(old.leaf) and old.role is None and \
                old.op in ("init", "unknown", "add", "sub", "join", "copy", "leaf", "setitem") and new.adj is not None:
            self._in_place(old, new)
            return
        if isinstance(st.target, ast.Subscript):
            base = self.eval(st.target.value, scope)
            if base.kind == "arr":
                merged = self.new("setitem", (base, new))
                self._copy_facets(merged, base)
                if new.adj is not None:
                    merged.adj = new.adj if base.adj is None else self.join(base, new).adj
                self.assign(st.target.value, merged, scope, None, rebind=True)
                return
        self.assign(st.target, new, scope, None, rebind=True)

    def _in_place(self, old: Val, new: Val) -> None:
        """`dW += ...` on an array changes the object itself: every alias sees the new value."""
        snap = Val(old.op, old.args, old.kind, old.stmt)
        for slot in Val.__slots__:
            setattr(snap, slot, getattr(old, slot))
        new.args = tuple(snap if a is old else a for a in new.args)
        for slot in Val.__slots__:
            setattr(old, slot, getattr(new, slot))

    def s_Return(self, st: ast.Return, scope: Scope) -> None:
        v = self.eval(st.value, scope) if st.value is not None else self.const(None)
        self._last_value = v
        if self.frames:
            self.frames[-1].returns.append(v)
            if self.standalone and len(self.frames) == 1 and v.adj is not None:
                self.escapes.add(self.cur.idx)
            raise _Return()

    def s_Delete(self, st: ast.Delete, scope: Scope) -> None:
        return

    def s_Global(self, st: ast.Global, scope: Scope) -> None:
        scope.globals_decl.update(st.names)

    def s_Nonlocal(self, st: ast.Nonlocal, scope: Scope) -> None:
        return

    def s_Break(self, st: ast.Break, scope: Scope) -> None:
        raise _Break()

    def s_Continue(self, st: ast.Continue, scope: Scope) -> None:
        raise _Break()

    def s_Import(self, st: ast.Import, scope: Scope) -> None:
        for a in st.names:
            if a.asname:
                self.bind(scope, a.asname, self.module(a.name))
            else:
                root = a.name.split(".")[0]
                self.bind(scope, root, self.module(root))

    def s_ImportFrom(self, st: ast.ImportFrom, scope: Scope) -> None:
        base = st.module or ""
        for a in st.names:
            if a.name == "*":
                continue
            self.bind(scope, a.asname or a.name, self.module(f"{base}.{a.name}" if base else a.name))

    def module(self, qual: str) -> Val:
        v = Val("mod", (), "mod", self.cur)
        v.payload = qual
        return v

    def s_FunctionDef(self, st: ast.FunctionDef, scope: Scope) -> None:
        v = Val("func", (), "func", self.cur)
        v.payload = (st, scope, None)
        v.name = st.name
        self.bind(scope, st.name, v)

    s_AsyncFunctionDef = s_FunctionDef

    def s_ClassDef(self, st: ast.ClassDef, scope: Scope) -> None:
        cls = Val("cls", (), "cls", self.cur)
        body_scope = Scope(scope)
        methods: dict[str, Any] = {}
        for item in st.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                methods[item.name] = item
            else:
                self.exec_stmt(item, body_scope)
        bases = [target_text(b) for b in st.bases]
        for b in st.bases:
            bv = self.eval(b, scope)
            if bv.kind == "cls":
                for k, m in bv.payload["methods"].items():
                    methods.setdefault(k, m)
        cls.payload = {"node": st, "methods": methods, "attrs": body_scope.vars, "scope": scope,
                       "bases": bases}
        cls.name = st.name
        self.bind(scope, st.name, cls)

    # ---- compound statements
    def s_If(self, st: ast.If, scope: Scope) -> None:
        cond = self.eval(st.test, scope)
        if cond.num is not None and cond.op == "const":
            self.exec_block(st.body if cond.num else st.orelse, scope)
            return
        self.branches([st.body, st.orelse], scope)

    def branches(self, blocks: list[list], scope: Scope) -> None:
        start = dict(scope.vars)
        results: list[dict | None] = []
        for block in blocks:
            scope.vars = dict(start)
            try:
                self.exec_block(block, scope)
                results.append(scope.vars)
            except _Return:
                results.append(None)
            except _Break:
                results.append(scope.vars)
        live = [r for r in results if r is not None]
        if not live:
            scope.vars = start
            raise _Return()
        merged = dict(live[0])
        for other in live[1:]:
            for k, v in other.items():
                if k in merged and merged[k] is not v:
                    merged[k] = self.join(merged[k], v)
                else:
                    merged.setdefault(k, v)
        scope.vars = merged

    def s_For(self, st: ast.For, scope: Scope) -> None:
        it = self.eval(st.iter, scope)
        items = self.iter_items(it)
        self.loop_stack.append(id(st))
        self.static_loops.append(id(st))
        try:
            if items is not None:
                for item in items:
                    self.assign(st.target, item, scope, None)
                    if self._loop_body(st.body, scope):
                        break
            else:
                elem = self.iter_summary(it)
                self.run_doubled(lambda: (self.assign(st.target, elem, scope, None),
                                          self._loop_body(st.body, scope)))
        finally:
            self.loop_stack.pop()
            self.static_loops.pop()
        self.exec_block(st.orelse, scope)

    s_AsyncFor = s_For

    def _loop_body(self, body: list, scope: Scope) -> bool:
        try:
            self.exec_block(body, scope)
        except _Break:
            return False
        return False

    def run_doubled(self, fn: Any) -> None:
        if self.double_depth < _MAX_DOUBLE_DEPTH and self.steps < self.budget:
            self.double_depth += 1
            self.quiet += 1
            try:
                fn()
            finally:
                self.quiet -= 1
            try:
                fn()
            finally:
                self.double_depth -= 1
        else:
            fn()

    def s_While(self, st: ast.While, scope: Scope) -> None:
        self.loop_stack.append(id(st))
        self.static_loops.append(id(st))
        try:
            self.run_doubled(lambda: (self.eval(st.test, scope), self._loop_body(st.body, scope)))
        finally:
            self.loop_stack.pop()
            self.static_loops.pop()
        self.exec_block(st.orelse, scope)

    def s_With(self, st: ast.With, scope: Scope) -> None:
        ng = 0
        for item in st.items:
            v = self.eval(item.context_expr, scope)
            text = target_text(item.context_expr)
            if "no_grad" in text or "inference_mode" in text:
                ng += 1
            if item.optional_vars is not None:
                self.assign(item.optional_vars, self.unknown(v), scope, None)
        self.no_grad += ng
        try:
            self.exec_block(st.body, scope)
        finally:
            self.no_grad -= ng

    s_AsyncWith = s_With

    def s_Try(self, st: ast.Try, scope: Scope) -> None:
        blocks = [st.body + st.orelse] + [h.body for h in st.handlers]
        self.branches(blocks, scope)
        self.exec_block(st.finalbody, scope)

    s_TryStar = s_Try

    def s_Match(self, st: Any, scope: Scope) -> None:
        self.eval(st.subject, scope)
        self.branches([c.body for c in st.cases] + [[]], scope)

    # ------------------------------------------------------------------ binding
    def lookup(self, scope: Scope, name: str) -> Val | None:
        s: Scope | None = scope
        if name in scope.globals_decl:
            s = self.module_scope
        while s is not None:
            v = s.vars.get(name)
            if v is not None:
                return v
            s = s.parent
        return None

    def bind(self, scope: Scope, name: str, v: Val) -> None:
        if name in scope.globals_decl:
            scope = self.module_scope
        scope.vars[name] = v

    def leafify(self, v: Val, key: tuple, name: str) -> Val:
        """A fresh array that depends on nothing we track becomes a leaf (data or parameter)."""
        if v.kind == "seq" and v.elems is not None:
            v.elems = [self.leafify(e, key + (i,), f"{name}[{i}]") for i, e in enumerate(v.elems)]
            if v.summary is not None:
                v.summary = self.leafify(v.summary, key + ("*",), f"{name}[*]")
            return v
        if v.kind == "dict" and v.elems is not None:
            for k in list(v.elems):
                v.elems[k] = self.leafify(v.elems[k], key + (k,), f"{name}[{k!r}]")
            if v.summary is not None:
                v.summary = self.leafify(v.summary, key + ("*",), f"{name}[*]")
            return v
        if v.kind != "arr" or v.leaf is not None or v.adj is not None or v.role is not None:
            return v
        if v.op == "copy" and v.args and isinstance(v.args[0], Val) and v.args[0].op == "leaf" \
                and len(v.deps) == 1:
            return self.make_leaf(key, name, v.args[0].leaf.size, v)
        if v.deps or v.op in ("const", "join", "cmp") or v.act is not None or v.deriv is not None:
            return v
        init = v
        while init.op in ("mul", "div", "add", "sub", "neg") and init.args:
            init = next((a for a in init.args if isinstance(a, Val) and a.op != "const"), init.args[0])
        size = init.payload if isinstance(init.payload, int) and init.op == "init" else None
        v.rg = v.rg or init.rg
        out = self.make_leaf(key, name, size, v)
        return out

    def assign(self, t: ast.AST, v: Val, scope: Scope, src: ast.AST | None, rebind: bool = False) -> None:
        if isinstance(t, ast.Name):
            old = self.lookup(scope, t.id)
            if not rebind and v.op == "const" and isinstance(v.num, (int, float)) and not isinstance(v.num, bool) \
                    and t.id in self.know.scalar_params:
                v = self.make_leaf((id(self.cur.node), t.id), t.id, 1, v)
            if self.discovery and old is not None and old.op == "const" and isinstance(old.num, (int, float)) \
                    and v.kind == "arr" and any(term is old for _, term in self.linear_terms(v, 1, 0)) \
                    and any(term.deps for _, term in self.linear_terms(v, 1, 0)):
                self.know.scalar_params.add(t.id)
            if not rebind and old is not None and self.try_update_rebind(old, v, t, scope):
                return
            if self.discovery and old is not None and old.leaf is not None and old.op == "leaf" \
                    and self.loop_stack and old is not v and old.leaf.name == t.id and self.cur.kind == "Assign":
                self.know.rebound.add(old.leaf.key)
            if not rebind:
                v = self.leafify(v, (id(self.cur.node), t.id), t.id)
                if v.op == "leaf" and v.leaf.name.endswith("]") and v.leaf.name[:-1].rsplit("[", 1)[-1].isdigit():
                    v.leaf.name = t.id  # `W1, b1 = params`: the author's name for a packed parameter
            if v.name is None and v.kind in ("arr", "num", "seq", "dict", "inst"):
                v.name = t.id
            self.bind(scope, t.id, v)
        elif isinstance(t, (ast.Tuple, ast.List)):
            parts = self.unpack(v, len(t.elts))
            for sub, part in zip(t.elts, parts):
                self.assign(sub, part, scope, None, rebind)
        elif isinstance(t, ast.Starred):
            self.assign(t.value, self.seq([], self.unknown(v)), scope, None, rebind)
        elif isinstance(t, ast.Attribute):
            obj = self.eval(t.value, scope)
            if obj.kind == "inst":
                old = obj.elems.get(t.attr)
                if not rebind and old is not None and self.try_update_rebind(old, v, t, scope):
                    return
                if not rebind:
                    v = self.leafify(v, (id(self.cur.node), target_text(t), obj.home), self.attr_name(obj, t))
                if v.name is None and v.kind == "arr":
                    v.name = target_text(t)
                obj.elems[t.attr] = v
            elif t.attr == "grad" and v.kind == "none" and obj.leaf is not None:
                self.zero_grad(obj.leaf)
            elif t.attr == "data" and obj.leaf is not None:
                self.try_update_rebind(obj, v, t, scope, data_view=True)
        elif isinstance(t, ast.Subscript):
            self.store_item(t, v, scope, rebind)

    def store_item(self, t: ast.Subscript, v: Val, scope: Scope, rebind: bool) -> None:
        base = self.eval(t.value, scope)
        idx = self.eval(t.slice, scope)
        if base.kind == "dict":
            key = idx.num if idx.op == "const" else None
            old = base.elems.get(key) if key is not None else None
            if not rebind and old is not None and self.try_update_rebind(old, v, t, scope):
                return
            if key is not None:
                label = f"{target_text(t.value)}[{key!r}]"
                if not rebind:
                    v = self.leafify(v, (id(self.cur.node), label), label)
                if v.name is None and v.kind == "arr":
                    v.name = label
                v = self._maybe_bias_store(v)
                base.elems[key] = v
            else:
                v = self._maybe_bias_store(v)
                base.summary = v if base.summary is None else self.join(base.summary, v)
            return
        if base.kind == "seq":
            v = self._maybe_bias_store(v)
            key = idx.num if idx.op == "const" and isinstance(idx.num, int) else None
            if key is not None and base.elems is not None and -len(base.elems) <= key < len(base.elems) \
                    and base.summary is None:
                old = base.elems[key]
                if not rebind and self.try_update_rebind(old, v, t, scope):
                    return
                base.elems[key] = v
            else:
                old = self.seq_any(base)
                if not rebind and old is not None and old.leaf is not None and \
                        self.try_update_rebind(old, v, t, scope):
                    return
                base.summary = v if base.summary is None else self.join(base.summary, v)
            return
        # An array written in place: d[mask] = 0, dx[i:j] = ..., W[k] = ...
        new = self.new("setitem", (base, idx, v))
        self._copy_facets(new, base)
        if new.role is None and v.role is not None and v.adj is None:
            new.role = v.role  # a forward result written into a preallocated array
        if base.adj is not None:
            relu = self.relu_mask_of(idx, v)
            if relu is not None:
                new.adj = self.f1(base, relu, new)
        elif v.adj is not None:
            new.adj = v.adj
        self.assign(t.value, new, scope, None, rebind=True)

    def _maybe_bias_store(self, v: Val) -> Val:
        """`nabla_b[-1] = delta`: a stored delta is the bias gradient (F3) for one sample."""
        if v.adj is not None and v.adj.pos == "y" and v.stmt is not self.cur:
            unit = v.adj.unit
            self.emit("F3", unit, unit.biases[0] if unit and unit.biases else None, bias=True,
                      all_axes=False, value=v, delta=v)
            out = self.view(v, v.home) if v.home else self.view(v, None)
            out.stmt = self.cur
            out.name = None
            out.adj = Adj(v.adj.sign, "b", unit)
            return out
        return v

    def _copy_facets(self, new: Val, old: Val) -> None:
        new.role = old.role
        new.act = old.act
        new.adj = old.adj
        new.tr = old.tr
        new.name = None

    def unpack(self, v: Val, n: int) -> list[Val]:
        if v.op == "attr" and v.ev and v.ev.get("attr") == "shape":
            return [self.dim(v.ev["obj"], i) for i in range(n)]
        if v.kind == "seq" and v.elems is not None and v.summary is None and len(v.elems) == n:
            return list(v.elems)
        if v.kind == "seq":
            e = self.seq_any(v) or self.unknown(v)
            return [e] * n
        out = []
        for i in range(n):
            p = self.new("part", (v,), "arr")
            p.adj = Adj(v.adj.sign, "?") if v.adj else None
            p.payload = i
            out.append(p)
        return out

    # ------------------------------------------------------------------ updates
    def param_leaf(self, v: Val) -> Leaf | None:
        if v.leaf is not None and not v.tr and self.is_param(v.leaf):
            return v.leaf
        return None

    def try_update_inplace(self, old: Val, rhs: Val, sign: int, target: ast.AST, scope: Scope,
                           method: str | None = None) -> bool:
        """`W -= lr * dW`, `p.data.sub_(...)`: an in-place change of a parameter."""
        leaf = old.leaf if old.leaf is not None and not old.tr else None
        if leaf is None:
            return False
        if self.discovery:
            if rhs.deps - {leaf}:
                self.know.updated.add(leaf.key)
            return leaf.key in self.know.updated
        if not self.is_param(leaf):
            return False
        self.record_update(leaf, [(sign, rhs)], rebind=False, target=target)
        return True

    def try_update_rebind(self, old: Val, new: Val, target: ast.AST, scope: Scope,
                          data_view: bool = False) -> bool:
        """`W = W - lr * dW`, `self.w = [w - eta*nw for ...]`: a parameter rebound to its new value."""
        if old.kind == "seq" and new.kind == "seq":
            if old.summary is None and new.summary is None and old.elems and new.elems and \
                    len(old.elems) == len(new.elems):
                done = [self.try_update_rebind(o, n, ast.Name(id="_"), scope) for o, n in zip(old.elems, new.elems)]
                if all(done):
                    new.elems = list(old.elems)  # each name keeps denoting its parameter
                    if isinstance(target, ast.Name):
                        self.bind(scope, target.id, new)
                    elif isinstance(target, ast.Attribute):
                        obj = self.eval(target.value, scope)
                        if obj.kind == "inst":
                            obj.elems[target.attr] = new
                    return True
            o = self.seq_any(old)
            n = self.seq_any(new)
            if o is None or n is None or o.leaf is None:
                return False
            if self.try_update_rebind(o, n, target, scope):
                self._keep_leaf_in_seq(new, o)
                if isinstance(target, ast.Name):
                    self.bind(scope, target.id, new)
                elif isinstance(target, ast.Attribute):
                    obj = self.eval(target.value, scope)
                    if obj.kind == "inst":
                        obj.elems[target.attr] = new
                return True
            return False
        if old.kind == "dict" and new.kind == "dict":
            o = self.dict_any(old)
            n = self.dict_any(new)
            if o is None or n is None or o.leaf is None:
                return False
            if self.try_update_rebind(o, n, target, scope):
                if isinstance(target, ast.Name):
                    self.bind(scope, target.id, old)
                return True
            return False
        leaf = old.leaf
        if leaf is None or old.tr or new.kind != "arr":
            return False
        terms = self.linear_terms(new, 1, 0)
        keep = [s for s, t in terms if t.leaf is leaf and not t.tr or self._scaled_leaf(t, leaf)]
        change = [(s, t) for s, t in terms if not (t.leaf is leaf and not t.tr) and not self._scaled_leaf(t, leaf)]
        if not keep or not change:
            return False
        if self.discovery:
            others = frozenset().union(*(t.deps for _, t in change)) - {leaf}
            if not others:
                return False
            self.know.updated.add(leaf.key)
        elif not self.is_param(leaf):
            return False
        else:
            self.record_update(leaf, change, rebind=not data_view, target=target)
        # The name keeps denoting the same parameter after the update.
        if isinstance(target, ast.Name):
            self.bind(scope, target.id, old)
        elif isinstance(target, ast.Attribute) and not data_view:
            obj = self.eval(target.value, scope)
            if obj.kind == "inst":
                obj.elems[target.attr] = old
        elif isinstance(target, ast.Subscript):
            pass
        return True

    def _keep_leaf_in_seq(self, new: Val, old_elem: Val) -> None:
        if new.summary is not None:
            new.summary = old_elem
        if new.elems:
            new.elems = [old_elem] * len(new.elems)

    def _scaled_leaf(self, t: Val, leaf: Leaf) -> bool:
        if t.op == "mul" and t.factors:
            leaves = [f for f in t.factors if f.leaf is leaf and not f.tr]
            others = [f for f in t.factors if not (f.leaf is leaf)]
            return len(leaves) == 1 and all(f.adj is None and not (f.deps - {leaf}) for f in others)
        return False

    def linear_terms(self, v: Val, sign: int, depth: int) -> list[tuple[int, Val]]:
        """Split a value into signed additive terms (through +, -, unary minus) made in this statement."""
        if depth < 8 and (v.name is None or v.stmt is self.cur):
            if v.op == "add":
                return self.linear_terms(v.args[0], sign, depth + 1) + self.linear_terms(v.args[1], sign, depth + 1)
            if v.op == "sub":
                return self.linear_terms(v.args[0], sign, depth + 1) + self.linear_terms(v.args[1], -sign, depth + 1)
            if v.op == "neg":
                return self.linear_terms(v.args[0], -sign, depth + 1)
        return [(sign, v)]

    def record_update(self, leaf: Leaf, change: list[tuple[int, Val]], rebind: bool, target: ast.AST) -> None:
        direction = 0
        known = True
        adjs: list[Adj] = []
        grad_read = False
        for s, term in change:
            if term.adj is None:
                continue
            adjs.append(term.adj)
            grad_read = grad_read or term.uses_grad
            if term.adj.sign == UNKNOWN_SIGN:
                known = False
                continue
            d = s * term.adj.sign
            if direction == 0:
                direction = d
            elif direction != d:
                known = False
        if not adjs:
            known = False
        self.emit("update", leaf.unit, leaf, direction=direction if known else 0, adjs=adjs,
                  change=change, rebind=rebind, grad_read=grad_read,
                  target=target_text(target), uses_data=isinstance(target, ast.Attribute) and target.attr == "data")
        if not self.quiet:
            leaf_t = self.t
            self._last_update[leaf] = leaf_t

    def zero_grad(self, leaf: Leaf | None) -> None:
        if self.discovery:
            return
        self.zeroed.append(Event("zero", self.cur, None, leaf, {}, tuple(self.loop_stack), self.t, False))

    def softmax_onehot(self, st: ast.AugAssign, old: Val, rhs: Val, sign: int, scope: Scope) -> bool:
        """`d = probs.copy(); d[range(N), y] -= 1`: delta of softmax + cross-entropy."""
        base = self.eval(st.target.value, scope)  # type: ignore[attr-defined]
        if sign != -1 or rhs.num != 1 or base.adj is not None:
            return False
        unit = self.output_unit(base)
        if unit is None or unit.act() not in ("softmax", "sigmoid"):
            return False
        idx = self.eval(st.target.slice, scope)  # type: ignore[attr-defined]
        new = self.new("setitem", (base, idx, self.add(self.getitem(base, idx), rhs, -1)))
        new.adj = Adj(GRAD, "y", unit)
        self.emit("error", unit, None, sign=GRAD, cancel=True, output=base, target=idx, value=new, onehot=True)
        self.emit("F1", unit, None, deriv=None, cancel=True, value=new)
        self.assign(st.target.value, new, scope, None, rebind=True)  # type: ignore[attr-defined]
        return True

    # ------------------------------------------------------------------ containers
    def seq(self, elems: list[Val] | None, summary: Val | None = None) -> Val:
        v = Val("seq", (), "seq", self.cur)
        v.elems = elems if elems is not None else []
        v.summary = summary
        return v

    def seq_any(self, v: Val) -> Val | None:
        out = v.summary
        for e in v.elems or []:
            out = e if out is None else self.join(out, e)
        return out

    def dict_any(self, v: Val) -> Val | None:
        out = v.summary
        for e in (v.elems or {}).values():
            out = e if out is None else self.join(out, e)
        return out

    def iter_items(self, it: Val) -> list[Val] | None:
        if it.kind == "seq" and it.summary is None and it.elems is not None and 0 < len(it.elems) <= _MAX_UNROLL:
            return list(it.elems)
        if it.kind == "dict" and it.summary is None and it.elems and len(it.elems) <= _MAX_UNROLL:
            return [self.const(k) for k in it.elems]
        return None

    def merged(self, v: Val | None) -> Val | None:
        """An element of a container whose elements were merged: mark that we cannot tell which."""
        if v is None or v.kind != "arr" or v.vague:
            return v
        out = self.view(v, v.home)
        out.vague = True
        return out

    def iter_summary(self, it: Val) -> Val:
        if it.kind == "seq":
            if it.summary is not None and not it.elems:
                return it.summary if it.summary.kind != "arr" else self.merged(it.summary)
            return self.merged(self.seq_any(it)) or self.unknown(it)
        if it.kind == "dict":
            return self.unknown(it, kind="str")
        if it.op == "range":
            v = self.new("loopvar", (), "num")
            return v
        return self.unknown(it)

    # ------------------------------------------------------------------ calls
    def call_function(self, f: Val, args: list[Val], kwargs: dict[str, Val], standalone: bool = False,
                      self_val: Val | None = None) -> Val:
        node, closure, _ = f.payload
        self.called.add(id(node))
        if node in self.call_stack or len(self.call_stack) >= _MAX_CALL_DEPTH or self.steps > self.budget:
            return self.unknown(*args, *kwargs.values())
        scope = Scope(closure, node)
        self.call_sites.append(self.cur)
        try:
            return self._call_function(node, scope, args, kwargs, self_val)
        finally:
            self.call_sites.pop()

    def _call_function(self, node: Any, scope: Scope, args: list[Val], kwargs: dict[str, Val],
                       self_val: Val | None) -> Val:
        if self_val is not None:
            args = [self_val] + list(args)
        if isinstance(node, ast.Lambda):
            self.bind_params(node, scope, args, kwargs)
            self.call_stack.append(node)
            try:
                return self.eval(node.body, scope)
            finally:
                self.call_stack.pop()
        self.bind_params(node, scope, args, kwargs)
        ng = 1 if any("no_grad" in target_text(d) for d in node.decorator_list) else 0
        self.no_grad += ng
        self.call_stack.append(node)
        self.func_stack.append(node)
        saved_static = self.static_loops
        self.static_loops = []
        frame = Frame(node)
        self.frames.append(frame)
        try:
            self.exec_block(node.body, scope)
        except _Return:
            pass
        except _Break:
            pass
        finally:
            self.frames.pop()
            self.call_stack.pop()
            self.func_stack.pop()
            self.static_loops = saved_static
            self.no_grad -= ng
        if not frame.returns:
            return self.const(None)
        out = frame.returns[0]
        for r in frame.returns[1:]:
            out = self.join(out, r)
        return out

    def bind_params(self, node: Any, scope: Scope, args: list[Val], kwargs: dict[str, Val]) -> None:
        a = node.args
        params = a.posonlyargs + a.args
        defaults = [None] * (len(params) - len(a.defaults)) + list(a.defaults)
        for i, p in enumerate(params):
            if i < len(args):
                v = args[i]
            elif p.arg in kwargs:
                v = kwargs[p.arg]
            elif defaults[i] is not None:
                v = self.eval(defaults[i], scope.parent or scope)
            else:
                v = self.unknown()
            scope.vars[p.arg] = v
        for p, d in zip(a.kwonlyargs, a.kw_defaults):
            if p.arg in kwargs:
                scope.vars[p.arg] = kwargs[p.arg]
            elif d is not None:
                scope.vars[p.arg] = self.eval(d, scope.parent or scope)
            else:
                scope.vars[p.arg] = self.unknown()
        if a.vararg is not None:
            scope.vars[a.vararg.arg] = self.seq(list(args[len(params):]))
        if a.kwarg is not None:
            d = Val("dict", (), "dict", self.cur)
            d.elems = {k: v for k, v in kwargs.items() if k not in {p.arg for p in params}}
            scope.vars[a.kwarg.arg] = d

    def instantiate(self, cls: Val, args: list[Val], kwargs: dict[str, Val], standalone: bool = False,
                    site: ast.AST | None = None) -> Val:
        inst = Val("inst", (), "inst", self.cur)
        inst.elems = {}
        inst.payload = cls
        # where it was made: two `Dense(...)` calls are two layers; the same call in a loop is one
        inst.home = ("new", id(site) if site is not None else id(cls.payload["node"]))
        self._instances.setdefault(inst.home, [0])[0] += 1
        self._site_cls[inst.home] = cls
        self._site_line.setdefault(inst.home, (getattr(site, "lineno", None) or (self.cur.line if self.cur else 0),
                                               getattr(site, "col_offset", 0)))
        for k, v in cls.payload["attrs"].items():
            if v.kind in ("num", "str", "none"):
                inst.elems[k] = v
        init = cls.payload["methods"].get("__init__")
        if init is not None:
            f = Val("func", (), "func")
            f.payload = (init, cls.payload["scope"], cls)
            if standalone:
                saved = self.cur
                self.cur = self.stmt_info(init)
                n = len(init.args.posonlyargs + init.args.args) - 1
                args = [self.make_leaf((id(init), p.arg), p.arg) for p in (init.args.posonlyargs + init.args.args)[1:]][:max(n, 0)]
                self.cur = saved
            self.call_function(f, args, kwargs, self_val=inst)
        return inst

    def attr_name(self, obj: Val, t: ast.Attribute) -> str:
        """`self.W`; renamed `Dense[2].W` at the end of the run when a class has several instances."""
        return target_text(t)

    def name_instances(self) -> None:
        """Leaves of instance attributes made at several call sites get the site's ordinal."""
        by_text: dict[tuple, list[Leaf]] = {}
        for key, leaf in self.leaves.items():
            if len(key) == 3 and isinstance(key[2], tuple) and key[2][:1] == ("new",):
                by_text.setdefault((key[0], key[1]), []).append(leaf)
        for (_, text), leaves in by_text.items():
            homes = sorted({leaf.key[2] for leaf in leaves}, key=lambda h: self._site_line.get(h) or (0, 0))
            if len(homes) < 2:
                continue
            for leaf in leaves:
                cls = self._site_cls.get(leaf.key[2])
                attr = text.split(".", 1)[1] if "." in text else text
                leaf.name = f"{cls.name if cls is not None else 'obj'}[{homes.index(leaf.key[2]) + 1}].{attr}"

    def method_of(self, inst: Val, name: str) -> Val | None:
        cls = inst.payload
        if not isinstance(cls, Val) or cls.kind != "cls":
            return None
        node = cls.payload["methods"].get(name)
        if node is None:
            return None
        f = Val("func", (), "func")
        f.payload = (node, cls.payload["scope"], cls)
        return f

    # ------------------------------------------------------------------ expressions
    def eval(self, e: ast.expr | None, scope: Scope) -> Val:
        if e is None:
            return self.const(None)
        m = getattr(self, "e_" + type(e).__name__, None)
        if m is None:
            return self.unknown()
        return m(e, scope)

    def e_Constant(self, e: ast.Constant, scope: Scope) -> Val:
        return self.const(e.value)

    def e_Name(self, e: ast.Name, scope: Scope) -> Val:
        v = self.lookup(scope, e.id)
        if v is not None:
            return self.read(v)
        if e.id in ("True", "False", "None"):
            return self.const({"True": True, "False": False, "None": None}[e.id])
        if e.id in _BUILTINS:
            b = Val("builtin", (), "builtin", self.cur)
            b.payload = e.id
            return b
        v = self.unknown()
        if e.id not in self.bound:
            v.undef = e.id
        return v

    def e_Attribute(self, e: ast.Attribute, scope: Scope) -> Val:
        obj = self.eval(e.value, scope)
        a = e.attr
        if obj.kind == "mod":
            return self.module(f"{obj.payload}.{a}")
        if obj.kind == "inst":
            v = obj.elems.get(a)
            if v is not None:
                return self.read(v)
            m = self.method_of(obj, a)
            if m is not None:
                bm = Val("method", (), "method", self.cur)
                bm.payload = (obj, a, m)
                return bm
            if a in ("parameters", "named_parameters", "zero_grad", "forward", "step", "train", "eval"):
                bm = Val("method", (), "method", self.cur)
                bm.payload = (obj, a, None)
                return bm
            v = self.make_leaf((id(obj), a), f"{obj.name or 'self'}.{a}")
            obj.elems[a] = v
            return v
        if obj.kind == "cls":
            v = obj.payload["attrs"].get(a)
            if v is not None:
                return v
            node = obj.payload["methods"].get(a)
            if node is not None:
                f = Val("func", (), "func")
                f.payload = (node, obj.payload["scope"], obj)
                return f
            return self.unknown()
        if a == "T" or a == "mT":
            return self.transpose(obj)
        if a == "data":
            return obj
        if a == "grad":
            return self.grad_of(obj)
        if a in ("shape", "size", "ndim", "dtype", "device", "requires_grad", "is_leaf"):
            v = self.new("attr", (obj,), "num" if a != "shape" else "seq")
            v.ev = {"obj": obj, "attr": a}
            if a == "shape":
                v.elems = []
                v.summary = self.dim(obj, None)
            v.deps = frozenset()
            return v
        bm = Val("method", (), "method", self.cur)
        bm.payload = (obj, a, None)
        return bm

    def dim(self, obj: Val, index: int | None) -> Val:
        """`x.shape[0]`: a size we do not know, remembered so that `bpscan verify` can evaluate it."""
        d = self.new("dim", (), "num")
        d.deps = frozenset()
        d.ev = {"obj": obj, "index": index}
        return d

    def grad_of(self, obj: Val) -> Val:
        leaf = obj.leaf
        v = self.new("grad", (obj,))
        v.deps = frozenset()
        if leaf is not None:
            if self.discovery:
                leaf.requires_grad = True
                self.know.requires_grad.add(leaf.key)
            v.adj = Adj(GRAD, "P", leaf.unit, leaf)
            v.grad_of = leaf
            v.uses_grad = True
            self.autograd = True
        return v

    def e_Subscript(self, e: ast.Subscript, scope: Scope) -> Val:
        base = self.eval(e.value, scope)
        idx = self.eval(e.slice, scope)
        out = self.getitem(base, idx)
        if base.kind in ("seq", "dict") and idx.op != "const" and out.kind == "arr":
            out = self.view(out, (id(base), target_text(e.slice)))
        return out

    def view(self, v: Val, home: tuple) -> Val:
        """An element read through a non-constant index: the same value, remembered by its place."""
        out = Val(v.op, v.args, v.kind, v.stmt)
        for slot in ("num", "leaf", "deps", "adj", "deriv", "act", "role", "tr", "cmp", "elems", "summary",
                     "payload", "grad_of", "undef", "factors", "uses_grad", "name", "rg", "vague"):
            setattr(out, slot, getattr(v, slot))
        out.home = home
        return out

    def getitem(self, base: Val, idx: Val) -> Val:
        if base.kind == "dict":
            if idx.op == "const" and idx.num in base.elems:
                return self.read(base.elems[idx.num])
            out = self.dict_any(base)
            return self.read(out) if out is not None else self.unknown(base)
        if base.kind == "seq":
            if base.op == "attr" and base.ev and base.ev.get("attr") == "shape" and idx.op == "const" \
                    and isinstance(idx.num, int):
                return self.dim(base.ev["obj"], idx.num)
            if idx.op == "const" and isinstance(idx.num, int) and base.summary is None and base.elems \
                    and -len(base.elems) <= idx.num < len(base.elems):
                return self.read(base.elems[idx.num])
            if idx.kind == "seq" and any(e.op == "slice" for e in idx.elems or []):
                return base
            if idx.op == "slice":
                if isinstance(idx.payload, slice) and base.summary is None and base.elems is not None:
                    return self.seq(list(base.elems[idx.payload]))
                return base
            if idx.op == "const" and isinstance(idx.num, int) and base.summary is not None:
                # appended in a loop after a known prefix: the end of the list is what the loop added
                if idx.num < 0:
                    return self.read(base.summary)
                if base.elems and idx.num < len(base.elems):
                    return self.read(base.elems[idx.num])
            out = self.seq_any(base)
            return self.read(out) if out is not None else self.unknown(base)
        if base.kind != "arr":
            return self.unknown(base, idx)
        v = self.new("getitem", (base, idx))
        v.adj = base.adj
        v.role = base.role
        v.act = base.act
        v.deriv = base.deriv
        v.tr = base.tr
        if base.leaf is not None and idx.op != "slice":
            v.deps = base.deps | idx.deps
        return v

    def e_Slice(self, e: ast.Slice, scope: Scope) -> Val:
        bounds: list[Any] = []
        known = True
        for part in (e.lower, e.upper, e.step):
            if part is None:
                bounds.append(None)
                continue
            v = self.eval(part, scope)
            if v.op == "const" and isinstance(v.num, int):
                bounds.append(v.num)
            else:
                known = False
        v = self.new("slice", (), "num")
        v.payload = slice(*bounds) if known else None
        return v

    def e_Index(self, e: Any, scope: Scope) -> Val:  # pragma: no cover - Python < 3.9
        return self.eval(e.value, scope)

    def e_Tuple(self, e: ast.Tuple, scope: Scope) -> Val:
        elems = [self.eval(x, scope) for x in e.elts]
        if any(isinstance(x, ast.Starred) for x in e.elts):
            return self.seq([], self.join_all(elems))
        return self.seq(elems)

    e_List = e_Tuple
    e_Set = e_Tuple

    def join_all(self, vals: list[Val]) -> Val:
        if not vals:
            return self.unknown()
        out = vals[0]
        for x in vals[1:]:
            out = self.join(out, x)
        return out

    def e_Dict(self, e: ast.Dict, scope: Scope) -> Val:
        d = Val("dict", (), "dict", self.cur)
        d.elems = {}
        for k, val in zip(e.keys, e.values):
            vv = self.eval(val, scope)
            if k is None:
                continue
            kv = self.eval(k, scope)
            if kv.op == "const":
                d.elems[kv.num] = vv
            else:
                d.summary = vv if d.summary is None else self.join(d.summary, vv)
        return d

    def e_Starred(self, e: ast.Starred, scope: Scope) -> Val:
        return self.eval(e.value, scope)

    def e_JoinedStr(self, e: ast.JoinedStr, scope: Scope) -> Val:
        parts: list[str] | None = []
        for v in e.values:
            if isinstance(v, ast.FormattedValue):
                x = self.eval(v.value, scope)
                if parts is not None and x.op == "const" and v.format_spec is None and v.conversion == -1 \
                        and isinstance(x.num, (int, str)):
                    parts.append(str(x.num))
                else:
                    parts = None
            elif isinstance(v, ast.Constant) and parts is not None:
                parts.append(str(v.value))
        if parts is None:
            return self.unknown(kind="str")
        return self.const("".join(parts))

    def e_NamedExpr(self, e: ast.NamedExpr, scope: Scope) -> Val:
        v = self.eval(e.value, scope)
        self.assign(e.target, v, scope, None)
        return v

    def e_IfExp(self, e: ast.IfExp, scope: Scope) -> Val:
        c = self.eval(e.test, scope)
        if c.op == "const":
            return self.eval(e.body if c.num else e.orelse, scope)
        return self.join(self.eval(e.body, scope), self.eval(e.orelse, scope))

    def e_BoolOp(self, e: ast.BoolOp, scope: Scope) -> Val:
        vals = [self.eval(x, scope) for x in e.values]
        return self.unknown(*vals, kind="num")

    def e_Lambda(self, e: ast.Lambda, scope: Scope) -> Val:
        v = Val("func", (), "func", self.cur)
        v.payload = (e, scope, None)
        return v

    def e_Await(self, e: ast.Await, scope: Scope) -> Val:
        return self.eval(e.value, scope)

    def _comprehension(self, gens: list, scope: Scope, body: Any,
                       unroll: bool = False) -> tuple[list[Val] | None, Val]:
        inner = Scope(scope)
        inner.globals_decl = scope.globals_decl
        first = gens[0]
        it = self.eval(first.iter, scope)
        items = self.iter_items(it) if len(gens) == 1 and unroll else None
        if items is not None:
            outs = []
            for item in items:
                self.assign(first.target, item, inner, None)
                for cond in first.ifs:
                    self.eval(cond, inner)
                outs.append(body(inner))
            return outs, self.join_all(outs) if outs else self.unknown()
        self.assign(first.target, self.iter_summary(it), inner, None)
        for g in gens[1:]:
            self.assign(g.target, self.iter_summary(self.eval(g.iter, inner)), inner, None)
        for g in gens:
            for cond in g.ifs:
                self.eval(cond, inner)
        out = body(inner)
        return None, out

    def e_ListComp(self, e: ast.ListComp, scope: Scope) -> Val:
        # unrolled only over a known list of arrays (parameters being updated one by one); a list built
        # from sizes stays one summary element, so that negative indices in a backward loop still work
        first = e.generators[0]
        it = self.eval(first.iter, scope)
        items0 = self.iter_items(it)
        unroll = len(e.generators) == 1 and items0 is not None and any(
            (x.leaf is not None) or (x.kind == "seq" and any(y.leaf is not None for y in (x.elems or [])))
            for x in items0)
        items, summary = self._comprehension(e.generators, scope, lambda s: self.eval(e.elt, s), unroll=unroll)
        if items is not None:
            return self.seq(items)
        return self.seq([], summary)

    e_GeneratorExp = e_ListComp
    e_SetComp = e_ListComp

    def e_DictComp(self, e: ast.DictComp, scope: Scope) -> Val:
        keys: list[Val] = []

        def body(s: Scope) -> Val:
            keys.append(self.eval(e.key, s))
            return self.eval(e.value, s)

        items, summary = self._comprehension(e.generators, scope, body, unroll=True)
        d = Val("dict", (), "dict", self.cur)
        d.elems = {}
        if items is not None and all(k.op == "const" for k in keys):
            for k, v in zip(keys, items):
                d.elems[k.num] = v
        else:
            d.summary = summary
        return d

    def e_UnaryOp(self, e: ast.UnaryOp, scope: Scope) -> Val:
        v = self.eval(e.operand, scope)
        op = type(e.op).__name__
        if op == "USub":
            return self.neg(v)
        if op == "UAdd":
            return v
        if op == "Not" and v.op == "const":
            return self.const(not v.num)
        return self.unknown(v, kind="num" if v.kind == "num" else "arr")

    def e_Compare(self, e: ast.Compare, scope: Scope) -> Val:
        left = self.eval(e.left, scope)
        rights = [self.eval(c, scope) for c in e.comparators]
        if len(rights) == 1:
            r = rights[0]
            op = type(e.ops[0]).__name__
            if left.op == "const" and r.op == "const":
                try:
                    return self.const(bool(eval_cmp(op, left.num, r.num)))
                except Exception:
                    pass
            v = self.new("cmp", (left, r), "arr" if left.kind == "arr" or r.kind == "arr" else "num")
            v.cmp = (op, left, r)
            return v
        return self.unknown(left, *rights, kind="num")

    def e_BinOp(self, e: ast.BinOp, scope: Scope) -> Val:
        a = self.eval(e.left, scope)
        b = self.eval(e.right, scope)
        return self.binop(type(e.op).__name__, a, b)

    def e_Call(self, e: ast.Call, scope: Scope) -> Val:
        f = self.eval(e.func, scope)
        args: list[Val] = []
        for x in e.args:
            v = self.eval(x, scope)
            if isinstance(x, ast.Starred) and v.kind == "seq" and v.summary is None:
                args.extend(v.elems)
            else:
                args.append(v)
        kwargs = {k.arg: self.eval(k.value, scope) for k in e.keywords if k.arg}
        return self.call(f, args, kwargs, e)

    # ------------------------------------------------------------------ arithmetic
    def binop(self, op: str, a: Val, b: Val) -> Val:
        if a.op == "const" and b.op == "const" and isinstance(a.num, (int, float)) and isinstance(b.num, (int, float)):
            try:
                return self.const(eval_arith(op, a.num, b.num))
            except Exception:
                pass
        if op == "Add":
            if a.kind == "seq" and b.kind == "seq":
                return self.seq(list(a.elems or []) + list(b.elems or []),
                                self.join_all([x for x in (a.summary, b.summary) if x is not None]) if (a.summary or b.summary) else None)
            return self.add(a, b, 1)
        if op == "Sub":
            return self.add(a, b, -1)
        if op == "Mult":
            if a.kind == "seq" or b.kind == "seq":
                return self.seq([], self.seq_any(a) if a.kind == "seq" else self.seq_any(b))
            return self.mul(a, b)
        if op in ("Div", "FloorDiv"):
            return self.div(a, b)
        if op == "Pow":
            return self.power(a, b)
        if op == "MatMult":
            return self.matmul(a, b)
        return self.unknown(a, b, kind="num" if a.kind == "num" and b.kind == "num" else "arr")

    def neg(self, v: Val) -> Val:
        if v.op == "const" and isinstance(v.num, (int, float)):
            return self.const(-v.num)
        out = self.new("neg", (v,), v.kind if v.kind in ("num", "arr") else "arr")
        if v.adj is not None:
            out.adj = v.adj.with_sign(-v.adj.sign)
        return out

    def sign_of(self, v: Val) -> int:
        """Sign of a factor that carries no gradient: constants by value, everything else positive."""
        if v.op == "const" and isinstance(v.num, (int, float)):
            return (v.num > 0) - (v.num < 0)
        if v.op == "neg":
            return -self.sign_of(v.args[0])
        if v.op == "mul" and v.factors:
            s = 1
            for f in v.factors:
                s *= self.sign_of(f) if f.adj is None else 1
            return s
        return 1

    def add(self, a: Val, b: Val, sign: int) -> Val:
        out = self.new("add" if sign > 0 else "sub", (a, b), "num" if a.kind == "num" and b.kind == "num" else "arr")
        if a.adj is not None or b.adj is not None:
            if a.adj is not None and b.adj is not None:
                s_b = b.adj.sign * sign
                sgn = a.adj.sign if a.adj.sign == s_b else UNKNOWN_SIGN
                if a.adj.same_place(b.adj) or b.adj.pos == "?":
                    out.adj = a.adj.with_sign(sgn)
                elif a.adj.pos == "?":
                    out.adj = b.adj.with_sign(sgn)
                else:
                    # dh = Why.T @ dy + dhnext: the carried gradient arrives at the same tensor by
                    # a path we do not follow (a slice of a concatenation); the direct term says where
                    out.adj = a.adj.with_sign(sgn)
            elif a.adj is not None:
                out.adj = a.adj
            else:
                out.adj = b.adj.with_sign(b.adj.sign * sign)
            return out
        # forward: bias added to a linear output, two linear outputs summed (RNN)
        if a.role and a.role[0] in ("mm", "y") and b.role is None and sign > 0:
            leaf = self._bias_leaf(b)
            if leaf is not None:
                self.add_bias(a.role[1], leaf, b)
                out.role = ("y", a.role[1])
                return out
        if b.role and b.role[0] in ("mm", "y") and a.role is None and sign > 0:
            leaf = self._bias_leaf(a)
            if leaf is not None:
                self.add_bias(b.role[1], leaf, a)
                out.role = ("y", b.role[1])
                return out
        if a.role and b.role and a.role[0] in ("mm", "y") and b.role[0] in ("mm", "y") and sign > 0:
            unit = self.merge_units(a.role[1], b.role[1])
            out.role = ("y", unit)
            return out
        # the output error: target - output, or output - target
        if sign < 0:
            err = self.error_of(a, b, out)
            if err is not None:
                out.adj = err
                return out
            # sigmoid derivative written as s - s**2
            sq = self.square_base(b)
            if sq is not None and same_value(sq, a) and a.kind == "arr":
                out.deriv = Deriv("sigmoid", a, "of" if a.act and a.act[0] == "sigmoid" else "output")
                return out
            # tanh derivative written with the output: 1 - z**2
            if a.op == "const" and a.num == 1:
                sq = self.square_base(b)
                if sq is not None:
                    out.deriv = Deriv("tanh", sq, "of" if sq.act and sq.act[0] == "tanh" else "output")
                    return out
        if a.role and (b.op == "const" or not (b.deps - a.deps)) and a.kind == "arr":
            out.role = a.role if a.role[0] != "mm" or b.op == "const" else None
            out.act = a.act
        return out

    def _bias_leaf(self, v: Val) -> Leaf | None:
        base = v
        while base.op in ("getitem", "reshape", "copy") and base.args:
            base = base.args[0]
        if base.leaf is not None and base.op in ("leaf", "T"):
            leaf = base.leaf
            if leaf.key in self.know.rebound and leaf.key not in self.know.updated:
                return None  # recurrent state like dhnext, overwritten each step
            return leaf
        return None

    def add_bias(self, unit: Unit, leaf: Leaf, v: Val) -> None:
        if leaf.role == "weight":
            return
        leaf.role = "bias"
        leaf.unit = unit
        if leaf not in unit.biases:
            unit.biases.append(leaf)
        if leaf.first_use is None and self.cur is not None:
            self.note_use(leaf)

    def square_base(self, v: Val) -> Val | None:
        if v.op == "pow" and v.args[1].num == 2:
            return v.args[0]
        if v.op == "call" and v.payload == "square":
            return v.args[0]
        if v.op == "mul" and v.factors and len(v.factors) == 2 and same_value(v.factors[0], v.factors[1]):
            return v.factors[0]
        return None

    def output_unit(self, v: Val) -> Unit | None:
        base = v
        for _ in range(4):
            if base.role is not None and base.role[0] in ("z", "y", "mm"):
                return base.role[1]
            if base.op in ("getitem", "copy", "reshape", "join") and base.args:
                base = base.args[0]
            else:
                break
        return None

    def is_target(self, v: Val) -> bool:
        if v.kind != "arr" or v.adj is not None or v.role is not None or v.op == "const":
            return False
        if not v.deps:
            return False
        return not any(self.is_param(leaf) for leaf in v.deps)

    def error_of(self, a: Val, b: Val, value: Val | None = None) -> Adj | None:
        """`t - z` (negative gradient) or `z - t` (gradient) at a layer's output."""
        ua, ub = self.output_unit(a), self.output_unit(b)
        if ua is not None and ub is None and self.is_target(b):
            unit, sign = ua, GRAD
        elif ub is not None and ua is None and self.is_target(a):
            unit, sign = ub, NEG_GRAD
        else:
            return None
        out_val = a if ua is not None else b
        cancel = unit.act() == "softmax" or (unit.act() == "sigmoid" and unit.ce)
        if self.discovery:
            return Adj(sign, "z", unit)
        if cancel:
            self.emit("error", unit, None, sign=sign, cancel=True, output=out_val, target=b if ua else a,
                      value=value)
            self.emit("F1", unit, None, deriv=None, cancel=True, value=value)
            return Adj(sign, "y", unit)
        self.emit("error", unit, None, sign=sign, cancel=False, output=out_val, target=b if ua else a,
                  value=value)
        if unit.act() == "linear":
            return Adj(sign, "y", unit)
        return Adj(sign, "z", unit)

    def mul(self, a: Val, b: Val) -> Val:
        factors: list[Val] = []
        for x in (a, b):
            if x.op == "mul" and x.factors and x.name is None and x.stmt is self.cur and len(x.factors) < 8:
                factors.extend(x.factors)
            else:
                factors.append(x)
        out = self.new("mul", (a, b), "num" if a.kind == "num" and b.kind == "num" else "arr")
        out.factors = tuple(factors)
        arrays = [f for f in factors if f.kind != "num"]
        if len(arrays) == 1:
            out.tr = arrays[0].tr  # 0.1 * x.T is still x transposed
        adjs = [f for f in factors if f.adj is not None]
        if len(adjs) == 2 and same_value(adjs[0], adjs[1]):
            return out  # g * g: a squared gradient (Adagrad's memory) is a non-negative scale, not a gradient
        if len(adjs) > 1:
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        # derivative factors among the others
        rest = [f for f in factors if f.adj is None]
        if not adjs:
            # forward: relu written as y * (y > 0); elementwise layer w * x
            act = self.relu_by_mask(rest)
            if act is not None:
                return self.activation("relu", act, out)
        deriv = self.find_deriv(rest)
        if not adjs:
            if deriv is not None:
                out.deriv = deriv
                return out
            if len(rest) == 2:
                self.elementwise_forward(rest, out)
            return out
        g = adjs[0]
        sign = g.adj.sign
        for f in rest:
            if f.deriv is None and not (f.cmp is not None):
                sign *= self.sign_of(f)
        if deriv is not None:
            out.adj = self.f1(g, deriv, out, sign)
            return out
        if g.adj.pos == "v":
            moved = self.through_product(g, [f for f in rest if f.num is None])
            if moved is not None:
                out.adj = moved
                return out
        out.adj = g.adj.with_sign(sign)
        # elementwise F2/F3 (convolution windows, per-sample scalar outputs)
        if len(rest) >= 1 and g.adj.pos == "y":
            for f in rest:
                if f.num is not None:
                    continue
                if weight_view(f) is not None:
                    out.adj = self.f2(g, f, out, via="mul")
                    break
                if f.adj is None and f.leaf is None or (f.leaf is not None and not self.is_param(f.leaf)):
                    lay = self.layer_for_input(g.adj.unit, f)
                    if lay is not None and lay.convention in ("elementwise", "conv"):
                        out.adj = self.f3(g, f, lay, via="mul", out=out)
                        break
        return out

    def relu_by_mask(self, factors: list[Val]) -> Val | None:
        if len(factors) != 2:
            return None
        for x, m in (factors, factors[::-1]):
            c = self.mask_operand(m)
            if c is not None and same_value(c, x):
                return x
        return None

    def elementwise_forward(self, rest: list[Val], out: Val) -> None:
        """`np.sum(window * K[f])`: a convolution (or a scalar weight) written elementwise."""
        w = [f for f in rest if self.param_view(f) is not None]
        x = [f for f in rest if f not in w and f.kind == "arr" and f.num is None]
        if len(w) == 1 and len(x) == 1 and (x[0].role or x[0].deps) and self.in_training_code():
            leaf = self.param_view(w[0])
            view = Val("leaf", (), "arr", self.cur)
            view.leaf = leaf
            view.deps = frozenset((leaf,))
            self.forward_layer(x[0], view, out, "elementwise")

    def param_view(self, v: Val) -> Leaf | None:
        """A trained parameter behind `K[f]`, `W.reshape(...)`: updated, requires grad, or a known weight."""
        for _ in range(4):
            if v.leaf is not None:
                leaf = v.leaf
                if leaf.role != "bias" and (leaf.key in self.know.updated or leaf.requires_grad or leaf.role == "weight"):
                    return leaf
                return None
            if v.op in ("getitem", "reshape", "copy", "T", "flip") and v.args and v.adj is None:
                v = v.args[0]
            else:
                return None
        return None

    def find_deriv(self, factors: list[Val]) -> Deriv | None:
        for f in factors:
            if f.deriv is not None:
                return f.deriv
        for f in factors:
            c = self.mask_operand(f)
            if c is not None:
                return Deriv("relu", c, "mask")
        # sigmoid derivative written as s * (1 - s)
        for i, f in enumerate(factors):
            for j, g in enumerate(factors):
                if i != j and g.op == "sub" and g.args[0].num == 1 and same_value(g.args[1], f):
                    form = "of" if f.act and f.act[0] == "sigmoid" else "output"
                    return Deriv("sigmoid", f, form)
        return None

    def mask_operand(self, v: Val) -> Val | None:
        """The tensor a ReLU mask tests: `y > 0`, `(y > 0).astype(float)`, `np.heaviside(y, 0)`."""
        base = v
        for _ in range(3):
            if base.op in ("copy", "getitem") and base.args and base.cmp is None:
                base = base.args[0]
        if base.cmp is not None:
            op, l, r = base.cmp
            if r.op == "const" and r.num == 0 and op in ("Gt", "GtE", "Lt", "LtE"):
                return l
            if l.op == "const" and l.num == 0 and op in ("Gt", "GtE", "Lt", "LtE"):
                return r
        if base.op == "call" and base.payload == "heaviside":
            return base.args[0]
        if base.op == "call" and base.payload == "where" and len(base.args) == 3:
            c, x, y = base.args
            if x.num == 1 and y.num == 0:
                return self.mask_operand(c)
        return None

    def relu_mask_of(self, idx: Val, value: Val) -> Deriv | None:
        """`d[y <= 0] = 0` masks a ReLU delta."""
        if value.num != 0:
            return None
        if idx.cmp is not None:
            operand = self.mask_operand(idx)
            if operand is not None:
                return Deriv("relu", operand, "mask")
        return None

    def f1(self, g: Val, deriv: Deriv, out: Val, sign: int | None = None) -> Adj:
        adj = g.adj
        sign = adj.sign if sign is None else sign
        unit = adj.unit
        if adj.pos in ("z", "y"):
            self.emit("F1", unit, None, deriv=deriv, pos=adj.pos, cancel=False, error=g, value=out)
            return Adj(sign, "y", unit)
        if adj.pos == "v" and adj.node is not None and adj.node.act is not None:
            # through an activation that is no layer's output: tanh(c) of an LSTM cell
            self.emit("F1", None, None, deriv=deriv, pos=adj.pos, cancel=False, error=g)
            return self.grad_wrt(sign, adj.node.act[1], unit)
        return adj.with_sign(sign)

    def div(self, a: Val, b: Val) -> Val:
        out = self.new("div", (a, b), "num" if a.kind == "num" and b.kind == "num" else "arr")
        if a.adj is not None and b.adj is None:
            out.adj = a.adj.with_sign(a.adj.sign * self.sign_of(b))
            return out
        if b.adj is not None:
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        # sigmoid: 1 / (1 + exp(-y))
        if a.num == 1 and b.op == "add":
            for one, e in (b.args, b.args[::-1]):
                if one.num == 1 and e.op == "call" and e.payload == "exp":
                    y = self.negated(e.args[0])
                    if y is not None:
                        return self.activation("sigmoid", y, out)
        # softmax: exp(y) / sum(exp(y))
        if a.op == "call" and a.payload == "exp":
            s = b
            for _ in range(3):
                if s.op in ("getitem", "reshape", "copy") and s.args:
                    s = s.args[0]
            if s.op == "call" and s.payload in ("sum",) and s.args and (
                    same_value(s.args[0], a) or same_term(s.args[0], a)):
                return self.activation("softmax", self.strip_shift(a.args[0]), out)
            if b.op == "add":
                for one, e in (b.args, b.args[::-1]):
                    if one.num == 1 and e is a:
                        return self.activation("sigmoid", a.args[0], out)
        if a.deriv is not None and b.num is not None:
            out.deriv = a.deriv
        if a.role and b.op == "const":
            out.role = a.role
            out.act = a.act
        return out

    def negated(self, v: Val) -> Val | None:
        """y when v is -y, written `-y` or `-a - b` (= -(a + b))."""
        if v.op == "neg":
            return v.args[0]
        if v.op == "sub" and v.args[0].op == "neg":
            return self.add(v.args[0].args[0], v.args[1], 1)
        if v.op == "mul" and v.factors and any(f.num == -1 for f in v.factors) and len(v.factors) == 2:
            return next(f for f in v.factors if f.num != -1)
        return None

    def strip_shift(self, v: Val) -> Val:
        """softmax(y - max(y)) is softmax(y)."""
        if v.op == "sub" and v.role is not None:
            return v.args[0]
        return v

    def power(self, a: Val, b: Val) -> Val:
        out = self.new("pow", (a, b), a.kind)
        if a.adj is not None:
            if b.num == 1:
                return a
            if isinstance(b.num, (int, float)) and b.num % 2 == 0:
                out.adj = None
            else:
                out.adj = Adj(UNKNOWN_SIGN, "?")
        return out

    def transpose(self, v: Val) -> Val:
        if v.kind != "arr":
            return self.unknown(v)
        out = self.new("T", (v,))
        out.leaf = v.leaf
        out.tr = not v.tr
        out.adj = v.adj
        out.role = v.role
        out.act = v.act
        out.deriv = v.deriv
        out.name = None
        return out

    # ------------------------------------------------------------------ layers
    def in_training_code(self) -> bool:
        """Inside a loop: where a training step runs (targets made by a fixed matrix are not)."""
        return bool(self.loop_stack)

    def weight_score(self, v: Val) -> int:
        if v.leaf is None or v.adj is not None or v.kind != "arr":
            return 0
        leaf = v.leaf
        if leaf.role == "bias":
            return 0
        if leaf.key in self.know.updated or leaf.requires_grad:
            return 3
        if leaf.role == "weight":
            return 2
        return 1

    def matmul(self, a: Val, b: Val, how: str = "matmul") -> Val:
        out = self.new("matmul", (a, b))
        if a.adj is not None and b.adj is not None:
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        if a.adj is not None or b.adj is not None:
            g, o = (a, b) if a.adj is not None else (b, a)
            g_left = g is a
            if weight_view(o) is not None:
                out.adj = self.f2(g, o, out, via=how, g_left=g_left)
                return out
            if g.adj.pos in ("y", "z") and (o.leaf is None or not self.is_param(o.leaf)):
                lay = self.layer_for_input(g.adj.unit, o)
                # a delta with the layer's input is formula 3; an error that skipped formula 1 too,
                # when it meets exactly that layer's input (the derivative is then missing or unrecognised)
                if g.adj.pos == "y" or lay is not None:
                    out.adj = self.f3(g, o, lay, via=how, g_left=g_left, out=out)
                    return out
            out.adj = g.adj.with_sign(g.adj.sign * self.sign_of(o)) if g.adj.pos in ("W", "b", "P") else Adj(g.adj.sign, "?")
            return out
        sa, sb = self.weight_score(a), self.weight_score(b)
        if sa == 0 and sb == 0:
            return out
        if sa == sb:
            if sa == 1 and not self.in_training_code():
                return out
            votes = self.know.conv_votes
            w_right = votes["row"] >= votes["column"]
        else:
            w_right = sb > sa
        if sa == 1 and sb == 1 and not self.in_training_code():
            return out
        if self.discovery:
            if (sa == 0) != (sb == 0):
                self.know.conv_votes["row" if sb else "column"] += 1
        w, x = (b, a) if w_right else (a, b)
        if self.weight_score(w) == 1 and (w.tr or x.op == "unknown" or not self.in_training_code()
                                          or (not x.deps and x.role is None)):
            # a transposed constant, an unknown or constant operand, or a product outside any training
            # loop (data made with a fixed matrix): not a layer we can vouch for
            return out
        self.forward_layer(x, w, out, "row" if w_right else "column")
        return out

    def forward_layer(self, x: Val, w: Val, out: Val, convention: str) -> None:
        leaf = w.leaf
        lay = self.layers.get(leaf.key)
        if lay is None:
            unit = Unit(len(self.units) + 1, self.cur.line if self.cur else 0, convention)
            self.units.append(unit)
            lay = LayerRec(leaf, x, unit, unit.line, convention)
            lay.weight_right = convention == "row"
            unit.layers.append(lay)
            self.layers[leaf.key] = lay
            leaf.role = "weight"
            leaf.unit = unit
            leaf.layer = lay
            self.note_use(leaf)
        else:
            if not any(same_forward(i, x) for i in lay.inputs) or (
                    x.role is not None and all(i.role is None for i in lay.inputs)):
                lay.inputs = (lay.inputs + [x])[-4:]
            if x.role is not None or lay.input.role is None:
                lay.input = x  # the latest forward pass is the one the backward pass follows
        lay.wtr = w.tr  # type: ignore[attr-defined]
        out.role = ("mm", lay.unit)
        self._forward_use[leaf] = self.t

    def user_line(self, operand: Val) -> int | None:
        """The line in the caller's code for an operation done in a helper (`hz = relu(hy)`)."""
        func = operand.stmt.func if operand.stmt is not None else None
        for st in reversed(self.call_sites + [self.cur]):
            if st is not None and st.func is func:
                return st.line
        return self.cur.line if self.cur else None

    def note_use(self, leaf: Leaf) -> None:
        """Where the user's code uses a parameter: the outermost call site that names it."""
        chain = self.call_sites + [self.cur]
        for st in chain:
            if st is not None and st.idx in leaf.reads:
                leaf.use_stmt = st
                break
        else:
            leaf.use_stmt = self.cur
        leaf.first_use = leaf.use_stmt.line if leaf.use_stmt is not None else 0

    def merge_units(self, u1: Unit, u2: Unit) -> Unit:
        if u1 is u2:
            return u1
        keep, drop = (u1, u2) if u1.index <= u2.index else (u2, u1)
        for lay in drop.layers:
            lay.unit = keep
            lay.weight.unit = keep
            keep.layers.append(lay)
        for b in drop.biases:
            b.unit = keep
            keep.biases.append(b)
        drop.layers = []
        drop.biases = []
        if drop in self.units:
            self.units.remove(drop)
        return keep

    def activation(self, kind: str, y: Val, out: Val) -> Val:
        out.act = (kind, y)
        if y.role is not None and y.role[0] in ("mm", "y"):
            unit = y.role[1]
            if unit.activation is None:
                unit.activation = kind
                unit.act_line = self.user_line(y)
            if unit.activation == kind:
                unit.preact = y
                unit.output = out
                out.role = ("z", unit)
        return out

    def layer_for_input(self, unit: Unit | None, a: Val) -> LayerRec | None:
        if unit is None:
            return None
        for lay in unit.layers:
            if any(same_forward(i, a) for i in lay.inputs):
                return lay
        return None

    def f2(self, g: Val, w: Val, out: Val, via: str, g_left: bool = True) -> Adj:
        leaf = weight_view(w)
        lay = leaf.layer
        unit = lay.unit
        adj = g.adj
        if self._last_update.get(leaf, -1) > self._forward_use.get(leaf, -1):
            stale = True
        else:
            stale = False
        self.emit("F2", adj.unit if adj.unit is not None else unit, leaf, weight=w, layer=lay, via=via,
                  g_left=g_left, pos=adj.pos, stale=stale, delta=g, value=out)
        src = lay.input
        if adj.pos == "y" and adj.unit is not None and adj.unit is not unit and adj.unit.layers:
            # the wrong weight (BP303): follow what the author meant, this delta's own layer
            src = adj.unit.layers[0].input
            unit = adj.unit
        prev = self.output_unit(src) if src is not None else None
        if prev is not None:
            return Adj(adj.sign, "z", prev)
        return self.grad_wrt(adj.sign, src, unit)

    def grad_wrt(self, sign: int, node: Val | None, unit: Unit | None) -> Adj:
        """The gradient with respect to a forward value: a layer output, a data input, or a node."""
        if node is None:
            return Adj(sign, "x", unit)
        node = _strip_views(node)
        if node.op == "concat":
            # pad(a) = [a, 1]: the gradient reaching the padded input belongs to the layer output in it
            outs = [p for p in node.args if isinstance(p, Val) and p.role is not None and p.role[0] == "z"]
            rest = [p for p in node.args if isinstance(p, Val) and p not in outs]
            if len(outs) == 1 and not any(self.is_param(leaf) for p in rest for leaf in p.deps):
                node = outs[0]
        owner = self.output_unit(node)
        if owner is not None and node.role is not None and node.role[0] == "z":
            return Adj(sign, "z", owner)
        if not any(self.is_param(leaf) for leaf in node.deps):
            return Adj(sign, "x", unit)  # the network's input: nothing to train below
        return Adj(sign, "v", unit, node=node)

    def through_product(self, g: Val, factors: list[Val]) -> Adj | None:
        """dL/d(A) = dL/d(A * B) * B: the gradient of a gate product (h = o * tanh(c)) to one factor."""
        node = g.adj.node
        if node is None or not factors:
            return None
        for sign, term in self.linear_terms_of(node):
            if term.op != "mul" or not term.factors:
                continue
            rest = list(term.factors)
            for f in factors:
                hit = next((r for r in rest if same_value(r, f)), None)
                if hit is None:
                    break
                rest.remove(hit)
            else:
                if len(rest) == 1:
                    s = g.adj.sign * sign
                    for f in factors:
                        s *= self.sign_of(f) if f.deriv is None else 1
                    return self.grad_wrt(s, rest[0], g.adj.unit)
        return None

    def linear_terms_of(self, v: Val, depth: int = 0) -> list[tuple[int, Val]]:
        """Additive terms of a forward value across statements (c = f * c_prev + i * g)."""
        if depth < 4 and v.op in ("add", "sub") and len(v.args) == 2:
            b_sign = 1 if v.op == "add" else -1
            return self.linear_terms_of(v.args[0], depth + 1) + \
                [(s * b_sign, t) for s, t in self.linear_terms_of(v.args[1], depth + 1)]
        return [(1, v)]

    def f3(self, g: Val, a: Val, lay: LayerRec | None, via: str, g_left: bool = False,
           out: Val | None = None) -> Adj:
        adj = g.adj
        unit = adj.unit
        if lay is None and unit is not None and len(unit.layers) == 1:
            lay = unit.layers[0]
        leaf = lay.weight if lay is not None else None
        self.emit("F3", unit, leaf, input=a, layer=lay, via=via, g_left=g_left, pos=adj.pos, delta=g,
                  bias=False, value=out)
        return Adj(adj.sign, "W", unit, leaf)

    # ------------------------------------------------------------------ library calls
    def call(self, f: Val, args: list[Val], kwargs: dict[str, Val], node: ast.Call) -> Val:
        if f.kind == "func":
            return self.call_function(f, args, kwargs)
        if f.kind == "cls":
            return self.instantiate(f, args, kwargs, site=node)
        if f.kind == "method":
            obj, name, m = f.payload
            if m is not None:
                decos = {target_text(d) for d in getattr(m.payload[0], "decorator_list", [])}
                if "staticmethod" in decos:
                    return self.call_function(m, args, kwargs)
                if "classmethod" in decos:
                    return self.call_function(m, args, kwargs, self_val=self.unknown())
                return self.call_function(m, args, kwargs, self_val=obj)
            return self.call_method(obj, name, args, kwargs)
        if f.kind == "builtin":
            return self.call_builtin(f.payload, args, kwargs)
        if f.kind == "inst" and f.payload == "linear_module" and args:
            # torch.nn.Linear: y = x @ W.T + b, with W a trained parameter
            w = self.model_params(f)[0]
            wv = Val("leaf", (), "arr", self.cur)
            wv.leaf = w
            wv.deps = frozenset((w,))
            out = self.new("matmul", (args[0], wv))
            self.forward_layer(args[0], wv, out, "row")
            return out
        if f.kind == "inst":
            fwd = self.method_of(f, "forward") or self.method_of(f, "__call__")
            if fwd is not None:
                return self.call_function(fwd, args, kwargs, self_val=f)
            out = self.unknown(*args)
            out.deps = out.deps | frozenset(self.model_params(f))
            return out
        if f.kind == "mod":
            return self.call_library(f.payload, args, kwargs)
        return self.unknown(f, *args, *kwargs.values())

    def model_params(self, model: Val) -> list[Leaf]:
        leaf_val = model.elems.get("__params__") if model.kind == "inst" else None
        if leaf_val is None:
            leaf_val = self.make_leaf((id(model.stmt.node) if model.stmt else 0, "parameters"),
                                      model.name or "model" if model.payload == "linear_module"
                                      else f"{model.name or 'model'}.parameters()")
            leaf_val.leaf.requires_grad = True
            if model.kind == "inst":
                model.elems["__params__"] = leaf_val
        return [leaf_val.leaf]

    def call_library(self, qual: str, args: list[Val], kw: dict[str, Val]) -> Val:
        parts = qual.split(".")
        last = parts[-1]
        if not any(qual.startswith(m + ".") or qual == m for m in ARRAY_MODULES):
            if last in ("Linear", "Sequential", "Conv2d", "Module") and parts[0] == "torch":
                inst = Val("inst", (), "inst", self.cur)
                inst.elems = {}
                inst.payload = "linear_module" if last == "Linear" else None
                return inst
            if last in ("no_grad", "enable_grad", "inference_mode"):
                return self.unknown()
            if last in ("SGD", "Adam", "RMSprop", "Adagrad", "AdamW"):
                inst = Val("inst", (), "inst", self.cur)
                inst.elems = {}
                inst.payload = "optimizer"
                return inst
            return self.unknown(*args, *kw.values())
        if qual.startswith("torch.nn.functional") or qual.startswith("torch.nn"):
            if last in ("Linear", "Sequential", "Conv2d", "ReLU", "Sigmoid", "Tanh", "Module"):
                inst = Val("inst", (), "inst", self.cur)
                inst.elems = {}
                inst.payload = "linear_module" if last == "Linear" else None
                return inst
        if last in ("default_rng", "RandomState", "Generator", "PRNGKey", "manual_seed"):
            return self.module("numpy.random")
        if last == "Parameter":
            v = args[0] if args else self.unknown()
            out = self.new("init", (), "arr")
            while v.op in ("mul", "div", "add", "sub") and v.args:
                v = next((a for a in v.args if isinstance(a, Val) and a.op != "const"), v.args[0])
            out.payload = v.payload if isinstance(v.payload, int) else None
            out.deps = frozenset()
            out.rg = True
            return out
        canon = FUNCTIONS.get(last)
        if canon is None:
            return self.unknown(*args, *kw.values())
        return self.apply(canon, args, kw, qual)

    def call_method(self, obj: Val, name: str, args: list[Val], kw: dict[str, Val]) -> Val:
        if obj.kind == "seq":
            if name == "append" and args:
                if obj.summary is None and len(obj.elems) < _MAX_UNROLL and not self.loop_stack:
                    obj.elems.append(args[0])
                else:
                    obj.summary = args[0] if obj.summary is None else self.join(obj.summary, args[0])
                return self.const(None)
            if name in ("extend",) and args:
                e = self.seq_any(args[0]) if args[0].kind == "seq" else args[0]
                if e is not None:
                    obj.summary = e if obj.summary is None else self.join(obj.summary, e)
                return self.const(None)
            if name in ("pop",):
                return self.seq_any(obj) or self.unknown()
            if name in ("copy",):
                return self.seq(list(obj.elems), obj.summary)
            if name in ("index", "count"):
                return self.unknown(kind="num")
            return self.unknown(obj)
        if obj.kind == "dict":
            name = {"iteritems": "items", "itervalues": "values", "iterkeys": "keys", "viewitems": "items"}.get(name, name)
            if name == "items":
                pairs = [self.seq([self.const(k), v]) for k, v in obj.elems.items()]
                s = None
                if obj.summary is not None:
                    s = self.seq([self.unknown(kind="str"), obj.summary])
                return self.seq(pairs, s)
            if name == "keys":
                return self.seq([self.const(k) for k in obj.elems], None if obj.summary is None else self.unknown(kind="str"))
            if name == "values":
                return self.seq(list(obj.elems.values()), obj.summary)
            if name in ("get", "setdefault", "pop"):
                if args and args[0].op == "const" and args[0].num in obj.elems:
                    return obj.elems[args[0].num]
                return self.dict_any(obj) or (args[1] if len(args) > 1 else self.unknown())
            if name == "update" and args and args[0].kind == "dict":
                obj.elems.update(args[0].elems)
                return self.const(None)
            if name == "copy":
                d = Val("dict", (), "dict", self.cur)
                d.elems = dict(obj.elems)
                d.summary = obj.summary
                return d
            return self.unknown(obj)
        if obj.kind == "inst":
            if name in ("parameters", "named_parameters"):
                own = [v for v in obj.elems.values() if v.kind == "arr" and v.leaf is not None and
                       (v.leaf.requires_grad or v.leaf.role is not None)]
                if own and len(own) <= _MAX_UNROLL:
                    return self.seq(own)
                leaves = self.model_params(obj)
                v = self.make_leaf(leaves[0].key, leaves[0].name)
                return self.seq([], v)
            if name == "zero_grad":
                self.zero_grad(None)
                return self.const(None)
            if name == "step" and obj.payload == "optimizer":
                self.emit("optimizer", None, None)
                return self.const(None)
            return self.unknown(obj, *args)
        if obj.kind in ("str", "none"):
            return self.unknown(kind="str")
        canon = METHODS.get(name)
        if canon is None and name in ("masked_fill", "masked_fill_"):
            canon = "masked_fill"
        if canon is None:
            if FUNCTIONS.get(name) == "init" and obj.leaf is None and obj.adj is None:
                return self.apply("init", args, kw, name)
            return self.unknown(obj, *args, *kw.values())
        if canon in ("isub", "iadd"):
            arg = args[0] if args else self.unknown()
            sign = -1 if canon == "isub" else 1
            alpha = kw.get("alpha")
            if alpha is not None:
                arg = self.mul(alpha, arg)
            if obj.leaf is not None and self.try_update_inplace(obj, arg, sign, ast.Name(id=obj.leaf.name), None):
                return obj
            new = self.add(obj, arg, sign)
            return new
        if canon == "icopy" and args:
            if obj.leaf is not None:
                terms = self.linear_terms(args[0], 1, 0)
                if any(t.leaf is obj.leaf for _, t in terms):
                    self.try_update_rebind(obj, args[0], ast.Attribute(value=ast.Name(id="_"), attr="data"), None, data_view=True)
            return obj
        if canon == "izero":
            if obj.op == "grad" and obj.grad_of is not None:
                self.zero_grad(obj.grad_of)
            return obj
        if canon == "imul" or canon == "idiv" or canon == "iaddc":
            return obj
        if canon == "backward":
            self.autograd = True
            return self.const(None)
        if canon in ("zero_grad",):
            self.zero_grad(None)
            return self.const(None)
        if canon == "opt_step":
            return self.const(None)
        if canon == "parameters":
            return self.seq([], self.unknown())
        if name in ("masked_fill", "masked_fill_") and len(args) >= 2:
            out = self.new("setitem", (obj, args[0], args[1]))
            self._copy_facets(out, obj)
            if obj.adj is not None:
                relu = self.relu_mask_of(args[0], args[1])
                out.adj = self.f1(obj, relu, out) if relu is not None else obj.adj
            return out
        if name == "requires_grad_" and obj.leaf is not None:
            obj.leaf.requires_grad = True
            self.know.requires_grad.add(obj.leaf.key)
            return obj
        if name == "astype" or name == "type":
            return self.apply("copy", [obj], {}, name)
        return self.apply(canon, [obj] + list(args), kw, name)

    def call_builtin(self, name: str, args: list[Val], kw: dict[str, Val]) -> Val:
        if name in ("range", "xrange"):
            v = self.new("range", tuple(args), "range")
            v.deps = frozenset()
            return v
        if name == "len":
            out = self.new("len", tuple(args[:1]), "num")
            out.deps = frozenset()
            return out
        if name == "zip":
            if all(a.kind == "seq" and a.summary is None and a.elems for a in args) and \
                    len({len(a.elems) for a in args}) == 1:
                return self.seq([self.seq(list(t)) for t in zip(*(a.elems for a in args))])
            precise = {len(a.elems) for a in args if a.kind == "seq" and a.summary is None and a.elems}
            parts = [self.seq_any(a) if a.kind == "seq" else self.iter_summary(a) for a in args]
            if len(precise) == 1:
                n = precise.pop()
                rows = []
                for i in range(n):
                    row = [a.elems[i] if a.kind == "seq" and a.summary is None and a.elems else
                           (self.merged(p) or self.unknown()) for a, p in zip(args, parts)]
                    rows.append(self.seq(row))
                return self.seq(rows)
            return self.seq([], self.seq([p or self.unknown() for p in parts]))
        if name == "enumerate" and args:
            a = args[0]
            start = kw.get("start", args[1] if len(args) > 1 else None)
            first = start.num if start is not None and start.op == "const" and isinstance(start.num, int) else 0
            if a.kind == "seq" and a.summary is None and a.elems and (start is None or start.op == "const"):
                return self.seq([self.seq([self.const(i), e]) for i, e in enumerate(a.elems, first)])
            return self.seq([], self.seq([self.new("loopvar", (), "num"), self.iter_summary(a)]))
        if name in ("reversed", "list", "tuple", "sorted", "iter", "set", "frozenset") and args:
            a = args[0]
            if a.kind == "seq":
                return self.seq(list(a.elems or [])[::-1] if name == "reversed" and a.summary is None else list(a.elems or []), a.summary)
            if a.kind == "dict":
                return self.seq([self.const(k) for k in a.elems], a.summary and self.unknown(kind="str"))
            return a if a.kind == "range" else self.seq([], self.iter_summary(a))
        if name == "dict":
            d = Val("dict", (), "dict", self.cur)
            d.elems = dict(kw)
            if args and args[0].kind == "dict":
                d.elems.update(args[0].elems)
            return d
        if name in ("float", "int", "abs", "round", "bool") and args:
            a = args[0]
            if a.op == "const" and isinstance(a.num, (int, float)):
                try:
                    return self.const({"float": float, "int": int, "abs": abs, "round": round, "bool": bool}[name](a.num))
                except Exception:
                    return self.unknown(kind="num")
            out = self.new("call", (a,), "num")
            out.payload = name
            return out
        if name == "sum" and args:
            a = args[0]
            if a.kind == "seq":
                return self.seq_any(a) or self.unknown()
            return self.apply("sum", [a], {}, "sum")
        if name in ("max", "min") and args:
            return self.unknown(*args, kind="num")
        if name == "print":
            return self.const(None)
        if name == "next" and args:
            a = args[0]
            return (self.seq_any(a) if a.kind == "seq" else None) or self.unknown(a)
        if name == "super":
            return self.unknown()
        if name in ("getattr",):
            return self.unknown(*args)
        if name in ("map", "filter"):
            return self.seq([], self.unknown(*args))
        if name in ("isinstance", "hasattr", "callable", "issubclass"):
            return self.unknown(kind="num")
        return self.unknown(*args, *kw.values())

    def apply(self, canon: str, args: list[Val], kw: dict[str, Val], qual: str) -> Val:
        a0 = args[0] if args else self.unknown()
        if canon == "matmul":
            if len(args) >= 2:
                return self.matmul(args[0], args[1])
            return self.unknown(*args)
        if canon == "T":
            if len(args) == 1 or (len(args) >= 3 and args[1].num == 1 and args[2].num == 0) or \
                    (len(args) == 2 and args[1].kind == "seq"):
                return self.transpose(a0)
            if len(args) == 3 and {args[1].num, args[2].num} == {0, 1}:
                return self.transpose(a0)
            if len(args) == 1:
                return self.transpose(a0)
            # an axis permutation of a batch of maps: the same tensor, laid out differently
            return self.apply("reshape", [a0], {}, qual)
        if canon == "outer" and len(args) >= 2:
            return self.outer(args[0], args[1])
        if canon in ("einsum", "tensordot"):
            ops = [x for x in args if x.kind == "arr" and x.op != "const"]
            if len(ops) == 2:
                out = self.matmul_like(ops[0], ops[1], canon)
                out.ev = {"spec": args[0].num if args and args[0].op == "const" else None,
                          "order": [x for x in args if x.kind == "arr" and x.op != "const"], "kw": dict(kw)}
                return out
            spec = args[0].num if args and args[0].op == "const" and isinstance(args[0].num, str) else None
            if len(ops) == 1 and spec and "->" in spec:
                ins, out_idx = spec.replace(" ", "").split("->")
                if len(out_idx) < len(ins):
                    return self.reduce("sum", ops[0], [], {"axis": self.const(0 if out_idx else None)})
            return self.unknown(*args)
        if canon in ("correlate", "convolve"):
            ops = [x for x in args if x.kind == "arr" and x.op != "const"]
            if len(ops) >= 2:
                out = self.matmul_like(ops[0], ops[1], canon)
                mode = kw.get("mode", args[2] if len(args) > 2 else None)
                out.ev = {"fn": qual.rsplit(".", 1)[-1], "order": ops[:2],
                          "mode": mode.num if mode is not None and mode.op == "const" else "full"}
                return out
            return self.unknown(*args)
        if canon in ("exp", "log", "sqrt", "abs", "square", "rsqrt", "norm"):
            out = self.new("call", (a0,))
            out.payload = canon
            if a0.adj is not None:
                if canon in ("abs", "square", "norm"):
                    out.adj = None
                else:
                    out.adj = Adj(UNKNOWN_SIGN, "?")
            if canon == "log":
                self.note_log(a0)
            return out
        if canon in ("tanh", "sigmoid", "relu", "softmax", "log_softmax", "leaky_relu"):
            out = self.new("call", (a0,))
            out.payload = canon
            out.ev = {"kw": dict(kw), "args": list(args[1:])}
            if canon == "log_softmax":
                self.note_log(a0, softmax=True)
                return out
            return self.activation(canon, a0, out)
        if canon in ("maximum", "clip", "clip_min"):
            return self.clip_like(canon, args, kw)
        if canon == "where" and len(args) == 3:
            return self.where(*args)
        if canon == "heaviside":
            out = self.new("call", tuple(args))
            out.payload = "heaviside"
            out.deriv = Deriv("relu", a0, "mask")
            return out
        if canon in ("sum", "mean", "max"):
            return self.reduce(canon, a0, args[1:], kw)
        if canon in ("copy", "array", "reshape", "flip", "item"):
            if a0.kind == "seq" and canon == "array":
                out = self.new("array", tuple(a0.elems or ()))
                elem: Val | None = a0
                for _ in range(4):
                    if elem is None or elem.kind != "seq":
                        break
                    elem = self.seq_any(elem)
                if elem is not None and elem.kind == "arr":
                    # np.array([[conv(x, K[f]) + b[f] for f ...] for s ...]): the stacked layer output
                    out.role, out.adj, out.act = elem.role, elem.adj, elem.act
                return out
            out = self.new("copy" if canon in ("copy", "array") else canon, (a0,), a0.kind if a0.kind in ("arr", "num") else "arr")
            out.ev = {"fn": qual.rsplit(".", 1)[-1], "args": list(args[1:]), "kw": dict(kw)}
            out.adj = a0.adj
            out.role = a0.role
            out.act = a0.act
            out.deriv = a0.deriv
            out.cmp = a0.cmp
            out.num = a0.num if canon != "flip" else None
            out.leaf = a0.leaf if canon in ("reshape", "item") else None
            out.tr = a0.tr
            if canon == "copy" and "requires_grad" in kw:
                out.rg = True
            return out
        if canon == "init":
            out = self.new("init", ())
            out.ev = {"fn": qual.rsplit(".", 1)[-1], "args": list(args), "kw": dict(kw)}
            out.deps = frozenset()
            out.payload = self.size_of(args, kw)
            rg = kw.get("requires_grad")
            if rg is not None and rg.num:
                out.rg = True
            if qual.endswith("_like") and args:
                out.deps = frozenset()
            return out
        if canon == "concat":
            parts = a0.elems if a0.kind == "seq" and a0.elems else args
            out = self.new("concat", tuple(parts))
            out.ev = {"fn": qual.rsplit(".", 1)[-1], "kw": dict(kw), "seq": a0.kind == "seq"}
            if any(p.adj is not None for p in parts):
                out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        if canon in ("mul", "add", "sub", "div") and len(args) >= 2:
            return self.binop({"mul": "Mult", "add": "Add", "sub": "Sub", "div": "Div"}[canon], args[0], args[1])
        if canon == "neg":
            return self.neg(a0)
        if canon == "pow" and len(args) >= 2:
            return self.power(args[0], args[1])
        if canon in ("loss_ce", "loss_mse"):
            self.autograd = True
            return self.unknown(*args)
        if canon == "argmax" or canon == "cmpfn" or canon == "sign":
            out = self.unknown(*args)
            return out
        return self.unknown(*args, *kw.values())

    def size_of(self, args: list[Val], kw: dict[str, Val]) -> int | None:
        dims: list[Val] = []
        if args and args[0].kind == "seq" and args[0].elems is not None and args[0].summary is None:
            dims = list(args[0].elems)
        else:
            dims = [a for a in args if a.kind == "num"]
        if not dims:
            return None
        n = 1
        for d in dims:
            if d.op != "const" or not isinstance(d.num, int):
                return None
            n *= d.num
        return n

    def note_log(self, v: Val, softmax: bool = False) -> None:
        base = v
        for _ in range(5):
            if base.act is not None and base.act[0] in ("softmax", "sigmoid"):
                break
            if base.op in ("add", "sub") and base.args:
                base = base.args[0] if base.args[0].kind == "arr" else base.args[1]
            elif base.op in ("getitem", "copy", "reshape", "clip", "join") and base.args:
                base = base.args[0]
            elif base.op == "call" and base.payload == "clip" and base.args:
                base = base.args[0]
            else:
                break
        if softmax or (base.act is not None and base.act[0] in ("softmax", "sigmoid")):
            unit = self.output_unit(base) if not softmax else self.output_unit(v)
            if unit is not None:
                unit.ce = True
            if base.stmt is not None:
                self.know.ce_sites.add(base.stmt.idx)

    def clip_like(self, canon: str, args: list[Val], kw: dict[str, Val]) -> Val:
        a0 = args[0] if args else self.unknown()
        out = self.new("call", tuple(args))
        out.payload = "clip"
        out.ev = {"fn": canon, "kw": dict(kw)}
        if canon == "maximum" and len(args) >= 2:
            x, y = args[0], args[1]
            if x.num == 0 and y.num is None:
                return self.activation("relu", y, out)
            if y.num == 0 and x.num is None:
                return self.activation("relu", x, out)
            for p, q in ((x, y), (y, x)):
                if p.op == "mul" and p.factors and any(same_value(f, q) for f in p.factors):
                    return self.activation("leaky_relu", q, out)
            return out
        lo = kw.get("min", kw.get("a_min", args[1] if len(args) > 1 else None))
        hi = kw.get("max", kw.get("a_max", args[2] if len(args) > 2 else None))
        if canon == "clip_min":
            lo, hi = (args[1] if len(args) > 1 else kw.get("min")), None
        if lo is not None and lo.num == 0 and (hi is None or hi.kind == "none"):
            return self.activation("relu", a0, out)
        out.adj = a0.adj
        out.role = a0.role
        out.act = a0.act
        out.leaf = None
        return out

    def where(self, c: Val, x: Val, y: Val) -> Val:
        out = self.new("call", (c, x, y))
        out.payload = "where"
        operand = self.mask_operand(c)
        if x.adj is not None or y.adj is not None:
            g = x if x.adj is not None else y
            if operand is not None:
                other = y if g is x else x
                kind = "relu" if is_zero(other) else "leaky_relu"
                out.adj = self.f1(g, Deriv(kind, operand, "mask"), out)
            else:
                out.adj = g.adj
            return out
        if operand is not None and x.num == 1 and is_zero(y):
            out.deriv = Deriv("relu", operand, "mask")
            return out
        if operand is not None and x.num == 1 and y.num is not None and y.num != 0:
            out.deriv = Deriv("leaky_relu", operand, "mask")
            return out
        if operand is not None and same_value(operand, x):
            if is_zero(y):
                return self.activation("relu", x, out)
            if y.op == "mul" and y.factors and any(same_value(f, x) for f in y.factors):
                return self.activation("leaky_relu", x, out)
        return out

    def reduce(self, canon: str, a: Val, rest: list[Val], kw: dict[str, Val]) -> Val:
        out = self.new("call", (a,))
        out.payload = canon
        axis = kw.get("axis", kw.get("dim", rest[0] if rest else None))
        keep = kw.get("keepdims", kw.get("keepdim", rest[1] if len(rest) > 1 else None))
        out.ev = {"axis": axis, "keepdims": keep}
        if a.adj is not None:
            if canon == "max":
                out.adj = Adj(UNKNOWN_SIGN, "?")
                return out
            all_axes = axis is None or axis.kind == "none"
            if a.adj.pos == "y" or (a.adj.pos == "z" and a.adj.unit is not None and a.adj.unit.biases):
                unit = a.adj.unit
                bias = unit.biases[0] if unit is not None and unit.biases else None
                self.emit("F3", unit, bias, bias=True, all_axes=all_axes, axis=axis, delta=a, value=out)
                out.adj = Adj(a.adj.sign, "b", unit)
                return out
            out.adj = a.adj
            return out
        if canon == "sum" and a.op == "call" and a.payload == "exp":
            out.payload = "sum"
        if a.role is not None and (canon == "max" or a.role[0] == "mm"):
            out.role = a.role  # max for a stable softmax; a window sum finishes a convolution
        return out

    def outer(self, a: Val, b: Val) -> Val:
        return self.matmul_like(a, b, "outer")

    def matmul_like(self, a: Val, b: Val, how: str) -> Val:
        """einsum / outer / correlate: classify by which operand carries the gradient."""
        out = self.new(how, (a, b))
        if a.adj is not None and b.adj is not None:
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        if a.adj is not None or b.adj is not None:
            g, o = (a, b) if a.adj is not None else (b, a)
            if weight_view(o) is not None:
                out.adj = self.f2(g, o, out, via=how)
                return out
            if g.adj.pos == "y":
                lay = self.layer_for_input(g.adj.unit, o)
                out.adj = self.f3(g, o, lay, via=how, out=out)
                return out
            out.adj = g.adj if g.adj.pos in ("W", "b") else Adj(g.adj.sign, "?")
            return out
        sa, sb = self.view_score(a), self.view_score(b)
        if (sa or sb) and sa != sb and self.in_training_code() or (sa == sb and sa >= 2):
            w, x = (a, b) if sa > sb else (b, a)
            leaf = self.param_view(w) or w.leaf
            if leaf is not None:
                view = Val("leaf", (), "arr", self.cur)
                view.leaf = leaf
                view.deps = frozenset((leaf,))
                self.forward_layer(x, view, out, "conv" if how in ("correlate", "convolve") else "elementwise")
        return out

    def view_score(self, v: Val) -> int:
        """weight_score for a parameter seen through an index or reshape (K[f] in a conv loop)."""
        if v.leaf is not None:
            return self.weight_score(v)
        leaf = self.param_view(v)
        if leaf is None:
            return 0
        return 3 if leaf.key in self.know.updated or leaf.requires_grad else 2


def is_zero(v: Val) -> bool:
    """0, 0.0, or an array of zeros made for the purpose (`zero = torch.zeros(())`)."""
    if v.num == 0 and v.op == "const":
        return True
    src = v.leaf.src if v.leaf is not None and v.op == "leaf" and v.leaf.role is None else v
    return isinstance(src, Val) and src.op == "init" and bool(src.ev) and \
        src.ev.get("fn") in ("zeros", "zeros_like", "zeros_") and src.rg is False


def same_term(a: Val, b: Val, depth: int = 0) -> bool:
    """Structurally equal small terms: `np.exp(y - y.max())` computed twice."""
    if a is b:
        return True
    if depth > 4 or a.op != b.op or a.payload != b.payload or len(a.args) != len(b.args):
        return False
    if a.op == "const":
        return a.num == b.num
    if a.op in ("leaf", "unknown", "join", "init") or not a.args:
        return False
    return all(same_value(x, y) or same_term(x, y, depth + 1)
               for x, y in zip(a.args, b.args) if isinstance(x, Val) and isinstance(y, Val))


def same_value(a: Val, b: Val) -> bool:
    if a is b:
        return True
    if a.home is not None and a.home == b.home:
        return True
    if a.leaf is not None and a.leaf is b.leaf and a.tr == b.tr and a.op == b.op == "leaf":
        return True
    if a.role is not None and a.role == b.role and a.op == b.op and a.role[0] == "z":
        return True
    if a.op in ("copy", "getitem", "reshape") and a.args and a.cmp is None and a.adj is None:
        return same_value(a.args[0], b)
    if b.op in ("copy", "getitem", "reshape") and b.args and b.cmp is None and b.adj is None:
        return same_value(a, b.args[0])
    return False


def same_forward(a: Val | None, b: Val | None) -> bool:
    """Two values denote the same forward tensor (the layer input the gradient needs)."""
    if a is None or b is None:
        return False
    a, b = _strip_views(a), _strip_views(b)
    if a is b:
        return True
    if a.home is not None and b.home is not None:
        return a.home == b.home
    if a.role is not None and b.role is not None:
        return a.role == b.role
    la = _leafish(a)
    lb = _leafish(b)
    if la is not None and la is lb:
        return True
    if a.op == "join":
        return any(same_forward(x, b) for x in a.args)
    if b.op == "join":
        return any(same_forward(a, x) for x in b.args)
    if a.op == b.op and a.op in ("getitem", "copy", "reshape", "T") and a.args and b.args:
        return same_forward(a.args[0], b.args[0])
    if a.op == b.op == "concat":
        # [x, ones] built twice: the same tensor when the parts that carry data are the same
        pa = [p for p in a.args if isinstance(p, Val) and p.deps]
        pb = [p for p in b.args if isinstance(p, Val) and p.deps]
        return len(pa) == len(pb) > 0 and all(same_forward(x, y) for x, y in zip(pa, pb))
    return False


def weight_view(v: Val) -> Leaf | None:
    """The trained weight behind a view of it: W.T, W.reshape(...), W[:, ::-1, ::-1], np.flip(W)."""
    for _ in range(6):
        if v.leaf is not None and v.leaf.role == "weight" and v.leaf.layer is not None:
            return v.leaf
        if v.op in ("T", "copy", "reshape", "flip", "getitem") and v.args and v.adj is None:
            v = v.args[0]
        else:
            return None
    return None


def _strip_views(v: Val) -> Val:
    for _ in range(4):
        if v.op in ("T", "copy", "reshape") and v.args and v.home is None:
            v = v.args[0]
        elif v.op == "mul" and v.factors and v.adj is None and \
                len([f for f in v.factors if f.kind != "num"]) == 1:
            v = next(f for f in v.factors if f.kind != "num")
        else:
            break
    return v


def _leafish(v: Val) -> Leaf | None:
    base = v
    for _ in range(4):
        if base.leaf is not None:
            return base.leaf
        if base.op in ("T", "copy", "reshape", "getitem") and base.args:
            base = base.args[0]
        else:
            return None
    return None


def eval_cmp(op: str, a: Any, b: Any) -> bool:
    return {"Eq": a == b, "NotEq": a != b, "Lt": a < b, "LtE": a <= b, "Gt": a > b, "GtE": a >= b,
            "Is": a is b, "IsNot": a is not b}[op]


def eval_arith(op: str, a: Any, b: Any) -> Any:
    if op == "Add":
        return a + b
    if op == "Sub":
        return a - b
    if op == "Mult":
        return a * b
    if op == "Div":
        return a / b
    if op == "FloorDiv":
        return a // b
    if op == "Pow":
        if abs(b) > 64:
            raise ValueError
        return a ** b
    if op == "Mod":
        return a % b
    raise ValueError(op)
