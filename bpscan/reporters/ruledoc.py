"""`bpscan rule CODE|NAME` and `bpscan rule --all`: a rule's documentation, and the list of rules."""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from io import StringIO
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from bpscan.registry import RuleInfo


# A docstring section heading: `What it does:` at the left margin, its body indented below.
_SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ,'/-]{0,40}):\s*$")
_CODE_SECTIONS = ("example", "examples", "use instead")


# The corpus's annotation comment (`# bp: F3[w2] BP304`), see corpus/README.md.
_ANNOTATION = re.compile(r"(?P<ws>[ \t]*)#[ \t]*bp:(?P<items>[^\n]*)$", re.MULTILINE)
_FINDING_CODE = re.compile(r"\bBP\d{3}\b")


def readable_examples(doc: str) -> str:
    """The doc with the corpus's `# bp: ...` markup turned into comments a user can read.

    Formula tags (`error`, `F1`..`F3`, `update[w2]`) are test expectations, not advice: they are
    dropped. A line the rule flags keeps a comment naming the finding, `# <- BP304
    missing-transpose`, where the markup was, so the example shows which line is wrong.
    """
    from bpscan.registry import all_rules

    names = {r.code: r.name for r in all_rules()}

    def replace(match: re.Match[str]) -> str:
        codes = _FINDING_CODE.findall(match.group("items"))
        if not codes:
            return ""
        shown = ", ".join(f"{c} {names[c]}" if c in names else c for c in dict.fromkeys(codes))
        return f"{match.group('ws') or '  '}# <- {shown}"

    return _ANNOTATION.sub(replace, doc)


def _is_python(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


def doc_to_markdown(doc: str) -> str:
    """Rule docstrings as Markdown: `Title:` + indented body becomes `## Title` + its text.

    Bodies of Example / Use instead sections that are Python become fenced code blocks; a
    docstring already written in Markdown passes through unchanged.
    """
    lines = inspect.cleandoc(doc).splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _SECTION.match(lines[i])
        if match is None:
            out.append(lines[i])
            i += 1
            continue
        i += 1
        body: list[str] = []
        while i < len(lines) and (not lines[i].strip() or lines[i][0] in " \t"):
            body.append(lines[i])
            i += 1
        text = textwrap.dedent("\n".join(body)).strip("\n")
        title = match.group("title")
        out += [f"## {title}", ""]
        if title.lower() in _CODE_SECTIONS and text and _is_python(text):
            out += ["```python", text, "```"]
        else:
            out.append(text)
        out.append("")
    return "\n".join(out).strip() + "\n"


def rule_title(info: RuleInfo) -> str:
    """`BP201 ascent-update (error)`."""
    return f"{info.code} {info.name} ({info.severity})"


def render_rule(info: RuleInfo, color: bool = False, width: int | None = None) -> str:
    """The rule's title and docstring: rich Markdown when `color`, the plain text otherwise."""
    doc = readable_examples(inspect.cleandoc(info.doc or info.summary or ""))
    title = rule_title(info)
    if not color:
        return f"{title}\n{'=' * len(title)}\n\n{doc}\n"

    from rich.console import Console
    from rich.markdown import Markdown

    out = StringIO()
    console = Console(file=out, force_terminal=True, width=width or 100, highlight=False,
                      emoji=False, legacy_windows=False)
    console.print(Markdown(f"# {title}\n\n{doc_to_markdown(doc)}"))
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
