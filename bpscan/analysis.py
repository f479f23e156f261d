"""Analyse one Python source text: build the semantic model, tag it, run the rules."""

from __future__ import annotations

import gc
from typing import Any, Callable

from bpscan.results import Check, FileResult, Finding, read_in_part_note


def build_model(text: str, path: str = "<string>", src: tuple[str, ...] = (),  # type: ignore[no-untyped-def]
                in_part: bool = False):
    """Parse `text` (never importing or running it) and build its semantic model.

    The project's own modules that `path` imports are read too (see bpscan.project). With `in_part`, a script
    with a syntax error in a line or two is read without those lines (bpscan.source.parse_in_part).
    """
    from bpscan.model import Model
    from bpscan.source import SourceError, parse_in_part, parse_python
    from bpscan.values import reset_serials

    try:
        tree, notes = parse_python(text, path)
    except SourceError as refused:
        partial = parse_in_part(text, refused, path) if in_part else None
        if partial is None:
            raise
        tree, notes = partial
    reset_serials()
    model = Model(tree, text, path, src)
    model.notes = list(notes) + model.notes
    if read_in_part_note(notes):
        model.interp.truncated = True  # the lines put aside may hold what an absence rule would miss
    return model


def analyze_source(text: str, path: str = "<string>", select: frozenset[str] | None = None,
                   verify: bool = False, src: tuple[str, ...] = (),
                   cells: tuple[tuple[int, int], ...] | None = None) -> FileResult:
    """Tags, layers and findings for one script; raises SourceError when it cannot be parsed.

    With `verify`, the hand-written gradients are also checked numerically (rule BP601). `cells` is a
    notebook's (cell, line in cell) per program line: a rule may ask which cell a statement ends.
    """
    # The model makes many small objects that live as long as the analysis: pausing the cyclic
    # collector meanwhile keeps the cost linear in file size (CPython's own parser does the same).
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return _analyze(text, path, select, verify, src, cells)
    finally:
        if gc_was_on:
            gc.enable()


def _analyze(text: str, path: str, select: frozenset[str] | None, verify: bool,
             src: tuple[str, ...] = (), cells: tuple[tuple[int, int], ...] | None = None) -> FileResult:
    # (a notebook skips the cells it cannot read; verify evaluates what is written, every line of it)
    model = build_model(text, path, src, in_part=cells is None and not verify)
    model.verify = verify
    model.cells = cells
    checks: tuple[Check, ...] = ()
    if verify and model.events:
        from bpscan.verify import verify_model
        from bpscan.verify.lists import merge_rows, verify_list_networks

        # once: rule BP601 reports the mismatches among them (networks kept in lists checked element by element)
        model.checks = list(merge_rows(tuple(verify_model(model)), (), verify_list_networks(model))[0])
        checks = tuple(Check(c.param, c.verdict, c.line, c.rel_error, c.reason) for c in model.checks)
    findings: list[Finding] = []
    if model.events or model.engine.active:
        from bpscan.registry import all_rules

        for rule in all_rules():
            if select is not None and rule.code not in select:
                continue
            try:
                findings.extend(rule.check(model))
            except Exception as exc:  # noqa: BLE001 - one rule's fault must not cost the file its other findings
                model.notes.append(f"rule {rule.code} stopped on an internal error ({type(exc).__name__}: {exc}); "
                                   "its findings for this file are left out (please report it with the file)")
    if findings:
        from dataclasses import replace

        doubts = model.doubts()
        findings = [replace(f, confidence="medium")
                    if f.confidence == "high" and (f.path, f.line) in doubts and f.code in doubts[(f.path, f.line)][1]
                    else f
                    for f in findings]
    if any(f.confidence == "high" for f in findings):
        findings = _in_broken_functions(findings, model)
    if any(f.confidence == "high" and f.path is None for f in findings):
        findings = _in_tests(findings, model)
    # a fault in another project file is reported where it is, when that file is scanned too
    foreign = tuple(sorted({(f.path, f.line, f.code, f.message): f for f in findings if f.path is not None}.values(),
                           key=lambda f: (f.path or "", f.line, f.code, f.message)))
    findings = [f for f in findings if f.path is None]
    seen: set[tuple] = set()
    unique: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.line, f.column, f.code, f.message)):
        # one finding per rule and statement (a flipped Adam step is one fault, not four);
        # BP101 sits on the forward statement and names one parameter each
        key = (f.code, f.line, f.message) if f.code == "BP101" else (f.code, f.line)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    every = model.tags()
    tags = tuple(sorted([t for t in every if t.path is None] + model.forward_tags(), key=lambda t: (t.line, t.kind)))
    # tags on other project files' statements: theirs when they are scanned too (see engine.rehome)
    foreign_tags = tuple(sorted({(t.path, t.line, t.kind, t.param): t for t in every if t.path is not None}.values(),
                                key=lambda t: (t.path or "", t.line, t.kind, t.param or "")))
    return FileResult(
        path=path,
        layers=tuple(model.layers()),
        tags=tags,
        findings=tuple(unique),
        notes=tuple(model.notes),
        source=text,
        deps=model.deps,
        foreign=foreign,
        foreign_tags=foreign_tags,
        checks=checks,
    )


def _test_spans(tree: Any) -> list[tuple[int, int, str]]:
    """(first line, last line, name) of each test: a `test_*` function, or a method of a `Test*` or `TestCase`
    class (pytest's and unittest's)."""
    import ast

    spans: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and (node.name.startswith("Test") or any(
                (b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "")) == "TestCase" for b in node.bases)):
            spans.append((node.lineno, node.end_lineno or node.lineno, node.name))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
            spans.append((node.lineno, node.end_lineno or node.lineno, node.name))
    return spans


#: a stretch of a file whose findings are uncertain: (first line, last line, what its note is keyed by, the note)
_Span = tuple[int, int, object, str]


def _demoted_in(findings: list[Finding], model: Any, spans_of: Callable[[str | None], list[_Span]]) -> list[Finding]:
    """High findings on a line inside one of `spans_of(path)` made medium, each span's note added once (for this
    file's own spans); the first span holding the line decides."""
    from dataclasses import replace

    spans: dict[str | None, list[_Span]] = {}
    out: list[Finding] = []
    noted: set[object] = set()
    for f in findings:
        if f.confidence != "high":
            out.append(f)
            continue
        if f.path not in spans:
            spans[f.path] = spans_of(f.path)
        hit = next((b for b in spans[f.path] if b[0] <= f.line <= b[1]), None)
        if hit is not None:
            f = replace(f, confidence="medium")
            if f.path is None and hit[2] not in noted:
                noted.add(hit[2])
                model.notes.append(hit[3])
        out.append(f)
    return out


def _in_tests(findings: list[Finding], model: Any) -> list[Finding]:
    """A finding inside a test is uncertain: a test computes reference values (often the layer's formulas written
    again beside the layer object, sharing its weights and activation objects) to compare with, not a training
    step, and which layer each of its values belongs to is not what the model can be sure of."""
    def spans_of(path: str | None) -> list[_Span]:
        return [(a, b, name, f"line {a}: {name} is a test: the values it computes are references to compare with, "
                             "so its findings are uncertain")
                for a, b, name in _test_spans(model.tree)] if path is None else []

    return _demoted_in(findings, model, spans_of)


def _in_broken_functions(findings: list[Finding], model: Any) -> list[Finding]:
    """A finding inside a function that reads a name nothing defines (`dh @ Whh.T` with no `Whh` anywhere) is
    uncertain: the function cannot run as written, so what the model read of it may not be what its author meant."""
    from bpscan.interp_imports import parsed_tree
    from bpscan.undefined import undefined_reads

    def spans_of(path: str | None) -> list[_Span]:
        tree = model.tree if path is None else parsed_tree(path)
        broken = sorted(undefined_reads(tree).values(), key=lambda b: b[1] - b[0]) if tree else []
        return [(a, b, a, f"line {a}: the function reads {', '.join(sorted(names)[:3])}, defined nowhere in this "
                          "file, so it cannot run as written: its findings are uncertain") for a, b, names in broken]

    return _demoted_in(findings, model, spans_of)
