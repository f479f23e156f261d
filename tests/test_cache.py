"""The on-disk cache: hits for unchanged files, misses for any change, never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan import cache as cache_mod
from bpscan import engine
from bpscan.results import FileResult, Finding, Layer, Related, Tag

REPO = Path(__file__).resolve().parents[1]
CODES = frozenset({"BP001", "BP201"})


def rich_result(path: str, text: str) -> FileResult:
    """A result using every field, so that a lossy round trip would show."""
    return FileResult(
        path=path,
        layers=(Layer("layer 1", "w", "b", "x", "y", "relu", "z", "row", 3, f1=(5,), f3=(6,), update=(7,),
                      direction="ascent"),),
        tags=(Tag(5, 5, "F1", layer="layer 1", param="w", confidence="medium"),),
        findings=(Finding("BP201", "ascent-update", "error", 7, 5, 7, 20, "w ascends", expected="w += lr * dw",
                          related=(Related(4, "error = t - z fixes the sign"),)),),
        notes=("could not tell the loss",),
        source=text,
    )


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def analyze(text: str, path: str = "<string>", cells: object = None) -> FileResult:
        calls.append(path)
        return rich_result(path, text)

    monkeypatch.setattr("bpscan.analysis.analyze_source", analyze)
    return calls


def test_unchanged_files_are_served_from_the_cache(tmp_path: Path, counting: list[str]) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("w -= lr * dw\n")
    b.write_text("v -= lr * dv\n")
    tasks = [engine.FileTask(str(a), CODES), engine.FileTask(str(b), CODES)]

    first = engine.run(tasks, cache=cache_mod.Cache(str(tmp_path)))
    assert len(counting) == 2
    second = engine.run(tasks, cache=cache_mod.Cache(str(tmp_path)))
    assert len(counting) == 2  # nothing analysed again
    assert second == first  # every field survives the round trip
    assert [r.source for r in second] == [r.source for r in first]

    b.write_text("v -= 2 * lr * dv\n")
    engine.run(tasks, cache=cache_mod.Cache(str(tmp_path)))
    assert counting[2:] == [str(b)]  # only the changed file

    engine.run([engine.FileTask(str(a), frozenset({"BP201"}))], cache=cache_mod.Cache(str(tmp_path)))
    assert counting[3:] == [str(a)]  # other settings: other entry


def test_a_change_to_bpscan_itself_invalidates_entries(tmp_path: Path, counting: list[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    a = tmp_path / "a.py"
    a.write_text("w -= lr * dw\n")
    tasks = [engine.FileTask(str(a), CODES)]
    engine.run(tasks, cache=cache_mod.Cache(str(tmp_path)))
    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda: "another build of bpscan")
    engine.run(tasks, cache=cache_mod.Cache(str(tmp_path)))
    assert len(counting) == 2


def test_internal_errors_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def broken(text: str, path: str = "<string>", cells: object = None) -> FileResult:
        calls.append(path)
        raise RuntimeError("transient")

    monkeypatch.setattr("bpscan.analysis.analyze_source", broken)
    a = tmp_path / "a.py"
    a.write_text("x = 1\n")
    for _ in range(2):
        (r,) = engine.run([engine.FileTask(str(a), CODES)], cache=cache_mod.Cache(str(tmp_path)))
        assert engine.is_internal_error(r)
    assert len(calls) == 2


def test_unwritable_or_corrupt_cache_never_crashes(tmp_path: Path, counting: list[str]) -> None:
    a = tmp_path / "a.py"
    a.write_text("w -= lr * dw\n")
    tasks = [engine.FileTask(str(a), CODES)]
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("a file where the cache directory would go\n")
    (r,) = engine.run(tasks, cache=cache_mod.Cache(str(blocker)))
    assert r.error is None and r.findings

    good = cache_mod.Cache(str(tmp_path))
    engine.run(tasks, cache=good)
    for entry in Path(good.directory).rglob("*.json"):
        entry.write_text("{ not json")
    (r,) = engine.run(tasks, cache=cache_mod.Cache(str(tmp_path)))
    assert r.findings and len(counting) == 3


def test_cache_directory_is_tagged_and_ignored_by_git(tmp_path: Path, counting: list[str]) -> None:
    a = tmp_path / "a.py"
    a.write_text("x = 1\n")
    engine.run([engine.FileTask(str(a), CODES)], cache=cache_mod.Cache(str(tmp_path)))
    cache_dir = tmp_path / ".bpscan_cache"
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache_dir / ".gitignore").read_text().splitlines()[-1] == "*"


def bpscan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "bpscan", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_stores_the_cache_beside_the_nearest_pyproject(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    (project / "src" / "train.py").write_text("x = 1\n")
    proc = bpscan("train.py", cwd=project / "src")
    assert proc.returncode == 0, proc.stderr
    assert (project / ".bpscan_cache").is_dir()
    assert not (project / "src" / ".bpscan_cache").exists()

    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "train.py").write_text("x = 1\n")
    assert bpscan("train.py", cwd=loose).returncode == 0
    assert (loose / ".bpscan_cache").is_dir()


def test_no_cache_flag_and_config_write_nothing(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("x = 1\n")
    assert bpscan("--no-cache", "train.py", cwd=tmp_path).returncode == 0
    assert not (tmp_path / ".bpscan_cache").exists()
    (tmp_path / "pyproject.toml").write_text("[tool.bpscan]\ncache = false\n")
    assert bpscan("train.py", cwd=tmp_path).returncode == 0
    assert not (tmp_path / ".bpscan_cache").exists()


def test_cached_run_gives_the_same_report_without_loading_the_analysis(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("import numpy as np\nw = np.zeros(3)  # noqa: BP201\n")
    (tmp_path / "broken.py").write_text("x = 1\0\n")
    fresh = bpscan("--format", "json", ".", cwd=tmp_path)
    probe = (
        "import sys\n"
        "from bpscan.cli import main\n"
        "status = main(['--format', 'json', '.'])\n"
        "sys.stderr.write(repr(sorted(m for m in ('bpscan.analysis', 'libcst', 'networkx') if m in sys.modules)))\n"
        "sys.exit(status)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    cached = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            env=env, timeout=120)
    assert cached.stdout == fresh.stdout and cached.returncode == fresh.returncode
    assert json.loads(cached.stdout)["files"][0]["error"]  # the unreadable file's error is cached too
    # pre-commit over unchanged files should cost only start-up
    assert cached.stderr == "[]"


def test_a_project_run_is_answered_from_one_pack_that_never_serves_a_stale_entry(tmp_path: Path,
                                                                                 counting: list[str]) -> None:
    # a run over many files leaves one pack of their entries: the next run reads it instead of an entry per
    # file; a file edited since is analysed again all the same, and a damaged pack only costs the speed
    files = []
    for i in range(12):
        f = tmp_path / f"m{i}.py"
        f.write_text(f"w{i} -= lr * dw{i}\n")
        files.append(f)
    tasks = [engine.FileTask(str(f), CODES) for f in files]
    first = engine.run(tasks, cache=cache_mod.Cache(str(tmp_path)))
    entries = Path(cache_mod.Cache(str(tmp_path))._entries)
    assert (entries / "pack.json").is_file() and len(counting) == 12

    for entry in entries.glob("*.json"):
        if entry.name != "pack.json":
            entry.unlink()  # only the pack is left to answer
    assert engine.run(tasks, cache=cache_mod.Cache(str(tmp_path))) == first
    assert len(counting) == 12

    files[3].write_text("w3 -= 2 * lr * dw3\n")
    engine.run(tasks, cache=cache_mod.Cache(str(tmp_path)))
    assert counting[12:] == [str(files[3])]

    (entries / "pack.json").write_text("{ not json")
    engine.run(tasks, cache=cache_mod.Cache(str(tmp_path)))
    assert len(counting) == 12 + 1 + 11  # every file whose own entry is gone, once; no crash
