"""`[tool.bpscan]` in pyproject.toml: discovery, validation, and how the command line overrides it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan import config as cfg
from bpscan import registry

REPO = Path(__file__).resolve().parents[1]


def bpscan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "bpscan", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small rule set, so selection logic can be tested whatever rules exist today."""
    infos = [
        registry.RuleInfo(code, name, sev, "", "", "fake", lambda model: iter(()))
        for code, name, sev in [
            ("BP001", "unused-suppression", "warning"),
            ("BP101", "missing-update", "error"),
            ("BP102", "unused-gradient", "warning"),
            ("BP201", "ascent-update", "error"),
        ]
    ]
    monkeypatch.setattr(registry, "_CACHE", infos)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# --- finding the file -----------------------------------------------------------------------


def test_nearest_pyproject_with_a_bpscan_table_wins(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.bpscan]\nfail-on = 'error'\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'pkg'\n")  # no table: passed over
    script = write(tmp_path / "pkg" / "src" / "train.py", "")
    assert cfg.find_config([str(script)]) == str(tmp_path / "pyproject.toml")
    # the nearest pyproject.toml of any kind still anchors the cache
    assert cfg.find_project_root([str(script)]) == str(tmp_path / "pkg")

    write(tmp_path / "pkg" / "pyproject.toml", "[tool.bpscan]\nformat = 'json'\n")
    assert cfg.find_config([str(script)]) == str(tmp_path / "pkg" / "pyproject.toml")


def test_no_config_anywhere(tmp_path: Path) -> None:
    assert cfg.find_config([str(write(tmp_path / "a.py", ""))]) is None


def test_config_found_from_the_scanned_path_not_the_working_directory(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(project / "pyproject.toml", '[tool.bpscan]\nexclude = ["generated/"]\nformat = "json"\n')
    write(project / "train.py", "x = 1\n")
    write(project / "generated" / "model.py", "x = 1\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = bpscan("--no-cache", str(project), cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    files = [Path(f["path"]).name for f in json.loads(proc.stdout)["files"]]
    assert files == ["train.py"]


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        ("selct = ['BP201']", "selct", "unknown key"),
        ("per_file_ignores = {}", "per_file_ignores", "did you mean 'per-file-ignores'"),
        ("select = 'BP201'", "select", "expected a list"),
        ("exclude = [1, 2]", "exclude", "expected a list"),
        ("fail-on = 'fatal'", "fail-on", "one of info, warning, error"),
        ("format = 'xml'", "format", "one of concise"),
        ("cache = 'yes'", "cache", "true or false"),
        ("per-file-ignores = ['tests/*']", "per-file-ignores", "expected a table"),
        ("per-file-ignores = {'tests/*' = 'BP201'}", "per-file-ignores", "expected a list of rule codes"),
        ("select = ['BP999']", "select", "unknown rule 'BP999'"),
        ("per-file-ignores = {'tests/*' = ['nonsense-rule']}", "per-file-ignores", "unknown rule"),
    ],
)
def test_a_broken_setting_names_the_file_and_the_key(tmp_path: Path, body: str, key: str, words: str) -> None:
    path = write(tmp_path / "pyproject.toml", f"[tool.bpscan]\n{body}\n")
    with pytest.raises(cfg.ConfigError) as info:
        cfg.load_config(str(path))
    message = str(info.value)
    assert str(path) in message and key in message and words in message
    assert "\n" not in message


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.bpscan\nselect = [\n")
    with pytest.raises(cfg.ConfigError, match="invalid TOML"):
        cfg.load_config(str(path))


def test_broken_config_exits_2_with_one_line_naming_file_and_key(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.bpscan]\nfail-on = 3\n")
    write(tmp_path / "train.py", "x = 1\n")
    proc = bpscan("train.py", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "pyproject.toml" in lines[0] and "fail-on" in lines[0]
    assert proc.stdout == ""


def test_unknown_rule_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "train.py", "x = 1\n")
    proc = bpscan("--select", "BP999", "train.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "--select" in proc.stderr and "BP999" in proc.stderr


def test_valid_config_is_read(tmp_path: Path, fake_rules: None) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        "[tool.bpscan]\n"
        "select = ['BP1', 'ascent-update']\n"
        "ignore = ['BP102']\n"
        "extend-select = ['BP001']\n"
        "per-file-ignores = {'tests/**' = ['BP201']}\n"
        "exclude = ['build/']\n"
        "fail-on = 'warning'\n"
        "format = 'json'\n"
        "cache = false\n",
    )
    c = cfg.load_config(str(path))
    assert c.root == str(tmp_path)
    assert (c.fail_on, c.format, c.cache, c.exclude) == ("warning", "json", False, ("build/",))
    assert cfg.enabled_codes([c.rules]) == {"BP101", "BP201", "BP001"}


# --- merging with the command line ----------------------------------------------------------


def test_selection_layers_like_ruff(fake_rules: None) -> None:
    everything = {"BP001", "BP101", "BP102", "BP201"}
    assert cfg.enabled_codes([]) == everything
    conf = cfg.RuleSelection(select=("BP1",), ignore=("BP102",), where="cfg")
    assert cfg.enabled_codes([conf]) == {"BP101"}
    # the command line's --extend-select adds to the configured selection
    assert cfg.enabled_codes([conf, cfg.RuleSelection(extend_select=("BP201",))]) == {"BP101", "BP201"}
    # the command line's --select replaces it, the configured ignore included
    assert cfg.enabled_codes([conf, cfg.RuleSelection(select=("BP102", "BP201"))]) == {"BP102", "BP201"}
    # --ignore removes, also by name
    assert cfg.enabled_codes([cfg.RuleSelection(ignore=("ascent-update", "BP0"))]) == {"BP101", "BP102"}


def test_per_file_ignores_match_gitignore_style_relative_to_the_config(tmp_path: Path, fake_rules: None) -> None:
    c = cfg.Config(
        path=str(tmp_path / "pyproject.toml"),
        root=str(tmp_path),
        per_file_ignores=(("tests/**", frozenset({"BP201"})), ("*_scratch.py", frozenset({"BP101"}))),
    )
    pfi = cfg.PerFileIgnores(c)
    assert pfi.codes_for(str(tmp_path / "tests" / "unit" / "test_x.py")) == {"BP201"}
    assert pfi.codes_for(str(tmp_path / "src" / "net_scratch.py")) == {"BP101"}
    assert pfi.codes_for(str(tmp_path / "src" / "tests.py")) == set()


def test_format_from_config_and_command_line_override(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.bpscan]\nformat = 'json'\n")
    write(tmp_path / "train.py", "x = 1\n")
    proc = bpscan("--no-cache", "train.py", cwd=tmp_path)
    assert json.loads(proc.stdout)["files"][0]["path"] == "train.py"
    proc = bpscan("--no-cache", "--format", "concise", "train.py", cwd=tmp_path)
    with pytest.raises(json.JSONDecodeError):
        json.loads(proc.stdout)


def test_explicit_config_file_overrides_discovery(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.bpscan]\nformat = 'json'\n")
    other = write(tmp_path / "ci" / "bpscan.toml", "format = 'github'\nselct = 1\n")
    write(tmp_path / "train.py", "x = 1\n")
    proc = bpscan("--config", str(other), "train.py", cwd=tmp_path)
    # the explicit file is the one read (and its typo reported), not the discovered one
    assert proc.returncode == 2 and "bpscan.toml" in proc.stderr and "selct" in proc.stderr
    proc = bpscan("--config", str(tmp_path / "missing.toml"), "train.py", cwd=tmp_path)
    assert proc.returncode == 2 and "missing.toml" in proc.stderr and "not found" in proc.stderr


def _bp001_registered() -> bool:
    return registry.find_rule("BP001") is not None


needs_bp001 = pytest.mark.skipif(
    not _bp001_registered(), reason="needs bp001_unused_suppression in rules.RULE_MODULES"
)


@needs_bp001
def test_fail_on_and_ignores_from_config_and_flags(tmp_path: Path) -> None:
    # BP001 (a warning) is a real finding the engine reports today: a stale suppression.
    write(tmp_path / "train.py", "w = 0  # noqa: BP201\n")
    write(tmp_path / "pyproject.toml", "[tool.bpscan]\nfail-on = 'error'\n")
    assert bpscan("--no-cache", "train.py", cwd=tmp_path).returncode == 0
    assert bpscan("--no-cache", "--fail-on", "warning", "train.py", cwd=tmp_path).returncode == 1

    write(tmp_path / "pyproject.toml", "[tool.bpscan]\nignore = ['unused-suppression']\n")
    assert bpscan("--no-cache", "train.py", cwd=tmp_path).returncode == 0
    assert bpscan("--no-cache", "--extend-select", "BP001", "train.py", cwd=tmp_path).returncode == 1

    write(tmp_path / "pyproject.toml", "[tool.bpscan]\nper-file-ignores = {'train*.py' = ['BP0']}\n")
    assert bpscan("--no-cache", "train.py", cwd=tmp_path).returncode == 0
