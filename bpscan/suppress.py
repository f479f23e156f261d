"""Inline suppressions (`# noqa: BP201`, `# bpscan: ignore[ascent-update]`) and unused ones (BP001)."""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from typing import Iterable, Sequence

from bpscan.results import Finding

UNUSED_CODE = "BP001"
UNUSED_NAME = "unused-suppression"
UNUSED_SEVERITY = "warning"

# `# noqa`, `# noqa: BP201`, `# NOQA:BP201,BP101`; codes are letters then digits (flake8 style).
_NOQA = re.compile(
    r"#\s*noqa\b(?:\s*:\s*(?P<codes>[A-Za-z]+[0-9]+(?:(?:\s*,\s*|\s+)[A-Za-z]+[0-9]+)*))?",
    re.IGNORECASE,
)
# `# bpscan: ignore`, `# bpscan: ignore[ascent-update, BP101]`.
_BPSCAN = re.compile(r"#\s*bpscan\s*:\s*ignore\b(?:\[(?P<items>[^\]]*)\])?", re.IGNORECASE)
_OURS = re.compile(r"BP[0-9]+\Z", re.IGNORECASE)
_CANDIDATE = re.compile(r"noqa|bpscan", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment: where it is and which rules it names (None: every rule)."""

    line: int
    column: int  # 0-based offset of its `#` in the line
    end_column: int
    kind: str  # "noqa" or "bpscan"
    items: tuple[str, ...] | None
    text: str  # as written, e.g. "# noqa: BP201"


def _comments(text: str) -> Iterable[tuple[int, int, str]]:
    """(line, column, comment text) for every real comment; strings never count."""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                yield tok.start[0], tok.start[1], tok.string
    except (tokenize.TokenError, SyntaxError):
        # Unparsable tail: the comments before it still count; the analysis reports the error.
        return


def find_directives(text: str) -> list[Directive]:
    """Every suppression directive in a Python source text, in order."""
    if not _CANDIDATE.search(text):  # most files have none: skip the tokenizer
        return []
    out: list[Directive] = []
    for line, col, comment in _comments(text):
        found: list[Directive] = []
        for m in _NOQA.finditer(comment):
            codes = m.group("codes")
            if codes is None:
                items = None
            else:
                named = [c.upper() for c in re.split(r"[\s,]+", codes) if c]
                ours = tuple(c for c in named if _OURS.match(c))
                if not ours:
                    continue  # only other tools' codes (`# noqa: E501`): not ours at all
                items = ours
            found.append(_directive(line, col, m, "noqa", items))
        for m in _BPSCAN.finditer(comment):
            raw = m.group("items")
            parts = tuple(p for p in re.split(r"[\s,]+", raw or "") if p)
            items = tuple(p.upper() if _OURS.match(p) else p.lower() for p in parts) or None
            found.append(_directive(line, col, m, "bpscan", items))
        out.extend(sorted(found, key=lambda d: d.column))
    return out


def _directive(line: int, col: int, m: re.Match[str], kind: str, items: tuple[str, ...] | None) -> Directive:
    return Directive(line, col + m.start(), col + m.end(), kind, items, m.group(0).strip())


def _matches(item: str, finding: Finding) -> bool:
    return item == finding.code.upper() or item == finding.name.lower()


def _covers(directive: Directive, finding: Finding) -> bool:
    return finding.line <= directive.line <= max(finding.end_line, finding.line)


def _names_unused_rule(item: str) -> bool:
    return item in (UNUSED_CODE, UNUSED_NAME)


def apply(
    findings: Sequence[Finding],
    directives: Sequence[Directive],
    *,
    detected: Sequence[Finding] | None = None,
    lines: Sequence[str] | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """Drop suppressed findings; return (kept findings, BP001 findings for unused directives).

    A directive applies to a finding when it sits on any line of the finding's span. Whether a
    directive is used is judged against `detected` — every finding the analysis produced, even
    those the rule selection drops — so `# noqa: BP101` is not called unused just because the
    run disabled BP101. A bare `# noqa` is never reported (other linters share it); `# noqa`
    codes that are not bpscan's are ignored. `lines` (the source) lets BP001 show the fix.
    """
    pool = list(findings if detected is None else detected)
    used: set[tuple[int, str | None]] = set()  # (directive index, item or None for bare)
    for i, d in enumerate(directives):
        for f in pool:
            if not _covers(d, f):
                continue
            if d.items is None:
                used.add((i, None))
            else:
                for item in d.items:
                    if _matches(item, f):
                        used.add((i, item))

    def suppressed(f: Finding, include_unused_rule: bool) -> bool:
        for d in directives:
            if not _covers(d, f):
                continue
            if d.items is None:
                if f.code != UNUSED_CODE or d.kind == "noqa":
                    return True
            elif any(_matches(item, f) for item in d.items):
                return True
            elif include_unused_rule and f.code == UNUSED_CODE and any(
                _names_unused_rule(item) for item in d.items
            ):
                return True
        return False

    kept = [f for f in findings if not suppressed(f, False)]

    unused: list[Finding] = []
    for i, d in enumerate(directives):
        if d.items is None:
            if d.kind == "noqa" or (i, None) in used:
                continue
            idle: tuple[str, ...] = ()
        else:
            idle = tuple(
                item for item in d.items if (i, item) not in used and not _names_unused_rule(item)
            )
            if not idle:
                continue
        unused.append(_unused_finding(d, idle, lines))
    unused = [f for f in unused if not suppressed(f, True)]
    return kept, unused


def _unused_finding(d: Directive, idle: tuple[str, ...], lines: Sequence[str] | None) -> Finding:
    if idle:
        what = " or ".join(_describe_item(item) for item in idle)
        message = f"unused suppression `{d.text}`: no {what} finding on this line"
    else:
        message = f"unused suppression `{d.text}`: no finding on this line"
    expected = None
    if lines is not None and 0 < d.line <= len(lines):
        expected = _without(lines[d.line - 1], d, idle) or None
    return Finding(
        code=UNUSED_CODE,
        name=UNUSED_NAME,
        severity=UNUSED_SEVERITY,
        line=d.line,
        column=d.column + 1,
        end_line=d.line,
        end_column=d.end_column + 1,
        message=message,
        expected=expected,
    )


def _describe_item(item: str) -> str:
    try:
        from bpscan.registry import find_rule

        known = find_rule(item) is not None
    except Exception:  # a broken rule module must not turn a warning into a crash
        known = True
    return item if known else f"{item} (unknown rule)"


def _without(line: str, d: Directive, idle: tuple[str, ...]) -> str:
    """The line with the directive rewritten to name only what it still suppresses."""
    remaining = () if d.items is None else tuple(i for i in d.items if i not in idle)
    head, tail = line[: d.column], line[d.end_column :]
    if remaining:
        if d.kind == "noqa":
            new = "# noqa: " + ", ".join(remaining)
        else:
            new = "# bpscan: ignore[" + ", ".join(remaining) + "]"
        return (head + new + tail).strip()
    stripped_tail = tail.strip()
    if stripped_tail:  # another comment followed the directive: keep it
        return (head.rstrip() + "  " + stripped_tail).strip()
    return head.strip()
