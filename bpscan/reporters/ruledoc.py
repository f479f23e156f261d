"""`bpscan rule CODE|NAME` and `bpscan rule --all`: a rule's documentation, and the list of rules."""

from __future__ import annotations

import inspect
from io import StringIO
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from bpscan.registry import RuleInfo


def rule_title(info: RuleInfo) -> str:
    """`BP201 ascent-update (error)`."""
    return f"{info.code} {info.name} ({info.severity})"


def render_rule(info: RuleInfo, color: bool = False, width: int | None = None) -> str:
    """The rule's title and docstring: rich Markdown when `color`, the plain text otherwise."""
    doc = inspect.cleandoc(info.doc or info.summary or "")
    title = rule_title(info)
    if not color:
        return f"{title}\n{'=' * len(title)}\n\n{doc}\n"

    from rich.console import Console
    from rich.markdown import Markdown

    out = StringIO()
    console = Console(file=out, force_terminal=True, width=width or 100, highlight=False,
                      emoji=False, legacy_windows=False)
    console.print(Markdown(f"# {title}\n\n{doc}"))
    return out.getvalue()


def render_rule_list(infos: Sequence[RuleInfo]) -> str:
    """One aligned line per rule (code, name, severity, summary), then how to read one."""
    if not infos:
        return "No rules are registered.\n"
    rows = [("CODE", "NAME", "SEVERITY", "SUMMARY")]
    rows += [(i.code, i.name, i.severity, i.summary) for i in infos]
    widths = [max(len(row[c]) for row in rows) for c in range(3)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3]
        for row in rows
    ]
    lines.append("")
    lines.append("Run `bpscan rule CODE` (or `bpscan rule NAME`) for a rule's full text.")
    return "\n".join(line.rstrip() for line in lines) + "\n"
