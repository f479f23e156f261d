"""Names a function reads that nothing in its module defines: code that cannot run as written (a NameError)."""

from __future__ import annotations

import ast
import builtins

_BUILTIN_NAMES = frozenset(dir(builtins)) | {"__file__", "__name__", "__doc__", "__spec__", "__builtins__",
                                             "__loader__", "__package__", "__path__", "__debug__"}


def _bound(node: ast.AST, skip_nested: bool) -> set[str]:
    """The names a scope binds: assignment targets, loop and `with` targets, imports, defs, classes, parameters of
    its own function, `global`/`nonlocal` declarations (nested functions' bodies left out when asked)."""
    out: set[str] = set()
    todo = list(ast.iter_child_nodes(node))
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = node.args
        out.update(p.arg for p in a.posonlyargs + a.args + a.kwonlyargs)
        out.update(p.arg for p in (a.vararg, a.kwarg) if p is not None)
    while todo:
        n = todo.pop()
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            out.add(n.id)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            out.update((a.asname or a.name).split(".")[0] for a in n.names)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            out.update(n.names)
        elif isinstance(n, ast.ExceptHandler) and n.name:
            out.add(n.name)
        elif isinstance(n, ast.MatchAs) and n.name or isinstance(n, ast.MatchStar) and n.name:
            out.add(n.name)  # type: ignore[arg-type]
        elif isinstance(n, ast.arg):
            out.add(n.arg)  # (a lambda's or a comprehension's own parameters)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(n.name)
            if skip_nested:
                continue
        todo.extend(ast.iter_child_nodes(n))
    return out


def undefined_reads(tree: ast.Module) -> dict[int, tuple[int, int, frozenset[str]]]:
    """For each function (by id) that reads a value by a name no scope around it binds: its first and last line
    and those names. Empty when the module can bind names unseen (`from m import *`, `globals()[...] = `, `exec`)."""
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) or \
                isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("globals", "exec", "vars",
                                                                                            "locals", "setattr"):
            return {}
    # (a function's `global W; W = ...` binds a module name too)
    declared = {name for n in ast.walk(tree) if isinstance(n, ast.Global) for name in n.names}
    module = _bound(tree, skip_nested=True) | _BUILTIN_NAMES | declared
    out: dict[int, tuple[int, int, frozenset[str]]] = {}

    def visit(node: ast.AST, outer: frozenset[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                here = outer | _bound(child, skip_nested=False)
                # (a function called by a name nothing defines - `tanh(z)` from a helper module the file forgot to
                # import - is an omission around the arithmetic; a value read so - `dh @ Whh.T` - is in it)
                called = {id(n.func) for n in ast.walk(child) if isinstance(n, ast.Call)}
                reads = {n.id for n in ast.walk(child) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
                         and id(n) not in called}
                missing = frozenset(reads - here)
                if missing:
                    out[id(child)] = (child.lineno, getattr(child, "end_lineno", child.lineno) or child.lineno,
                                      missing)
                visit(child, here)
            else:
                visit(child, outer)

    visit(tree, frozenset(module))
    return out
