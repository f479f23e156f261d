"""The pre-commit hook as the README documents it: its snippets pasted verbatim into a scratch
repository, `pre-commit install`, then a commit with a bug (blocked, the finding printed) and a
clean one (goes through).

The snippets are read from README.md between `<!-- precommit-local -->` and
`<!-- precommit-remote -->` markers, so the README and this test cannot drift apart. The remote
form points its URL at a local snapshot of this checkout (no network for the hook repository; its
dependencies still come from the package index) and is marked `slow`: pre-commit builds a
virtual environment and installs bpscan into it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bpscan
from scripts import ARTICLE_SCRIPT

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"

BUGGY = ARTICLE_SCRIPT.format(op="-")
CLEAN = ARTICLE_SCRIPT.format(op="+")


def _pre_commit_runs() -> bool:
    if importlib.util.find_spec("pre_commit") is None:
        return False
    try:
        proc = subprocess.run([sys.executable, "-m", "pre_commit", "--version"],
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
needs_pre_commit = pytest.mark.skipif(not _pre_commit_runs(), reason="pre-commit cannot be run")


def readme_snippet(name: str) -> str:
    """The fenced code block between `<!-- name -->` and `<!-- /name -->` in README.md."""
    text = README.read_text(encoding="utf-8")
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    assert start in text and end in text, f"README.md lacks the {start} ... {end} markers"
    section = text[text.index(start) + len(start):text.index(end)]
    match = re.search(r"^```[a-z]*\n(.*?)^```", section, re.S | re.M)
    assert match, f"no fenced code block between the {name} markers"
    return match.group(1)


def _git_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="bpscan tests", GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="bpscan tests", GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
        GIT_OPTIONAL_LOCKS="0",  # never let a status query rewrite the checkout's index
        PRE_COMMIT_HOME=str(tmp / "pre-commit-home"), NO_COLOR="1",
    )
    env.pop("PYTHONPATH", None)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # when run from a git hook
        env.pop(name, None)
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    proc = _run(["git", *args], cwd, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _commit_a_bug_then_a_clean_file(work: Path, config: str, env: dict[str, str]) -> None:
    """The user's steps: paste the config, `pre-commit install`, commit a bug, then a fix."""
    _git("init", "-q", cwd=work, env=env)
    (work / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git("add", ".pre-commit-config.yaml", cwd=work, env=env)
    install = _run([sys.executable, "-m", "pre_commit", "install"], work, env)
    assert install.returncode == 0, install.stdout + install.stderr
    _git("commit", "-q", "-m", "pre-commit config", cwd=work, env=env)

    (work / "train.py").write_text(BUGGY, encoding="utf-8")
    _git("add", "train.py", cwd=work, env=env)
    blocked = _run(["git", "commit", "-m", "a buggy training script"], work, env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "bpscan" in output and "Failed" in output, output
    update_lines = [i for i, line in enumerate(BUGGY.splitlines(), 1) if "-= learning_rate" in line]
    assert len(update_lines) == 2
    for line in update_lines:
        assert f"train.py:{line}:" in output, output
    assert "BP201 ascent-update" in output, output
    assert _git("rev-list", "--count", "HEAD", cwd=work, env=env).strip() == "1"  # not committed

    (work / "train.py").write_text(CLEAN, encoding="utf-8")
    _git("add", "train.py", cwd=work, env=env)
    passed = _run(["git", "commit", "-m", "the training script, fixed"], work, env)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "bpscan" in output and "Passed" in output, output
    assert _git("rev-list", "--count", "HEAD", cwd=work, env=env).strip() == "2"


def test_readme_snippets_name_the_hook_and_the_release_tag() -> None:
    yaml = pytest.importorskip("yaml")
    local = yaml.safe_load(readme_snippet("precommit-local"))
    (repo,) = local["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert hook["id"] == "bpscan" and hook["entry"] == "bpscan"
    assert hook["language"] in ("system", "python")

    remote = yaml.safe_load(readme_snippet("precommit-remote"))
    (repo,) = remote["repos"]
    assert repo["rev"] == f"v{bpscan.__version__}"
    assert [h["id"] for h in repo["hooks"]] == ["bpscan"]

    (defined,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert defined["id"] == "bpscan" and defined["entry"] == "bpscan"
    assert defined["language"] == "python"
    assert set(defined["types_or"]) == {"python", "jupyter"}


@needs_git
def test_the_release_tag_exists_in_this_checkout() -> None:
    """The README's `rev` names an annotated tag of this repository that defines the hook."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout of bpscan")
    env = _git_env(Path(os.devnull))
    if not _git("tag", "--list", cwd=REPO, env=env).strip():
        pytest.skip("this checkout has no tags (a shallow or tag-less clone)")
    tag = f"v{bpscan.__version__}"
    kind = _run(["git", "cat-file", "-t", tag], REPO, env)
    assert kind.returncode == 0, f"no tag {tag}: `git tag -a {tag}` on the release commit"
    assert kind.stdout.strip() == "tag", f"{tag} is a lightweight tag; the release tag is annotated"
    hooks = _git("show", f"{tag}:.pre-commit-hooks.yaml", cwd=REPO, env=env)
    assert "id: bpscan" in hooks
    version = _git("show", f"{tag}:bpscan/__init__.py", cwd=REPO, env=env)
    assert f'__version__ = "{bpscan.__version__}"' in version


@needs_git
@needs_pre_commit
def test_local_hook_from_the_readme_blocks_a_buggy_commit_and_passes_a_clean_one(
    tmp_path: Path,
) -> None:
    """`repo: local`, `entry: bpscan`: the `bpscan` on PATH is this checkout's."""
    env = _git_env(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "bpscan"
    shim.write_text(
        "#!/bin/sh\n"
        f"PYTHONPATH={shlex.quote(str(REPO))} exec {shlex.quote(sys.executable)} -m bpscan \"$@\"\n"
    )
    shim.chmod(0o755)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    work = tmp_path / "user-project"
    work.mkdir()
    _commit_a_bug_then_a_clean_file(work, readme_snippet("precommit-local"), env)


def _snapshot(tmp: Path, env: dict[str, str]) -> Path:
    """This checkout as it is on disk (tracked and untracked files, minus what .gitignore ignores)
    committed into a throw-away repository, so uncommitted work is what gets tested."""
    copy = tmp / "bpscan-clone"
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


@pytest.mark.slow
@needs_git
@needs_pre_commit
def test_remote_hook_from_the_readme_blocks_a_buggy_commit_and_passes_a_clean_one(
    tmp_path: Path,
) -> None:
    """The remote snippet with its URL pointed at a clone of this repository carrying the
    README's `rev` as an annotated tag; pre-commit installs bpscan from it."""
    env = _git_env(tmp_path)
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout of bpscan")
    snippet = readme_snippet("precommit-remote")
    rev = re.search(r"^\s*rev:\s*(\S+)", snippet, re.M)
    assert rev, snippet
    clone = _snapshot(tmp_path, env)
    _git("tag", "-a", rev.group(1), "-m", f"bpscan {rev.group(1)}", cwd=clone, env=env)
    config, count = re.subn(r"^(\s*-\s*repo:\s*)(?!local\b)\S+", lambda m: m.group(1) + str(clone),
                            snippet, flags=re.M)
    assert count == 1, snippet
    work = tmp_path / "user-project"
    work.mkdir()
    _commit_a_bug_then_a_clean_file(work, config, env)
