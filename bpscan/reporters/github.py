"""`--format github`: GitHub Actions workflow commands, shown as annotations on the pull request."""

from __future__ import annotations

from typing import Sequence

from bpscan.reporters import ReportContext, finding_order, related_location, summary_line
from bpscan.results import FileResult, Finding

#: bpscan severity -> workflow command.
COMMANDS: dict[str, str] = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (`file=`, `title=`): also `:` and `,`, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: object) -> str:
    """`::kind key=value,...::message` with everything escaped; None-valued properties left out."""
    parts = [f"{key}={escape_property(str(value))}" for key, value in props.items() if value is not None]
    head = f"::{kind} {','.join(parts)}" if parts else f"::{kind}"
    return f"{head}::{escape_data(message)}"


def finding_command(path: str, f: Finding) -> str:
    """One annotation; its message carries the expected statement and where the rule is explained."""
    message = f.message
    if f.cell is not None:
        # GitHub maps lines onto the .ipynb file itself, where a cell's line means nothing.
        message = f"cell {f.cell}, line {f.line}: {message}"
    if f.expected:
        message += f"\n{f.fix_label}: {f.expected}"
    for rel in f.related:
        message += f"\n{related_location(rel)}: {rel.message}"
    message += f"\n(bpscan rule {f.code})"
    in_cell = f.cell is not None
    one_line = f.end_line == f.line
    return command(
        COMMANDS.get(f.severity, "warning"),
        message,
        file=path,
        line=None if in_cell else f.line,
        col=None if in_cell else f.column,
        endLine=None if in_cell else f.end_line,
        # GitHub honours columns only on one-line spans.
        endColumn=None if in_cell or not one_line else f.end_column,
        title=f"{f.code} {f.name}",
    )


def render(results: Sequence[FileResult], ctx: ReportContext | None = None) -> str:
    """One workflow command per finding and per unreadable file, then the summary as plain text."""
    ctx = ctx or ReportContext()
    lines: list[str] = []
    for r in results:
        if r.error is not None:
            lines.append(command("error", f"could not be analysed: {r.error}", file=r.path,
                                 title="bpscan"))
        for f in sorted(r.findings, key=finding_order):
            lines.append(finding_command(r.path, f))
    if not ctx.quiet:
        lines.append(summary_line(results, ctx.missing))
    return "\n".join(lines) + "\n"
