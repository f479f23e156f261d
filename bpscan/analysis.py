"""Analyse one Python source text: build the semantic model, tag it, run the rules."""

from __future__ import annotations

from bpscan.results import FileResult


def analyze_source(text: str, path: str = "<string>") -> FileResult:
    """Placeholder until the model lands: no layers, no tags, no findings."""
    return FileResult(path=path)
