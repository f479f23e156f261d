"""Project-local imports: find the module a file imports among the project's own files, as a type checker would.

Never site-packages, never by importing anything: a module is found only as a `.py` file (or a
package's `__init__.py`) under the importing file's directory, its package root, the directories
above it up to the project's root, or the configured `src` directories.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

#: files above this size are not followed (generated tables, vendored bundles)
MAX_MODULE_BYTES = 400_000
#: how far above a file's directory a script's sibling packages are looked for (`sys.path.append('..')`)
_MAX_UP = 3
_PROJECT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg")


@lru_cache(maxsize=512)
def search_roots(path: str, src: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Directories an absolute import from `path` is resolved against, nearest first."""
    here = os.path.dirname(os.path.abspath(path))
    roots = [here]
    # the parent of the topmost package that holds the file
    top = here
    while os.path.isfile(os.path.join(top, "__init__.py")):
        top = os.path.dirname(top)
    if top != here:
        roots.append(top)
    # a script beside its packages, or one level below them (`sys.path.append(os.pardir)`)
    d = here
    for _ in range(_MAX_UP):
        if any(os.path.exists(os.path.join(d, m)) for m in _PROJECT_MARKERS):
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
        roots.append(d)
    # folders the script puts on its path by a literal name (`sys.path.append('mytorch')`, then `from linear
    # import *`): relative to the script's directory, where such handouts are run from
    roots.extend(d for d in (os.path.normpath(os.path.join(here, lit)) for lit in _path_literals(path))
                 if os.path.isdir(d))
    roots.extend(os.path.abspath(s) for s in src)
    # a project laid out with its packages under `src/` (what `pip install -e .` puts on the path): scripts beside
    # `src/` import its packages by their own names (`import nn` of `src/nn/`)
    roots.extend(os.path.join(d, "src") for d in list(roots) if os.path.isdir(os.path.join(d, "src")))
    return tuple(dict.fromkeys(roots))


_SYS_PATH_LITERAL = re.compile(r"""sys\.path\.(?:append|insert)\(\s*(?:\d+\s*,\s*)?[rR]?(['"])([^'"\n]+)\1\s*\)""")


def _path_literals(path: str) -> list[str]:
    """The relative folders a file adds to `sys.path` by a string literal."""
    try:
        with open(path, "rb") as f:
            head = f.read(MAX_MODULE_BYTES)
    except OSError:
        return []
    if b"sys.path" not in head:
        return []
    text = head.decode("utf-8", "replace")
    return [m.group(2) for m in _SYS_PATH_LITERAL.finditer(text) if not os.path.isabs(m.group(2))]


@lru_cache(maxsize=256)
def _entries(folder: str) -> dict[str, str]:
    """A folder's entries by their case-folded name, those that no other entry folds to."""
    try:
        names = os.listdir(folder)
    except OSError:
        return {}
    folded: dict[str, list[str]] = {}
    for n in names:
        folded.setdefault(n.casefold(), []).append(n)
    return {k: v[0] for k, v in folded.items() if len(v) == 1}


def _any_case(base: str, parts: list[str]) -> str | None:
    """`from .initializer import ...` of a file named Initializer.py: the project was written where file names
    ignore case (Windows, macOS), and Python found it there. The one entry that matches each part but for case."""
    folder = base
    for i, part in enumerate(parts):
        entries = _entries(folder)
        if i == len(parts) - 1:
            hit = entries.get((part + ".py").casefold())
            if hit is not None and os.path.isfile(os.path.join(folder, hit)):
                return os.path.join(folder, hit)
        hit = entries.get(part.casefold())
        if hit is None or not os.path.isdir(os.path.join(folder, hit)):
            return None
        folder = os.path.join(folder, hit)
    init = os.path.join(folder, "__init__.py")
    return init if os.path.isfile(init) else None


def _module_file(base: str, parts: list[str]) -> str | None:
    target = os.path.join(base, *parts)
    candidates = [target + ".py", os.path.join(target, "__init__.py")]
    if parts and not any(os.path.isfile(c) for c in candidates):
        other = _any_case(base, parts)
        if other is not None:
            candidates = [other]
    for candidate in candidates:
        if os.path.isfile(candidate):
            try:
                if os.path.getsize(candidate) > MAX_MODULE_BYTES:
                    return None
            except OSError:
                return None
            return candidate
    return None


@lru_cache(maxsize=1)
def _installed() -> tuple[str, ...]:
    """The interpreter's own library folders: the standard library and site-packages are not the project."""
    import sys
    import sysconfig

    paths = sysconfig.get_paths()
    dirs = {paths.get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    dirs |= {p for p in sys.path if p.endswith(("site-packages", "dist-packages"))}
    return tuple(os.path.realpath(d) + os.sep for d in dirs if d)


def installed(path: str) -> bool:
    real = os.path.realpath(path)
    return real.startswith(_installed()) or f"{os.sep}site-packages{os.sep}" in real or \
        f"{os.sep}dist-packages{os.sep}" in real


def resolve(importer: str, module: str | None, level: int, src: tuple[str, ...] = ()) -> str | None:
    """The project file for `import module` (level 0) or `from .module import` (level > 0), or None."""
    if importer.startswith("<") or installed(importer):
        return None
    parts = module.split(".") if module else []
    if level > 0:
        base = os.path.dirname(os.path.abspath(importer))
        for _ in range(level - 1):
            base = os.path.dirname(base)
        return _module_file(base, parts) if parts else _module_file(base, ["__init__"]) and \
            os.path.join(base, "__init__.py")
    if not parts:
        return None
    for root in search_roots(importer, src):
        found = _module_file(root, parts)
        if found is not None and os.path.abspath(found) != os.path.abspath(importer):
            return found
    # `import utils.optim` inside utils/ (no __init__.py, a setup.py of its own for an extension): the package
    # named by its own folder, imported from the folder above it. Or a course's folder tree copied under another
    # prefix (`from Exercise.Ex03.exercise3_material.src.Layers.Helpers import f` in exercise3_material/src/Layers/):
    # the import's tail from the part that names a folder above the file
    d = os.path.dirname(os.path.abspath(importer))
    for _ in range(_MAX_UP + 3):
        name = os.path.basename(d)
        for i, part in enumerate(parts[:-1] if len(parts) > 1 else parts):
            if part != name:
                continue
            found = _module_file(os.path.dirname(d), parts[i:])
            if found is not None and os.path.abspath(found) != os.path.abspath(importer):
                return found
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return None


def module_name(path: str) -> str:
    base = os.path.basename(path)
    if base == "__init__.py":
        return os.path.basename(os.path.dirname(path))
    return os.path.splitext(base)[0]
