"""Helpers of the untuned-shape tests: analyse a dedented source (or a small project), its tags by line, a line by
its text."""

from __future__ import annotations

import textwrap
from pathlib import Path

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


def codes(src: str) -> dict[int, set[str]]:
    """The finding codes on each line of `src` (every confidence)."""
    out: dict[int, set[str]] = {}
    for f in result(src).findings:
        out.setdefault(f.line, set()).add(f.code)
    return out


def line_of(src: str, text: str) -> int:
    """The number of the line of `src` (dedented) that reads exactly `text`, stripped."""
    return next(i for i, s in enumerate(textwrap.dedent(src).splitlines(), 1) if s.strip() == text)


def project_kinds(tmp_path: Path, files: dict[str, str], main: str) -> dict[int, set[str]]:
    """The tag kinds on each line of `main`, one of `files` (relative path -> dedented source) written under
    `tmp_path` and analysed there, so that its imports of the others are followed."""
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    target = tmp_path / main
    out: dict[int, set[str]] = {}
    for t in analyze_source(target.read_text(encoding="utf-8"), str(target)).tags:
        if t.path is None:
            out.setdefault(t.line, set()).add(t.kind)
    return out
