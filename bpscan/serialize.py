"""Plain-dict form of results: the stable JSON schema (`--format json`) and the on-disk cache."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from bpscan.results import FileResult, Finding, Layer, Related, Tag

#: Version of the JSON document produced by `results_to_json`; bump on incompatible changes.
#: 2 added `related[].path` (a related line in another file); version 1 documents are still read.
#: Within version 2, `findings[].fix` was added later (optional in the schema, ignored when read back):
#: an addition that no reader of version 2 has to understand, so the version stays; so was `layers[].family`.
SCHEMA_VERSION = 2
_READABLE_VERSIONS = (1, SCHEMA_VERSION)

_LAYER_LINE_FIELDS = ("f1", "f2", "f3", "update")


def tag_to_dict(t: Tag) -> dict[str, Any]:
    """One tag as the schema's `tags[]` object."""
    return {
        "line": t.line,
        "end_line": t.end_line,
        "kind": t.kind,
        "layer": t.layer,
        "param": t.param,
        "confidence": t.confidence,
        "cell": t.cell,
    }


def related_to_dict(r: Related) -> dict[str, Any]:
    """One related line as the schema's `related[]` object (`path` null: the finding's own file)."""
    return {"line": r.line, "message": r.message, "cell": r.cell, "path": r.path}


def finding_to_dict(f: Finding, source: str | None = None, *, fixes: bool = False,
                    cells: dict[int, Any] | None = None) -> dict[str, Any]:
    """One finding as the schema's `findings[]` object; with `fixes`, its `fix` (edits in `source`, or in
    its notebook cell's source from `cells`)."""
    out = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "message": f.message,
        "expected": f.expected,
        "related": [related_to_dict(r) for r in f.related],
        "confidence": f.confidence,
        "cell": f.cell,
        "insert_after": f.insert_after,
        "move_before": f.move_before,
    }
    if fixes:
        from bpscan.fix import fix_of

        out["fix"] = fix_of(f, source, cells)
    return out


def layer_to_dict(layer: Layer) -> dict[str, Any]:
    """One layer with every `Layer` field; line tuples become lists."""
    return {
        "name": layer.name,
        "weight": layer.weight,
        "bias": layer.bias,
        "input": layer.input,
        "preact": layer.preact,
        "activation": layer.activation,
        "output": layer.output,
        "convention": layer.convention,
        "line": layer.line,
        "f1": list(layer.f1),
        "f2": list(layer.f2),
        "f3": list(layer.f3),
        "update": list(layer.update),
        "direction": layer.direction,
        "family": layer.family,
    }


def result_to_dict(r: FileResult, *, fixes: bool = False) -> dict[str, Any]:
    """One file's result as the schema's `files[]` object (the source text is not included); with
    `fixes` (the JSON report, not the cache) each finding carries its `fix`."""
    cells = None
    if fixes and any(f.cell is not None and f.expected is not None for f in r.findings):
        from bpscan.fix import notebook_cells

        cells = notebook_cells(r.path, r.source)  # a notebook finding's edits are in its cell's source
    return {
        "path": r.path,
        "error": r.error,
        "layers": [layer_to_dict(layer) for layer in r.layers],
        "tags": [tag_to_dict(t) for t in r.tags],
        "findings": [finding_to_dict(f, r.source, fixes=fixes, cells=cells) for f in r.findings],
        "notes": list(r.notes),
    }


def tag_from_dict(d: Mapping[str, Any], path: str | None = None) -> Tag:
    """Inverse of `tag_to_dict`; optional keys may be missing. `path`: the project file it is in."""
    return Tag(
        line=int(d["line"]),
        end_line=int(d.get("end_line", d["line"])),
        kind=str(d["kind"]),
        layer=d.get("layer"),
        param=d.get("param"),
        confidence=d.get("confidence", "high"),
        cell=d.get("cell"),
        path=path,
    )


def related_from_dict(d: Mapping[str, Any]) -> Related:
    """Inverse of `related_to_dict`; a version 1 entry has no `path` (its line is in the finding's file)."""
    return Related(line=int(d["line"]), message=str(d["message"]), cell=d.get("cell"), path=d.get("path"))


def finding_from_dict(d: Mapping[str, Any]) -> Finding:
    """Inverse of `finding_to_dict`; optional keys may be missing."""
    return Finding(
        code=str(d["code"]),
        name=str(d["name"]),
        severity=str(d["severity"]),
        line=int(d["line"]),
        column=int(d["column"]),
        end_line=int(d["end_line"]),
        end_column=int(d["end_column"]),
        message=str(d["message"]),
        expected=d.get("expected"),
        related=tuple(related_from_dict(r) for r in d.get("related", ())),
        confidence=d.get("confidence", "high"),
        cell=d.get("cell"),
        insert_after=d.get("insert_after"),
        move_before=d.get("move_before"),
    )


def layer_from_dict(d: Mapping[str, Any]) -> Layer:
    """Inverse of `layer_to_dict`."""
    lines = {k: tuple(int(n) for n in d.get(k, ())) for k in _LAYER_LINE_FIELDS}
    return Layer(
        name=str(d["name"]),
        weight=str(d["weight"]),
        bias=d.get("bias"),
        input=str(d["input"]),
        preact=d.get("preact"),
        activation=d.get("activation"),
        output=d.get("output"),
        convention=str(d["convention"]),
        line=int(d["line"]),
        direction=d.get("direction"),
        family=bool(d.get("family", False)),
        **lines,
    )


def result_from_dict(d: Mapping[str, Any], source: str | None = None) -> FileResult:
    """Inverse of `result_to_dict`: `result_from_dict(result_to_dict(r)) == r`."""
    return FileResult(
        path=str(d["path"]),
        error=d.get("error"),
        layers=tuple(layer_from_dict(x) for x in d.get("layers", ())),
        tags=tuple(tag_from_dict(x) for x in d.get("tags", ())),
        findings=tuple(finding_from_dict(x) for x in d.get("findings", ())),
        notes=tuple(str(n) for n in d.get("notes", ())),
        source=source,
    )


def results_to_json(results: Iterable[FileResult]) -> dict[str, Any]:
    """The whole `--format json` document: `{"version": 2, "files": [...]}`."""
    return {"version": SCHEMA_VERSION, "files": [result_to_dict(r, fixes=True) for r in results]}


def results_from_json(doc: Mapping[str, Any]) -> list[FileResult]:
    """Read a `--format json` document back into results (e.g. to re-render it)."""
    if doc.get("version") not in _READABLE_VERSIONS:
        raise ValueError(f"unsupported bpscan JSON version: {doc.get('version')!r}")
    return [result_from_dict(f) for f in doc.get("files", ())]
