"""Helpers of the untuned-shape tests: analyse a dedented source, its tags by line, a line by its text."""

from __future__ import annotations

import textwrap

from bpscan.analysis import analyze_source


def result(src: str):  # type: ignore[no-untyped-def]
    """What bpscan reports for `src`, dedented, analysed as `t.py`."""
    return analyze_source(textwrap.dedent(src), "t.py")


def kinds(src: str) -> dict[int, set[str]]:
    """The tag kinds on each line of `src`."""
    out: dict[int, set[str]] = {}
    for t in result(src).tags:
        out.setdefault(t.line, set()).add(t.kind)
    return out


def line_of(src: str, text: str) -> int:
    """The number of the line of `src` (dedented) that reads exactly `text`, stripped."""
    return next(i for i, s in enumerate(textwrap.dedent(src).splitlines(), 1) if s.strip() == text)
