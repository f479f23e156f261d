"""Silence on ordinary code (issue 7, item 3): the standard library, numpy and torch sources give no finding and no crash."""

from __future__ import annotations

import importlib.util
import sysconfig
import warnings
from pathlib import Path

import pytest

from bpscan.analysis import analyze_source
from bpscan.source import SourceError, load_program

#: Standard-library test data that is broken on purpose (tokenizer and 2to3 test files).
DELIBERATELY_BROKEN = ("test/tokenizedata/bad", "test/tokenizedata/badsyntax_", "lib2to3/tests/data/", "test/bad")


def _stdlib_files() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    return sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts and "dist-packages" not in p.parts)


def _package_files(name: str) -> list[Path]:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    return sorted(root.rglob("*.py"))


def _scan(files: list[Path]) -> tuple[int, list[str], list[str]]:
    """(files analysed, files that could not be read or parsed, findings) over `files`."""
    analysed = 0
    unreadable: list[str] = []
    findings: list[str] = []
    for path in files:
        try:
            program = load_program(str(path))
            result = analyze_source(program.text, str(path))
        except SourceError as err:
            unreadable.append(f"{path}: {err}")
            continue
        analysed += 1
        # what a user sees by default (medium-confidence findings need --show-uncertain)
        findings.extend(f"{path}:{f.line}: {f.code} {f.message}" for f in result.findings if f.confidence == "high")
    return analysed, unreadable, findings


def _unexpected(unreadable: list[str]) -> list[str]:
    """The diagnostics for files that this Python itself compiles: bpscan should have read those."""
    out = []
    for line in unreadable:
        path = line.split(": ", 1)[0]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(Path(path).read_bytes(), path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            continue  # broken on purpose (tokenizer test data) or newer syntax (3.12 generics)
        out.append(line)
    return out


LIBRARIES = {
    "stdlib": (_stdlib_files, 25),
    "numpy": (lambda: _package_files("numpy"), 25),
    "torch": (lambda: _package_files("torch"), 100),
    "scipy": (lambda: _package_files("scipy"), 40),
    "sklearn": (lambda: _package_files("sklearn"), 40),
    "pandas": (lambda: _package_files("pandas"), 60),
}


@pytest.mark.parametrize("library", list(LIBRARIES))
def test_subset_of_library_sources_gives_no_finding(library: str) -> None:
    list_files, step = LIBRARIES[library]
    files = list_files()
    if not files:
        pytest.skip(f"{library} is not installed")
    subset = files[::step]
    analysed, unreadable, findings = _scan(subset)
    assert findings == []
    assert _unexpected(unreadable) == []
    assert analysed >= 0.95 * len(subset)


@pytest.mark.slow
@pytest.mark.parametrize("library", list(LIBRARIES))
def test_full_library_sources_give_no_finding(library: str) -> None:
    list_files, _ = LIBRARIES[library]
    files = list_files()
    if not files:
        pytest.skip(f"{library} is not installed")
    analysed, unreadable, findings = _scan(files)
    assert findings == []
    assert _unexpected(unreadable) == []
    assert analysed >= 0.98 * len(files)


def test_the_deliberately_broken_stdlib_files_get_diagnostics_not_crashes() -> None:
    broken = [p for p in _stdlib_files() if any(part in p.as_posix() for part in DELIBERATELY_BROKEN)]
    broken = [p for p in broken if p.suffix == ".py"][:40]
    if not broken:
        pytest.skip("this Python ships without its test data")
    _, unreadable, findings = _scan(broken)
    assert findings == []
    assert all("\n" not in u for u in unreadable)
