"""Multi-file projects of our own (corpus/projects/): every file of each project checked both ways."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bpscan import annotations
from bpscan.config import OPT_IN
from bpscan.engine import FileTask, run
from bpscan.registry import all_rules
from bpscan.results import FileResult
from bpscan.source import load_program

from corpus_util import CORPUS, have, name_to_code

PROJECTS = sorted(p for p in (CORPUS / "projects").iterdir() if p.is_dir())
ALL = frozenset(r.code for r in all_rules()) - set(OPT_IN)


def _files(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*") if p.suffix in (".py", ".ipynb") and "__pycache__" not in p.parts)


def _program_lines(result: FileResult, path: Path) -> FileResult:
    """A notebook's (cell, line) positions back as program lines, as its annotations are read."""
    cells = load_program(str(path)).cell_of_line
    if not cells:
        return result
    back = {pos: i for i, pos in enumerate(cells, 1)}
    tags = [replace(t, line=back.get((t.cell, t.line), t.line), end_line=back.get((t.cell, t.end_line), t.line))
            for t in result.tags]
    findings = [replace(f, line=back.get((f.cell, f.line), f.line), end_line=back.get((f.cell, f.end_line), f.line))
                for f in result.findings]
    return replace(result, tags=tuple(tags), findings=tuple(findings))


def test_there_are_five_projects_each_clean_and_buggy() -> None:
    names = {p.name.rsplit("_", 1)[0] for p in PROJECTS}
    assert len(names) >= 5
    for n in names:
        assert (CORPUS / "projects" / f"{n}_clean").is_dir() and (CORPUS / "projects" / f"{n}_buggy").is_dir()


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_project_both_ways(project: Path) -> None:
    files = _files(project)
    exps = {p: annotations.parse(load_program(str(p)).text, name_to_code()) for p in files}
    missing = sorted({m for e in exps.values() for m in e.requires if not have(m)})
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    results = {r.path: r for r in run([FileTask(str(p), ALL) for p in files])}
    problems: list[str] = []
    for p in files:
        r = _program_lines(results[str(p)], p)
        r = replace(r, findings=tuple(f for f in r.findings if f.confidence == "high"))
        assert r.error is None, f"{p.name}: {r.error}"
        problems += [f"{p.relative_to(project)}: {x}" for x in annotations.compare(r, exps[p])]
        if exps[p].status == "clean" and r.findings:
            problems.append(f"{p.relative_to(project)}: a clean project has findings")
    assert problems == [], "\n".join(problems)
