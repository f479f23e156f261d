"""Imports of the project's own modules: their definitions join the model, never their execution."""

from __future__ import annotations

import ast
from typing import Any

from bpscan.runtime import Scope
from bpscan.values import Val

#: how deep a chain of project imports is followed (train.py -> model.py -> layers.py -> ...)
_MAX_IMPORT_DEPTH = 8
#: how many project modules, and how many of their lines, one analysis reads at most
_MAX_MODULES = 40
_MAX_LINES = 30_000


#: parsed project modules, shared by every analysis in this process (both passes, every importer)
_PARSED: dict[str, tuple[tuple[int, int], ast.Module, frozenset[str], int, str | None]] = {}
_MAX_PARSED = 256


def _parsed(path: str) -> tuple[ast.Module, frozenset[str], int, str | None]:
    """A project module's tree (its statements marked with their file), its bound names, its length, and what was
    put aside to parse it (a slip in a line or two, as for the file under analysis), or None.

    Parsed once per process while the file is unchanged: a project's layers.py is read by every
    script that imports it.
    """
    import os

    from bpscan.interp import scan_module
    from bpscan.source import SourceError, parse_in_part, parse_python

    st = os.stat(path)
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _PARSED.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1], hit[2], hit[3], hit[4]
    with open(path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    aside = None
    try:
        tree, _ = parse_python(text, path)
    except SourceError as refused:
        partial = parse_in_part(text, refused, path)
        if partial is None:
            raise
        tree, aside = partial[0], " ".join(str(refused).split())
    for node in ast.walk(tree):
        if isinstance(node, (ast.stmt, ast.Lambda)):
            node._bp_mod = path  # type: ignore[attr-defined]
    names = frozenset(scan_module(tree)[0])
    n_lines = text.count("\n") + 1
    if len(_PARSED) >= _MAX_PARSED:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[path] = (stamp, tree, names, n_lines, aside)
    return tree, names, n_lines, aside


def parsed_tree(path: str) -> ast.Module | None:
    """The tree of a project module this process has read (see `_parsed`), or None."""
    hit = _PARSED.get(path)
    return hit[1] if hit is not None else None


class ImportsMixin:
    """Part of the abstract interpreter (see bpscan.interp.Interp)."""

    def project_module(self, module: str | None, level: int, quiet: bool = False) -> Val | None:
        """The project module `module` as a value whose attributes are its top-level names, or None."""
        if self.path is None:
            return None
        from bpscan.project import resolve

        importer = self.cur_path()
        try:
            found = resolve(importer, module, level, self.src)
        except OSError:
            found = None
        if found is None:
            if level > 0 and not quiet:
                self.notes.append(f"{self.place()}: relative import {'.' * level}{module or ''} not found "
                                  f"in the project; its names are unknown")
            return None
        return self.load_module(found)

    def loaded_package(self, level: int) -> Val | None:
        """The package a relative import at `level` names, when this analysis has already read (or is reading) its
        `__init__`; None otherwise (it is not read here: a submodule never makes Python run it again)."""
        import os

        from bpscan.project import resolve

        if self.path is None:
            return None
        try:
            found = resolve(self.cur_path(), None, level, self.src)
        except OSError:
            return None
        return self.loaded.get(os.path.abspath(found)) if found is not None else None

    def cur_path(self) -> str:
        node = self.cur.node if self.cur is not None else None
        return getattr(node, "_bp_mod", None) or self.path

    def load_module(self, path: str) -> Val | None:
        import os

        from bpscan.project import module_name

        key = os.path.abspath(path)
        if key in self.loaded:
            return self.loaded[key]
        if key == os.path.abspath(self.path or ""):
            # a package's __init__ importing back the file under analysis: as in Python, the importer sees the
            # names that file has defined so far
            if self.module_scope is None:
                return None
            mod = Val("pmod", (), "pmod", self.cur)
            mod.payload = self.module_scope
            mod.name = module_name(path)
            return mod
        if len(self.loading) >= _MAX_IMPORT_DEPTH:
            self.notes.append(f"{self.place()}: {os.path.basename(path)} not read: it is imported through "
                              f"{len(self.loading)} project modules already (the chain is not followed deeper)")
            return None
        if len(self.deps) >= _MAX_MODULES or self.dep_lines >= _MAX_LINES:
            self.notes.append(f"{self.place()}: {os.path.basename(path)} not read: this file already "
                              f"imports {len(self.deps)} project modules ({self.dep_lines} lines)")
            return None
        from bpscan.source import SourceError

        try:
            tree, names, n_lines, aside = _parsed(path)
        except (OSError, SourceError, ValueError, RecursionError, MemoryError) as exc:
            self.notes.append(f"{self.place()}: {os.path.basename(path)} could not be read "
                              f"({' '.join(str(exc).split()) or type(exc).__name__}); its names are unknown")
            self.loaded[key] = None
            return None
        if aside is not None:
            # (a slip in a line of a module it imports costs that line, as it would in the file itself)
            self.notes.append(f"{self.place()}: {os.path.basename(path)} read in part ({aside}): the lines put "
                              f"aside are not read")
            self.truncated = True
        self.bound |= names
        self.deps.append(key)
        self.dep_lines += n_lines
        scope = Scope(None)
        scope.vars["__name__"] = self.const(module_name(path))
        mod = Val("pmod", (), "pmod", self.cur)
        mod.payload = scope
        mod.name = module_name(path)
        self.loaded[key] = mod  # as in Python, a cycle back to this module sees what it has defined so far
        self.loading.append(key)
        saved_cur, saved_loops, saved_static = self.cur, self.loop_stack, self.static_loops
        saved_ranges = self.range_vars
        self.loop_stack, self.static_loops, self.range_vars = [], [], []
        self.quiet += 1  # its own top level is not the code under review here
        try:
            self.exec_block(tree.body, scope)
        finally:
            self.quiet -= 1
            self.loading.pop()
            self.cur, self.loop_stack, self.static_loops = saved_cur, saved_loops, saved_static
            self.range_vars = saved_ranges
        self.loaded[key] = mod
        return mod

    def partial(self, mod: Val) -> bool:
        """A project module still running its top level (a cycle back into it, or into the file under analysis):
        a name it has not defined yet is no submodule to look for."""
        return mod.payload is self.module_scope or self.still_loading(mod)

    def still_loading(self, mod: Val) -> bool:
        """A project module this analysis is reading whose top level has not finished (an import cycle)."""
        return any(self.loaded.get(k) is mod for k in self.loading)

    def bind_from(self, scope: Scope, mod: Val, names: list[Any]) -> None:
        """`from mod import a, b as c` or `from mod import *` with mod a project module."""
        env: Scope = mod.payload
        for a in names:
            if a.name == "*":
                for k, v in env.vars.items():
                    if not k.startswith("_"):
                        self.bind(scope, k, v)
                continue
            v = env.vars.get(a.name)
            if v is not None:
                self.bind(scope, a.asname or a.name, v)
