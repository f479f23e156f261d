"""`--statistics`: how many findings of each rule, like ruff's (`   3  BP201  ascent-update`)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Sequence

from bpscan.reporters import ReportContext, summary_line
from bpscan.results import FileResult


def counts(results: Sequence[FileResult]) -> list[tuple[int, str, str, str]]:
    """(count, code, name, severity) per rule that has findings, most frequent first, then by code."""
    seen = Counter((f.code, f.name, f.severity) for r in results for f in r.findings)
    return sorted(((n, code, name, sev) for (code, name, sev), n in seen.items()),
                  key=lambda row: (-row[0], row[1]))


def render(results: Sequence[FileResult], ctx: ReportContext | None = None) -> str:
    """One aligned line per rule, then (unless quiet) the summary line."""
    ctx = ctx or ReportContext()
    rows = counts(results)
    lines = []
    if rows:
        width = max(len(str(n)) for n, *_ in rows)
        name_width = max(len(name) for _, _, name, _ in rows)
        lines = [f"{n:>{width}}  {code}  {name:<{name_width}}  {sev}" for n, code, name, sev in rows]
    if not ctx.quiet:
        lines.append(summary_line(results, ctx.missing))
    return "".join(line.rstrip() + "\n" for line in lines)


def render_json(results: Sequence[FileResult], ctx: ReportContext | None = None) -> str:
    """The same counts as a JSON list (`--statistics --format json`)."""
    rows = [{"code": code, "name": name, "severity": sev, "count": n} for n, code, name, sev in counts(results)]
    return json.dumps(rows, indent=2) + "\n"
