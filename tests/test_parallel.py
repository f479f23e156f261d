"""`-j/--jobs`: parallel runs give the same results, order and exit status as serial ones."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bpscan import engine
from bpscan.results import FileResult, Finding, Tag

REPO = Path(__file__).resolve().parents[1]
EVERYTHING = frozenset({"BP001", "BP101", "BP201"})


def fake_analyze(text: str, path: str = "<string>", cells: object = None) -> FileResult:
    """A stand-in analysis whose findings depend on the text, and that fails on request."""
    if "RAISE" in text:
        raise ValueError("boom\nsecond line")
    if "DIE_IN_WORKER" in text and os.getpid() != int(os.environ["BPSCAN_TEST_PARENT"]):
        os._exit(3)  # a worker dying outright (a crash in native code)
    findings = tuple(
        Finding("BP201", "ascent-update", "error", i, 1, i, 5, f"update on line {i}")
        for i, line in enumerate(text.splitlines(), 1)
        if "-=" in line
    )
    tags = tuple(Tag(i, i, "update") for i, line in enumerate(text.splitlines(), 1) if "=" in line)
    return FileResult(path=path, tags=tags, findings=findings, notes=(f"pid {os.getpid()}",), source=text)


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr("bpscan.analysis.analyze_source", fake_analyze)
    monkeypatch.setenv("BPSCAN_TEST_PARENT", str(os.getpid()))
    out = []
    for i in range(24):
        body = "".join(f"w{j} -= lr * dw{j}\n" if (i + j) % 3 == 0 else f"x{j} = {j}  # noqa: BP201\n"
                       for j in range(i % 7 + 1))
        path = tmp_path / f"d{i % 3}" / f"train_{i:02d}.py"
        path.parent.mkdir(exist_ok=True)
        path.write_text(body)
        out.append(str(path))
    return out


def without_pids(results: list[FileResult]) -> list[FileResult]:
    return [replace(r, notes=tuple(n for n in r.notes if not n.startswith("pid "))) for r in results]


def tasks(paths: list[str]) -> list[engine.FileTask]:
    return [engine.FileTask(p, EVERYTHING) for p in reversed(paths)]  # input order must not matter


def test_parallel_results_equal_serial_results(files: list[str]) -> None:
    serial = engine.run(tasks(files), jobs=1)
    parallel = engine.run(tasks(files), jobs=2, min_files_per_job=1)
    assert [r.path for r in serial] == sorted(files, key=lambda p: tuple(p.split(os.sep)))
    assert without_pids(parallel) == without_pids(serial)
    assert [r.source for r in parallel] == [r.source for r in serial]
    assert sum(len(r.findings) for r in serial) > 10  # the comparison compared something
    # and the parallel run really used other processes
    pids = {n for r in parallel for n in r.notes if n.startswith("pid ")}
    assert f"pid {os.getpid()}" not in pids and len(pids) >= 1


def test_few_files_run_in_this_process(files: list[str]) -> None:
    results = engine.run(tasks(files[:3]), jobs=8)
    assert {n for r in results for n in r.notes} == {f"pid {os.getpid()}"}


def test_an_internal_error_in_one_file_does_not_stop_the_others(files: list[str], tmp_path: Path) -> None:
    bad = Path(files[5])
    bad.write_text("RAISE\n")
    for jobs in (1, 2):
        results = {r.path: r for r in engine.run(tasks(files), jobs=jobs, min_files_per_job=1)}
        assert len(results) == len(files)
        error = results[str(bad)].error
        assert error is not None and error.startswith("internal error: ValueError: boom second line")
        assert "report" in error and "\n" not in error
        assert all(r.error is None for p, r in results.items() if p != str(bad))


def test_a_dying_worker_does_not_lose_files(files: list[str], tmp_path: Path) -> None:
    Path(files[4]).write_text("DIE_IN_WORKER = 1\nw -= lr * dw\n")
    serial = engine.run(tasks(files), jobs=1)
    parallel = engine.run(tasks(files), jobs=2, min_files_per_job=1)
    assert without_pids(parallel) == without_pids(serial)


def test_cli_output_and_status_do_not_depend_on_jobs(tmp_path: Path) -> None:
    for i in range(30):
        sub = tmp_path / f"pkg{i % 4}"
        sub.mkdir(exist_ok=True)
        text = f"import numpy as np\nw = np.zeros({i})  # noqa: BP201\nw -= 0.1 * w\n"
        if i % 10 == 3:
            text = "x = 1\0\n"  # cannot be read: an error line in the report
        (sub / f"m{i:02d}.py").write_text(text)
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    runs = {}
    for jobs in ("1", "2"):
        for fmt in ("concise", "json"):
            proc = subprocess.run(
                [sys.executable, "-m", "bpscan", "--no-cache", "-j", jobs, "--format", fmt, "--strict", "."],
                cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300,
            )
            runs[jobs, fmt] = (proc.returncode, proc.stdout, proc.stderr)
    assert runs["1", "concise"] == runs["2", "concise"]
    assert runs["1", "json"] == runs["2", "json"]
    assert runs["1", "json"][0] == 1  # --strict: the unreadable files count
    assert runs["1", "concise"][1].count("NUL") == 3


def test_a_project_reports_the_same_whatever_the_hash_seed_and_jobs() -> None:
    # sets of names are iterated in many places; none of that order may reach the report (nor may a
    # clock: the analysis budget counts work), so a pre-commit run gives the same answer every time
    projects = REPO / "corpus" / "projects"
    outs = []
    for seed, jobs in (("0", "1"), ("1", "2"), ("12345", "2")):
        env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1", PYTHONHASHSEED=seed)
        proc = subprocess.run(
            [sys.executable, "-m", "bpscan", "--no-cache", "-j", jobs, "--format", "json", "--show-uncertain",
             "--exit-zero", str(projects)],
            capture_output=True, text=True, env=env, timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout)
    assert '"kind": "F3"' in outs[0]
    assert outs[0] == outs[1] == outs[2]
