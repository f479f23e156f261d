"""`--format sarif`: SARIF 2.1.0 with rule metadata, help text and related locations."""

from __future__ import annotations

import inspect
import json
import os
import posixpath
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote

from bpscan.reporters import ReportContext
from bpscan.reporters.ruledoc import doc_to_markdown, readable_examples
from bpscan.results import FileResult, Finding

# Plain dicts: the one Python SARIF object model (sarif-om) has been unmaintained since 2019
# and would add two runtime dependencies for what is a small, schema-checked document.
SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
TOOL_NAME = "bpscan"
INFORMATION_URI = "https://pypi.org/project/bpscan/"
SRCROOT = "%SRCROOT%"

#: bpscan severity -> SARIF level.
LEVELS: dict[str, str] = {"error": "error", "warning": "warning", "info": "note"}

# Matches bpscan.engine.INTERNAL_PREFIX; not imported so that rendering never loads the engine.
_INTERNAL_PREFIX = "internal error"


def _level(severity: str) -> str:
    return LEVELS.get(severity, "warning")


def artifact_location(path: str, cwd: str | None = None) -> dict[str, Any]:
    """A path under the working directory as a `%SRCROOT%`-relative URI, else an absolute file URI."""
    cwd = os.path.abspath(cwd or os.getcwd())
    absolute = os.path.abspath(path)
    try:
        rel: str | None = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive (Windows)
        rel = None
    if rel is None or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return {"uri": Path(absolute).as_uri()}
    uri = posixpath.join(*rel.split(os.sep)) if os.sep != "/" else rel
    return {"uri": quote(uri, safe="/"), "uriBaseId": SRCROOT}


def rule_descriptor(code: str, name: str, severity: str, summary: str, doc: str) -> dict[str, Any]:
    """One `reportingDescriptor`: what the rule is, its default level and its documentation."""
    short = summary or name
    full = readable_examples(inspect.cleandoc(doc)) or short
    pointer = f"In a terminal: `bpscan rule {code}`"
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": f"{full}\n\n{pointer}", "markdown": f"{doc_to_markdown(full)}\n{pointer}"},
        "defaultConfiguration": {"level": _level(severity)},
        "properties": {"tags": ["backpropagation", "correctness"]},
    }


def _rules(results: Sequence[FileResult]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    from bpscan.registry import all_rules

    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for info in all_rules():
        index[info.code] = len(rules)
        rules.append(rule_descriptor(info.code, info.name, info.severity, info.summary, info.doc))
    # A finding whose rule the registry does not list still needs a descriptor to point at.
    for r in results:
        for f in r.findings:
            if f.code not in index:
                index[f.code] = len(rules)
                rules.append(rule_descriptor(f.code, f.name, f.severity, f.name, ""))
    return rules, index


def _region(line: int, column: int | None = None, end_line: int | None = None,
            end_column: int | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, line)}
    if column is not None:
        region["startColumn"] = max(1, column)
    if end_line is not None:
        region["endLine"] = max(region["startLine"], end_line)
    if end_column is not None and end_line is not None:
        end_col = max(1, end_column)
        if region["endLine"] == region["startLine"] and column is not None:
            end_col = max(end_col, region["startColumn"])
        region["endColumn"] = end_col
    return region


def _physical(path: str, region: dict[str, Any] | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(path)}
    if region is not None:
        physical["region"] = region
    return physical


def _cell_prefix(cell: int | None, line: int) -> str:
    return "" if cell is None else f"cell {cell}, line {line}: "


def _result(path: str, f: Finding, rule_index: int) -> dict[str, Any]:
    text = _cell_prefix(f.cell, f.line) + f.message
    if f.expected:
        text += f"\n{f.fix_label}: {f.expected}"
    # A notebook cell's line says nothing about the .ipynb file's own lines: no region there.
    region = None if f.cell is not None else _region(f.line, f.column, f.end_line, f.end_column)
    related = []
    for i, rel in enumerate(f.related, start=1):
        rel_region = None if rel.cell is not None else _region(rel.line)
        # a related line may be in another project file (the forward pass in model.py): its own artifact
        related.append({
            "id": i,
            "physicalLocation": _physical(rel.path or path, rel_region),
            "message": {"text": _cell_prefix(rel.cell, rel.line) + rel.message},
        })
    properties: dict[str, Any] = {"confidence": f.confidence, "severity": f.severity}
    if f.cell is not None:
        properties.update(cell=f.cell, cellLine=f.line, cellColumn=f.column)
    out: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _level(f.severity),
        "message": {"text": text},
        "locations": [{"physicalLocation": _physical(path, region)}],
    }
    if related:
        out["relatedLocations"] = related
    out["properties"] = properties
    return out


def sarif_log(results: Sequence[FileResult], ctx: ReportContext | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (one run)."""
    ctx = ctx or ReportContext()
    rules, index = _rules(results)
    sarif_results = []
    notifications = []
    for r in results:
        if r.error is not None:
            notifications.append({
                "level": "error",
                "message": {"text": f"{r.path}: could not be analysed: {r.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(r.path)}}],
            })
        for f in r.findings:
            sarif_results.append(_result(r.path, f, index[f.code]))
    internal = any(r.error is not None and r.error.startswith(_INTERNAL_PREFIX) for r in results)
    invocation: dict[str, Any] = {"executionSuccessful": not internal}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver = {
        "name": TOOL_NAME,
        "version": ctx.version,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }


def render(results: Sequence[FileResult], ctx: ReportContext | None = None) -> str:
    """The SARIF log as indented JSON."""
    return json.dumps(sarif_log(results, ctx), indent=2) + "\n"
