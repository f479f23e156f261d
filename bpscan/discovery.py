"""Turn command-line paths into the sorted list of files to scan, honouring excludes and .gitignore."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence

#: File name endings picked up when recursing into a directory.
SOURCE_SUFFIXES: tuple[str, ...] = (".py", ".ipynb")

#: Directory names never entered while recursing (version control, caches, tool output).
SKIP_DIRS: frozenset[str] = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", "_darcs", ".jj",
        "__pycache__", "node_modules", ".ipynb_checkpoints",
        ".tox", ".nox", ".eggs", "__pypackages__",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".bpscan_cache", ".hypothesis",
    }
)


@dataclass(frozen=True)
class Discovered:
    """What the paths named: files to scan (sorted, unique) and paths that could not be used."""

    files: tuple[str, ...]
    missing: tuple[tuple[str, str], ...] = ()  # (path as given, reason)
    warnings: tuple[str, ...] = ()  # directories that could not be listed, patterns skipped


def is_virtualenv(path: str) -> bool:
    """A virtual environment (venv/virtualenv write pyvenv.cfg) or a conda environment."""
    return os.path.isfile(os.path.join(path, "pyvenv.cfg")) or os.path.isdir(
        os.path.join(path, "conda-meta")
    )


class _Patterns:
    """One gitignore-style pattern list anchored at a directory.

    An invalid pattern (`.idea\\`, ending in a backslash) is skipped, as git skips it, and
    described in `problems` ("FILE:LINE: ..."); `source` names the file (or "exclude") there.
    """

    def __init__(self, base: str, lines: Sequence[str], source: str = "exclude") -> None:
        self.base = base
        self.problems: list[str] = []
        self.spec = self._compile(lines, source)
        # The pattern that ignores an explicitly named directory itself (see `below`).
        self.inherited: int | None = None

    def _compile(self, lines: Sequence[str], source: str) -> Any:
        import pathspec  # lazy: costs ~30 ms to import, not needed for explicit files

        try:
            return pathspec.GitIgnoreSpec.from_lines(lines)
        except ValueError:
            pass
        # Only now find the bad lines, one by one; a blank line in their place keeps the others' indices.
        kept = list(lines)
        for number, line in enumerate(lines, start=1):
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except ValueError:
                kept[number - 1] = ""
                where = source if source == "exclude" else f"{source}:{number}"
                self.problems.append(f'{where}: invalid pattern "{line}" skipped')
        return pathspec.GitIgnoreSpec.from_lines(kept)

    def below(self, directory: str) -> _Patterns:
        """These patterns as seen from inside `directory`, which the user named explicitly.

        When a pattern ignores the named directory itself (`/versions/*` above a pyenv
        install), it would ignore everything beneath it too; but what the user names is
        scanned, so that pattern no longer counts. Other patterns (`*_generated.py`) still do.
        """
        result = self.spec.check_file(self._rel(directory, True) or ".")
        if result.include:
            self.inherited = result.index
        return self

    def _rel(self, abspath: str, is_dir: bool) -> str | None:
        if abspath == self.base:
            return None
        if self.base == os.sep:
            rel = abspath[1:]
        elif abspath.startswith(self.base + os.sep):
            rel = abspath[len(self.base) + 1 :]
        else:
            rel = os.path.relpath(abspath, self.base)
            if rel.startswith(".."):
                return None
        rel = rel.replace(os.sep, "/")
        return rel + "/" if is_dir else rel

    def check(self, abspath: str, is_dir: bool) -> bool | None:
        """True: ignored; False: re-included by a `!` pattern; None: no pattern matched."""
        rel = self._rel(abspath, is_dir)
        if rel is None:
            return None
        result = self.spec.check_file(rel)
        if result.include and result.index == self.inherited:
            return None
        return result.include


def _shown(path: str) -> str:
    """A path as warnings show it: relative to the working directory when beneath it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def _read_patterns(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read().splitlines()
    except OSError:
        return []


def _gitignore_at(directory: str, shown: str | None = None) -> _Patterns | None:
    path = os.path.join(directory, ".gitignore")
    if not os.path.isfile(path):
        return None
    lines = _read_patterns(path)
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    return _Patterns(directory, lines, shown or _shown(path))


def _ancestor_gitignores(directory: str) -> list[_Patterns]:
    """The .gitignore files (and .git/info/exclude) above `directory` within its git repository."""
    chain = []
    cur = directory
    while True:
        parent = os.path.dirname(cur)
        if os.path.exists(os.path.join(cur, ".git")):
            break
        if parent == cur:
            return []  # not inside a repository: only the scanned tree's own .gitignore files count
        cur = parent
        chain.append(cur)
    repo = cur
    out: list[_Patterns] = []
    exclude_file = os.path.join(repo, ".git", "info", "exclude")
    if os.path.isfile(exclude_file):
        lines = _read_patterns(exclude_file)
        if any(line.strip() and not line.startswith("#") for line in lines):
            out.append(_Patterns(repo, lines, _shown(exclude_file)))
    for d in reversed(chain):
        spec = _gitignore_at(d)
        if spec is not None:
            out.append(spec)
    return [spec.below(directory) for spec in out]


def _ignored(stack: Sequence[_Patterns], abspath: str, is_dir: bool) -> bool:
    # Deeper .gitignore files override shallower ones: the last matching pattern decides.
    decision: bool | None = None
    for patterns in stack:
        verdict = patterns.check(abspath, is_dir)
        if verdict is not None:
            decision = verdict
    return bool(decision)


def _join(display_dir: str, name: str) -> str:
    return name if display_dir == os.curdir else os.path.join(display_dir, name)


class _Walker:
    def __init__(self, exclude: _Patterns | None, respect_gitignore: bool) -> None:
        self.exclude = exclude
        self.respect_gitignore = respect_gitignore
        self.seen_dirs: set[tuple[int, int]] = set()
        self.warnings: list[str] = []

    def walk(self, display: str, top: str, out: dict[str, str]) -> None:
        stack_specs = _ancestor_gitignores(top) if self.respect_gitignore else []
        for spec in stack_specs:
            self._note(spec)
        todo: list[tuple[str, str, list[_Patterns]]] = [(display, top, stack_specs)]
        while todo:
            disp, absdir, specs = todo.pop()
            try:
                st = os.stat(absdir)
            except OSError:
                continue
            key = (st.st_dev, st.st_ino)
            if key in self.seen_dirs:  # bind mounts or an explicitly named loop
                continue
            self.seen_dirs.add(key)
            if self.respect_gitignore:
                own = _gitignore_at(absdir, _join(disp, ".gitignore"))
                if own is not None:
                    self._note(own)
                    specs = specs + [own]
            try:
                with os.scandir(absdir) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.warnings.append(f"{disp}: cannot list directory: {exc.strerror or exc}")
                continue
            subdirs = []
            for entry in entries:
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                child_abs = os.path.join(absdir, entry.name)
                if is_dir:
                    if entry.name in SKIP_DIRS or is_virtualenv(child_abs):
                        continue
                    if self._skip(specs, child_abs, True):
                        continue
                    subdirs.append((_join(disp, entry.name), child_abs, specs))
                    continue
                if not entry.name.endswith(SOURCE_SUFFIXES):
                    continue
                # Symlinked directories are not followed (like git), so loops cannot hang the walk;
                # a symlinked file is scanned when it points at a regular file.
                try:
                    if not entry.is_file(follow_symlinks=True):
                        if entry.is_symlink() and not os.path.exists(child_abs) and \
                                not self._skip(specs, child_abs, False):
                            # a source name pointing nowhere: said, not silently dropped
                            self.warnings.append(f"{_join(disp, entry.name)}: broken symbolic link; skipped")
                        continue
                except OSError:
                    continue
                if self._skip(specs, child_abs, False):
                    continue
                out.setdefault(child_abs, _join(disp, entry.name))
            todo.extend(reversed(subdirs))

    def _note(self, patterns: _Patterns) -> None:
        for problem in patterns.problems:
            if problem not in self.warnings:  # an ancestor .gitignore is read once per named path
                self.warnings.append(problem)

    def _skip(self, specs: Sequence[_Patterns], abspath: str, is_dir: bool) -> bool:
        if self.exclude is not None and self.exclude.check(abspath, is_dir):
            return True
        return bool(specs) and _ignored(specs, abspath, is_dir)


def _force_excluded(exclude: _Patterns | None, root: str, abspath: str, is_dir: bool) -> bool:
    """Whether an explicitly named path, or a directory between it and `root`, is excluded."""
    cur, cur_is_dir = abspath, is_dir
    while True:
        if exclude is not None and exclude.check(cur, cur_is_dir):
            return True
        if cur_is_dir and cur != abspath and (
            os.path.basename(cur) in SKIP_DIRS or is_virtualenv(cur)
        ):
            return True
        parent = os.path.dirname(cur)
        if parent == cur or cur == root or not cur.startswith(root + os.sep):
            return False
        cur, cur_is_dir = parent, True


def discover(
    paths: Sequence[str],
    *,
    exclude: Sequence[str] = (),
    root: str | None = None,
    force_exclude: bool = False,
    respect_gitignore: bool = True,
) -> Discovered:
    """Expand files and directories into the files to scan.

    Directories are walked for *.py and *.ipynb, skipping SKIP_DIRS, virtual environments,
    what .gitignore ignores and what `exclude` (gitignore-style, relative to `root`) matches.
    Like ruff, a file named explicitly is scanned whatever its name and even when excluded,
    unless `force_exclude` is set (as in a pre-commit hook that should honour `exclude`).
    """
    root_abs = os.path.abspath(root or os.curdir)
    exclude_spec: _Patterns | None = None
    if exclude:
        exclude_spec = _Patterns(root_abs, list(exclude))
    walker = _Walker(exclude_spec, respect_gitignore)
    if exclude_spec is not None:
        walker.warnings.extend(exclude_spec.problems)
    found: dict[str, str] = {}  # absolute path -> display path
    missing: list[tuple[str, str]] = []
    for given in paths:
        display = os.path.normpath(given)
        absolute = os.path.abspath(given)
        try:
            os.stat(absolute)
        except FileNotFoundError:
            missing.append((given, "no such file or directory"))
            continue
        except OSError as exc:
            missing.append((given, (exc.strerror or str(exc)).lower()))
            continue
        is_dir = os.path.isdir(absolute)
        if force_exclude and _force_excluded(exclude_spec, root_abs, absolute, is_dir):
            continue
        if is_dir:
            walker.walk(display, absolute, found)
        else:
            found.setdefault(absolute, display)
    files = sorted(set(found.values()), key=_sort_key)
    return Discovered(tuple(files), tuple(missing), tuple(walker.warnings))


def _sort_key(path: str) -> tuple[Any, ...]:
    # Directory order (a/b.py before a/b/c.py is fine either way, but keep it stable and readable).
    return tuple(path.split(os.sep))
