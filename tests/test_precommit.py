"""The pre-commit hook, run for real: `pre-commit try-repo` against this checkout on two scripts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts import ARTICLE_SCRIPT

REPO = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed"),
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout of bpscan"),
]

SCRIPT = ARTICLE_SCRIPT
BUGGY = SCRIPT.format(op="-")
CLEAN = SCRIPT.format(op="+")


def _git_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="bpscan tests", GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="bpscan tests", GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
        GIT_OPTIONAL_LOCKS="0",  # never let a status query rewrite the checkout's index
        PRE_COMMIT_HOME=str(home), NO_COLOR="1",
    )
    env.pop("PYTHONPATH", None)  # the hook must run from its own installed environment
    return env


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True, timeout=120).stdout


def _hook_repo(tmp: Path, env: dict[str, str]) -> Path:
    """This checkout as pre-commit should see it.

    `pre-commit try-repo` picks up uncommitted changes to tracked files but not new, untracked
    ones (such as a freshly written .pre-commit-hooks.yaml). A clean checkout (CI) is used as it
    is; otherwise its working tree (tracked and untracked, minus what .gitignore ignores) is
    committed into a throw-away copy, so the test checks what is on disk now.
    """
    dirty = _git("status", "--porcelain", "--untracked-files=normal", cwd=REPO, env=env).strip()
    if not dirty:
        return REPO
    copy = tmp / "bpscan-checkout"
    listing = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO, env=env)
    for name in filter(None, listing.split("\0")):
        source = REPO / name
        if source.is_file():
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git("init", "-q", cwd=copy, env=env)
    _git("add", "-A", cwd=copy, env=env)
    _git("commit", "-q", "--no-verify", "-m", "snapshot", cwd=copy, env=env)
    return copy


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("precommit")
    env = _git_env(tmp / "pre-commit-home")
    hooks = _hook_repo(tmp, env)
    work = tmp / "user-project"
    work.mkdir()
    _git("init", "-q", cwd=work, env=env)
    (work / "train_buggy.py").write_text(BUGGY)
    (work / "train_clean.py").write_text(CLEAN)
    _git("add", "-A", cwd=work, env=env)

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pre-commit", "try-repo", str(hooks), "bpscan", "--verbose", "--files", *files],
            cwd=work, env=env, capture_output=True, text=True, timeout=900,
        )

    return run


def test_hook_passes_on_a_clean_script(try_repo) -> None:  # type: ignore[no-untyped-def]
    proc = try_repo("train_clean.py")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "bpscan" in output and "Passed" in output


def test_hook_fails_on_the_buggy_script_and_shows_the_finding(try_repo) -> None:  # type: ignore[no-untyped-def]
    proc = try_repo("train_buggy.py")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Failed" in output
    update_lines = [i for i, line in enumerate(BUGGY.splitlines(), 1) if "-= learning_rate" in line]
    for line in update_lines:
        assert f"train_buggy.py:{line}:" in output, output
    assert "BP201 ascent-update" in output
