"""Which files a run scans: recursion, skipped directories, .gitignore, exclude, explicit paths, loops."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan.discovery import discover

REPO = Path(__file__).resolve().parents[1]


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def rel(root: Path, files: tuple[str, ...]) -> list[str]:
    return sorted(os.path.relpath(f, root).replace(os.sep, "/") for f in files)


def bpscan(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "bpscan", "--no-cache", *args],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout,
    )


def test_recursion_picks_python_files_and_notebooks(tmp_path: Path) -> None:
    touch(tmp_path, "train.py", "nb/explore.ipynb", "pkg/sub/model.py", "README.md", "data.csv", "tool.pyc")
    assert rel(tmp_path, discover([str(tmp_path)]).files) == [
        "nb/explore.ipynb", "pkg/sub/model.py", "train.py",
    ]


def test_vcs_caches_and_virtual_environments_are_skipped(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "keep.py",
        ".git/hooks/x.py",
        ".hg/x.py",
        "__pycache__/x.py",
        "node_modules/pkg/x.py",
        ".ipynb_checkpoints/nb-checkpoint.ipynb",
        "env/lib/python3.11/site-packages/numpy/core.py",
        "conda/lib/x.py",
        "src/.tox/x.py",
    )
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "conda" / "conda-meta").mkdir()
    assert rel(tmp_path, discover([str(tmp_path)]).files) == ["keep.py"]


def test_gitignore_files_are_honoured_with_negation_and_nesting(tmp_path: Path) -> None:
    touch(tmp_path, "train.py", "build/gen.py", "scratch_a.py", "scratch_keep.py", "sub/local.py", "sub/other.py")
    (tmp_path / ".gitignore").write_text("build/\nscratch_*.py\n!scratch_keep.py\n")
    (tmp_path / "sub" / ".gitignore").write_text("local.py\n")
    assert rel(tmp_path, discover([str(tmp_path)]).files) == ["scratch_keep.py", "sub/other.py", "train.py"]


def test_gitignore_above_the_scanned_directory_counts_inside_a_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*_generated.py\n/src/vendored/\n")
    touch(tmp_path, "src/train.py", "src/model_generated.py", "src/vendored/lib.py")
    assert rel(tmp_path, discover([str(tmp_path / "src")]).files) == ["src/train.py"]


def test_a_named_directory_inside_an_ignored_one_is_still_scanned(tmp_path: Path) -> None:
    # e.g. `bpscan ~/.pyenv/versions/3.11.7/lib/python3.11`, where ~/.pyenv/.gitignore has /versions/*
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("/versions/*\n*_generated.py\n")
    touch(tmp_path, "versions/3.11/lib/os.py", "versions/3.11/lib/x_generated.py", "versions/3.11/lib/sub/y.py")
    found = discover([str(tmp_path / "versions" / "3.11" / "lib")])
    assert rel(tmp_path, found.files) == ["versions/3.11/lib/os.py", "versions/3.11/lib/sub/y.py"]
    # scanned from the top, the ignored tree is skipped as git would
    assert discover([str(tmp_path)]).files == ()


def test_gitignore_outside_any_repository_above_the_scan_is_not_read(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.py\n")
    touch(tmp_path, "project/train.py")
    assert rel(tmp_path, discover([str(tmp_path / "project")]).files) == ["project/train.py"]


def test_an_invalid_gitignore_pattern_is_a_warning_and_the_others_still_apply(tmp_path: Path) -> None:
    # `.idea\\` (a Windows-style trailing backslash) is in a real repository's .gitignore.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n.idea\\\n*_generated.py\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / ".gitignore").write_text("# local\nold_*.py\nx\\\n")
    touch(tmp_path, "train.py", "build/gen.py", "model_generated.py", "src/net.py", "src/old_net.py")
    found = discover([str(tmp_path)])
    assert rel(tmp_path, found.files) == ["src/net.py", "train.py"]
    top, sub = os.path.join(str(tmp_path), ".gitignore"), os.path.join(str(tmp_path), "src", ".gitignore")
    assert found.warnings == (
        f'{top}:2: invalid pattern ".idea\\" skipped',
        f'{sub}:3: invalid pattern "x\\" skipped',
    )
    # Named from inside the repository, the .gitignore above is read as an ancestor: same warning.
    inner = discover([str(tmp_path / "src")])
    assert rel(tmp_path, inner.files) == ["src/net.py"]
    assert any(w.endswith('.gitignore:2: invalid pattern ".idea\\" skipped') for w in inner.warnings)


def test_an_invalid_exclude_pattern_is_a_warning(tmp_path: Path) -> None:
    touch(tmp_path, "train.py", "old.py")
    found = discover([str(tmp_path)], exclude=["old.py", "tmp\\"], root=str(tmp_path))
    assert rel(tmp_path, found.files) == ["train.py"]
    assert found.warnings == ('exclude: invalid pattern "tmp\\" skipped',)


def test_an_invalid_gitignore_pattern_does_not_abort_the_scan(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / ".gitignore").write_text(".idea\\\n")
    touch(tmp_path, "repo/train.py", "other.py")
    proc = bpscan("--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == 'bpscan: warning: repo/.gitignore:1: invalid pattern ".idea\\" skipped'
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["other.py", os.path.join("repo", "train.py")]


def test_exclude_patterns_are_relative_to_the_config_root(tmp_path: Path) -> None:
    touch(tmp_path, "train.py", "experiments/old.py", "src/experiments/keep.py", "src/net_old.py")
    found = discover([str(tmp_path)], exclude=["/experiments/", "*_old.py"], root=str(tmp_path))
    assert rel(tmp_path, found.files) == ["src/experiments/keep.py", "train.py"]


def test_explicit_files_are_scanned_even_if_excluded_unless_force_exclude(tmp_path: Path) -> None:
    touch(tmp_path, "experiments/old.py", "gen_model.py", "script")
    (tmp_path / ".gitignore").write_text("gen_*.py\n")
    named = [str(tmp_path / "experiments" / "old.py"), str(tmp_path / "gen_model.py"), str(tmp_path / "script")]
    found = discover(named, exclude=["experiments/"], root=str(tmp_path))
    # like ruff: what the user names is checked, whatever its suffix or ignore status
    assert rel(tmp_path, found.files) == ["experiments/old.py", "gen_model.py", "script"]
    forced = discover(named, exclude=["experiments/"], root=str(tmp_path), force_exclude=True)
    assert rel(tmp_path, forced.files) == ["gen_model.py", "script"]


def test_paths_are_sorted_unique_and_shown_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, "b.py", "a/z.py", "a/b.py")
    monkeypatch.chdir(tmp_path)
    found = discover([".", "b.py", "./a/b.py", "a"])
    assert found.files == (os.path.join("a", "b.py"), os.path.join("a", "z.py"), "b.py")


def test_missing_paths_are_reported_not_fatal(tmp_path: Path) -> None:
    touch(tmp_path, "a.py")
    found = discover([str(tmp_path / "a.py"), str(tmp_path / "nope.py")])
    assert rel(tmp_path, found.files) == ["a.py"]
    assert found.missing == ((str(tmp_path / "nope.py"), "no such file or directory"),)


def test_directory_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    touch(tmp_path, "proj/train.py", "proj/sub/model.py")
    os.symlink(tmp_path / "proj", tmp_path / "proj" / "sub" / "back")  # sub/back -> proj
    os.symlink("self", tmp_path / "proj" / "self")  # a link to itself
    os.symlink(tmp_path / "proj" / "train.py", tmp_path / "proj" / "linked.py")
    proc = bpscan("--format", "json", "proj", cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    paths = [f["path"] for f in json.loads(proc.stdout)["files"]]
    assert paths == [os.path.join("proj", "linked.py"), os.path.join("proj", "sub", "model.py"),
                     os.path.join("proj", "train.py")]


def test_explicit_self_loop_is_a_clear_error(tmp_path: Path) -> None:
    os.symlink("loop", tmp_path / "loop")
    touch(tmp_path, "ok.py")
    proc = bpscan("--format", "json", "loop", "ok.py", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "loop" in proc.stderr and "symbolic links" in proc.stderr.lower()
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["ok.py"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can list any directory")
def test_unlistable_directory_is_a_warning(tmp_path: Path) -> None:
    touch(tmp_path, "ok.py", "locked/x.py")
    (tmp_path / "locked").chmod(0)
    try:
        proc = bpscan("--format", "json", ".", cwd=tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert "locked" in proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["ok.py"]
