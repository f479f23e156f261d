"""Reporters turn analysis results into text; only they may import rich."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Sequence

from bpscan import __version__
from bpscan.results import NOT_UNDERSTOOD, FileResult, Finding, Related, read_in_part_note

#: Output formats, in the order `--help` lists them.
FORMATS: tuple[str, ...] = ("concise", "full", "json", "sarif", "github", "html")

# json is not a module name we want to shadow the standard library with.
_MODULES: dict[str, str] = {
    "concise": "concise",
    "full": "full",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "html": "html",
}


@dataclass(frozen=True)
class ReportContext:
    """How to render: colours, terminal width, whether to show annotated source, bpscan's version."""

    color: bool = False
    width: int | None = None
    show_source: bool = True
    #: the detailed per-finding view (code window, tagged source, ledger): None = only for one file
    detail: bool | None = None
    #: findings only: no headings, notes or summary
    quiet: bool = False
    version: str = __version__
    #: paths given on the command line that do not exist (the summary must not say "all checked")
    missing: int = 0


Reporter = Callable[[Sequence[FileResult], ReportContext], str]


def get_reporter(fmt: str) -> Reporter:
    """The `render(results, ctx) -> str` function of one format; imports it only now."""
    try:
        module = _MODULES[fmt]
    except KeyError:
        raise ValueError(
            f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})"
        ) from None
    return importlib.import_module(f"{__name__}.{module}").render  # type: ignore[no-any-return]


def plural(n: int, word: str) -> str:
    """`1 finding`, `2 findings`."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def location(path: str, line: int, column: int | None = None, cell: int | None = None) -> str:
    """`path:12:5`, or `nb.ipynb:cell 4:line 7:5` for a notebook cell (column optional)."""
    where = f"{path}:{line}" if cell is None else f"{path}:cell {cell}:line {line}"
    return where if column is None else f"{where}:{column}"


def related_location(rel: Related) -> str:
    """`line 40` (`cell 2, line 3`) in the finding's own file; `other.py:40` when in another file."""
    if rel.path is not None:  # a bare line number would send the reader into the wrong file
        return location(rel.path, rel.line, None, rel.cell)
    return f"line {rel.line}" if rel.cell is None else f"cell {rel.cell}, line {rel.line}"


def finding_order(f: Finding) -> tuple:
    """Sort key: cell, then position, then code."""
    return (f.cell if f.cell is not None else -1, f.line, f.column, f.code)


def not_understood(r: FileResult) -> str | None:
    """The note of a file that looks like backprop but got no model, or None."""
    return next((n for n in r.notes if n.startswith(NOT_UNDERSTOOD)), None)


def read_in_part(r: FileResult) -> str | None:
    """The note of a file analysed without the lines a syntax error stopped at, or None."""
    return read_in_part_note(r.notes)


def summary_line(results: Sequence[FileResult], missing: int = 0) -> str:
    """The closing line every human-readable format prints; `missing`: paths that were not found."""
    files = len(results)
    found = sum(len(r.findings) for r in results)
    failed = sum(1 for r in results if r.error is not None)
    lost = sum(1 for r in results if r.error is None and not_understood(r) is not None)
    partly = sum(1 for r in results if r.error is None and read_in_part(r) is not None)
    if found:
        text = f"Found {plural(found, 'finding')} in {plural(files, 'file')}."
    elif failed or lost or missing or partly:
        text = f"No findings in {plural(files, 'file')}."
    else:
        text = f"All checked: no findings in {plural(files, 'file')}."
    extra = []
    if missing:
        extra.append(f"{plural(missing, 'path')} not found")
    if failed:
        extra.append(f"{failed} could not be analysed")
    if lost:
        extra.append(f"{lost} not understood")
    if partly:
        extra.append(f"{partly} read in part")
    if extra:
        text = text[:-1] + f" ({', '.join(extra)})."
    return text
