"""One line per finding (`path:line:col: CODE name message`), for pipes, editors and pre-commit."""

from __future__ import annotations

from typing import Sequence

from bpscan.reporters import (ReportContext, finding_order, location, not_understood, read_in_part, related_location,
                              summary_line)
from bpscan.results import FileResult, Finding

# Plain ANSI, so that this format (the one pre-commit runs) never pays for importing rich.
_RESET = "\033[0m"
_BOLD = "\033[1m"
_SEVERITY_COLOR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def finding_line(path: str, f: Finding, color: bool = False) -> str:
    """`path:line:col: CODE name message` (`path:cell N:line L:col: ...` in a notebook).

    Related lines in other files are appended as `(see other.py:40: why)`: the fault is in this
    file, but the reader could not guess which file the line it contradicts is in.
    """
    where = location(path, f.line, f.column, f.cell)
    message = _one_line(f.message)
    elsewhere = [f"{related_location(rel)}: {_one_line(rel.message)}" for rel in f.related if rel.path is not None]
    if elsewhere:
        message += f" (see {'; '.join(elsewhere)})"
    if not color:
        return f"{where}: {f.code} {f.name} {message}"
    tint = _SEVERITY_COLOR.get(f.severity, "")
    return f"{_BOLD}{where}{_RESET}: {tint}{_BOLD}{f.code}{_RESET} {tint}{f.name}{_RESET} {message}"


def error_line(path: str, error: str, color: bool = False) -> str:
    """`path: error: message` for a file that could not be analysed."""
    if not color:
        return f"{path}: error: {_one_line(error)}"
    return f"{_BOLD}{path}{_RESET}: {_SEVERITY_COLOR['error']}error{_RESET}: {_one_line(error)}"


def render(results: Sequence[FileResult], ctx: ReportContext | None = None) -> str:
    """Every finding and unreadable file on its own line, then the summary."""
    ctx = ctx or ReportContext()
    lines: list[str] = []
    for r in results:
        if r.error is not None:
            lines.append(error_line(r.path, r.error, ctx.color))
        lost = not_understood(r) if r.error is None and not ctx.quiet else None
        if lost is not None:  # "nothing to check" and "not understood" must not look alike
            lines.append(f"{r.path}: note: {_one_line(lost)}")
        partly = read_in_part(r) if r.error is None and not ctx.quiet else None
        if partly is not None:
            lines.append(f"{r.path}: note: {_one_line(partly)}")
        for f in sorted(r.findings, key=finding_order):
            lines.append(finding_line(r.path, f, ctx.color))
    if not ctx.quiet:
        lines.append(summary_line(results, ctx.missing))
    return "\n".join(lines) + "\n"
