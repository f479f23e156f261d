"""The `bpscan` command end to end: options, exit status, formats, colours, subcommands, start-up cost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan import registry
from bpscan.results import FileResult

from scripts import ARTICLE_SCRIPT

REPO = Path(__file__).resolve().parents[1]

BUGGY = ARTICLE_SCRIPT.format(op="-")
CLEAN = ARTICLE_SCRIPT.format(op="+")
UPDATE_LINES = [i for i, line in enumerate(BUGGY.splitlines(), 1) if "-= learning_rate" in line]


def bpscan(*args: str, cwd: Path, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, PYTHONPATH=str(REPO))
    full_env.pop("NO_COLOR", None)
    full_env.pop("FORCE_COLOR", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "bpscan", *args], cwd=cwd, capture_output=True,
                          text=True, env=full_env, timeout=kw.pop("timeout", 120), **kw)


def registered(code: str) -> bool:
    return registry.find_rule(code) is not None


needs_bp001 = pytest.mark.skipif(not registered("BP001"),
                                 reason="needs bp001_unused_suppression in rules.RULE_MODULES")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "clean.py").write_text("x = 1\n")
    (tmp_path / "binary.py").write_bytes(b"x = 1\0\n")  # cannot be analysed
    return tmp_path


# --- basics ---------------------------------------------------------------------------------


def test_version_and_help(tmp_path: Path) -> None:
    from bpscan import __version__

    proc = bpscan("--version", cwd=tmp_path)
    assert (proc.returncode, proc.stdout.strip()) == (0, f"bpscan {__version__}")
    proc = bpscan("--help", cwd=tmp_path)
    assert proc.returncode == 0
    for word in ("--format", "sarif", "--fail-on", "--jobs", "--no-cache", "bpscan rule", "exit status"):
        assert word in proc.stdout


@pytest.mark.parametrize(
    "args",
    [["--frobnicate", "."], ["--format", "xml", "."], ["-j", "0", "."], ["--fail-on", "fatal", "."],
     ["--color", "sometimes", "."]],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    proc = bpscan(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr and proc.stdout == ""


def test_missing_path_is_reported_and_the_rest_still_scanned(project: Path) -> None:
    proc = bpscan("--format", "json", "--no-cache", "clean.py", "nope.py", cwd=project)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["bpscan: error: nope.py: no such file or directory"]
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["clean.py"]


def test_directory_without_python_files_warns_and_passes(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# hi\n")
    proc = bpscan("--no-cache", "docs", cwd=tmp_path)
    assert proc.returncode == 0
    assert "no Python files" in proc.stderr


def test_no_path_means_the_current_directory(project: Path) -> None:
    proc = bpscan("--format", "json", "--no-cache", cwd=project)
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["binary.py", "clean.py"]


def test_python_m_and_console_script_agree(project: Path) -> None:
    exe = shutil.which("bpscan")
    if exe is None:
        pytest.skip("the bpscan console script is not installed")
    via_module = bpscan("--format", "json", "--no-cache", ".", cwd=project)
    via_script = subprocess.run([exe, "--format", "json", "--no-cache", "."], cwd=project,
                                capture_output=True, text=True, timeout=120)
    assert (via_script.returncode, via_script.stdout) == (via_module.returncode, via_module.stdout)


# --- files that cannot be analysed, --strict, --exit-zero ------------------------------------


def test_unreadable_file_is_reported_but_only_strict_fails(project: Path) -> None:
    proc = bpscan("--no-cache", ".", cwd=project)
    assert proc.returncode == 0
    assert "binary.py" in proc.stdout and "NUL" in proc.stdout
    assert bpscan("--no-cache", "--strict", ".", cwd=project).returncode == 1
    assert bpscan("--no-cache", "--strict", "--exit-zero", ".", cwd=project).returncode == 0
    doc = json.loads(bpscan("--no-cache", "--format", "json", ".", cwd=project).stdout)
    errors = {f["path"]: f["error"] for f in doc["files"]}
    assert errors["clean.py"] is None and "NUL" in errors["binary.py"]


def test_internal_error_in_one_file_exits_2_and_names_it(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from bpscan import cli

    def analyze(text: str, path: str = "<string>", cells: object = None) -> FileResult:
        if "boom" in text:
            raise KeyError("unexpected node")
        return FileResult(path=path)

    monkeypatch.setattr("bpscan.analysis.analyze_source", analyze)
    monkeypatch.chdir(project)
    (project / "boom.py").write_text("boom = 1\n")
    status = cli.main(["--no-cache", "--format", "concise", "-j", "1", "."])
    out, err = capsys.readouterr()
    assert status == 2
    assert "boom.py" in err and "internal error: KeyError" in err and "report" in err
    assert "clean.py" not in err and "binary.py" in out  # the other files were still reported


# --- formats, output file, colour -----------------------------------------------------------


def test_default_format_off_a_terminal_is_concise(project: Path) -> None:
    default = bpscan("--no-cache", ".", cwd=project)
    concise = bpscan("--no-cache", "--format", "concise", ".", cwd=project)
    assert default.stdout == concise.stdout and default.stdout


def _run_on_terminal(args: list[str], cwd: Path) -> str:
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="100")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "bpscan", *args], cwd=cwd, stdout=slave,
                            stderr=subprocess.PIPE, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_default_format_on_a_terminal_is_full(project: Path) -> None:
    on_tty = _run_on_terminal(["--no-cache", "."], project)
    full = _run_on_terminal(["--no-cache", "--format", "full", "."], project)
    concise = _run_on_terminal(["--no-cache", "--format", "concise", "."], project)
    assert on_tty == full and on_tty != concise


def test_output_file_gets_the_report(project: Path) -> None:
    proc = bpscan("--no-cache", "--format", "json", "--output-file", "reports/bpscan.json", ".", cwd=project)
    assert proc.returncode == 0 and proc.stdout == ""
    doc = json.loads((project / "reports" / "bpscan.json").read_text())
    assert [f["path"] for f in doc["files"]] == ["binary.py", "clean.py"]


def test_color_flags_and_no_color(project: Path) -> None:
    def colored(*args: str, **env: str) -> bool:
        proc = bpscan("--no-cache", "--format", "concise", *args, ".", cwd=project, env=env)
        assert "binary.py" in proc.stdout
        return "\x1b[" in proc.stdout

    assert not colored()  # a pipe: plain
    assert colored("--color", "always")
    assert not colored("--color", "never", FORCE_COLOR="1")
    assert colored(FORCE_COLOR="1")
    assert not colored(FORCE_COLOR="1", NO_COLOR="1")  # NO_COLOR wins over auto
    assert colored("--color", "always", NO_COLOR="1")  # an explicit flag wins over NO_COLOR


# --- start-up cost --------------------------------------------------------------------------

HEAVY = ("rich", "networkx", "libcst", "nbformat", "jsonschema")


def _loaded_after(code: str, cwd: Path) -> list[str]:
    probe = code + f"\nimport sys\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_importing_the_cli_loads_no_heavy_module(tmp_path: Path) -> None:
    assert _loaded_after("import bpscan.cli, bpscan.engine, bpscan.config, bpscan.discovery, "
                         "bpscan.suppress, bpscan.cache", tmp_path) == []


def test_concise_run_never_imports_rich(project: Path) -> None:
    loaded = _loaded_after("from bpscan.cli import main\nmain(['--no-cache', '--format', 'concise', '.'])",
                           project)
    assert "rich" not in loaded and "nbformat" not in loaded


# --- subcommands ----------------------------------------------------------------------------


def test_rule_usage_errors(tmp_path: Path) -> None:
    assert bpscan("rule", cwd=tmp_path).returncode == 2
    proc = bpscan("rule", "no-such-rule", cwd=tmp_path)
    assert proc.returncode == 2 and "no-such-rule" in proc.stderr and "--all" in proc.stderr


@needs_bp001
def test_rule_prints_the_doc_by_code_or_name(tmp_path: Path) -> None:
    by_code = bpscan("rule", "BP001", cwd=tmp_path)
    by_name = bpscan("rule", "unused-suppression", cwd=tmp_path)
    assert by_code.returncode == 0 and by_code.stdout == by_name.stdout
    for heading in ("What it does", "Why is this bad", "Example", "Use instead"):
        assert heading in by_code.stdout
    assert "\x1b[" not in by_code.stdout


@needs_bp001
def test_rule_all_lists_code_name_severity_summary(tmp_path: Path) -> None:
    proc = bpscan("rule", "--all", cwd=tmp_path)
    assert proc.returncode == 0
    line = next(line for line in proc.stdout.splitlines() if line.startswith("BP001"))
    assert line.split()[:3] == ["BP001", "unused-suppression", "warning"]
    assert "suppresses nothing" in line
    assert len([ln for ln in proc.stdout.splitlines() if ln.startswith("BP")]) == len(registry.all_rules())


@pytest.mark.parametrize("sub", ["annotate", "verify"])
def test_delegated_subcommands(tmp_path: Path, sub: str) -> None:
    proc = bpscan(sub, "--help", cwd=tmp_path)
    if (REPO / "bpscan" / f"{sub}.py").exists() or (REPO / "bpscan" / sub / "__init__.py").exists():
        assert proc.returncode == 0 and proc.stdout
    else:
        assert proc.returncode == 2
        assert f"bpscan {sub}" in proc.stderr and "not available" in proc.stderr
        assert "Traceback" not in proc.stderr


# --- findings (BP001 is produced by the engine today; the others need the analysis) ---------


@needs_bp001
def test_findings_exit_1_and_exit_zero_or_fail_on_relax_it(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("w = 0  # noqa: BP201\n")
    proc = bpscan("--no-cache", "train.py", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith("train.py:1:")
    assert "BP001 unused-suppression" in proc.stdout
    assert bpscan("--no-cache", "--exit-zero", "train.py", cwd=tmp_path).returncode == 0
    assert bpscan("--no-cache", "--fail-on", "error", "train.py", cwd=tmp_path).returncode == 0
    assert bpscan("--no-cache", "--ignore", "BP001", "train.py", cwd=tmp_path).returncode == 0


@needs_bp001
def test_notebook_findings_point_at_cell_and_line(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Training\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["%matplotlib inline\n", "import numpy as np\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["x = 1\n", "w = np.zeros(3)  # noqa: BP201\n"]},
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "train.ipynb").write_text(json.dumps(nb))
    proc = bpscan("--no-cache", "--format", "json", "train.ipynb", cwd=tmp_path)
    (f,) = json.loads(proc.stdout)["files"][0]["findings"]
    assert (f["code"], f["cell"], f["line"]) == ("BP001", 3, 2)
    concise = bpscan("--no-cache", "train.ipynb", cwd=tmp_path).stdout
    assert concise.startswith("train.ipynb:cell 3:line 2:")


def test_article_script_with_minus_updates_is_flagged(tmp_path: Path) -> None:
    (tmp_path / "buggy.py").write_text(BUGGY)
    (tmp_path / "clean.py").write_text(CLEAN)
    proc = bpscan("--no-cache", "--select", "BP201", "buggy.py", "clean.py", cwd=tmp_path)
    assert proc.returncode == 1
    flagged = sorted(int(line.split(":")[1]) for line in proc.stdout.splitlines()
                     if "BP201 ascent-update" in line)
    assert flagged == UPDATE_LINES
    assert all(line.startswith("buggy.py:") for line in proc.stdout.splitlines() if "BP201" in line)
    assert bpscan("--no-cache", "clean.py", cwd=tmp_path).returncode == 0


def test_select_ignore_and_noqa_on_real_findings(tmp_path: Path) -> None:
    (tmp_path / "buggy.py").write_text(BUGGY)
    assert bpscan("--no-cache", "--ignore", "ascent-update", "buggy.py", cwd=tmp_path).returncode == 0
    assert bpscan("--no-cache", "--select", "BP1", "buggy.py", cwd=tmp_path).returncode == 0
    silenced = BUGGY.replace("* dw1\n", "* dw1  # noqa: BP201\n").replace(
        "* dw2\n", "* dw2  # bpscan: ignore[ascent-update]\n")
    (tmp_path / "buggy.py").write_text(silenced)
    proc = bpscan("--no-cache", "buggy.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout


def test_parallel_and_cached_runs_report_real_findings_identically(tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"net{i:02d}.py").write_text(BUGGY if i % 2 else CLEAN)
    serial = bpscan("--no-cache", "-j", "1", "--format", "json", ".", cwd=tmp_path)
    parallel = bpscan("--no-cache", "-j", "2", "--format", "json", ".", cwd=tmp_path)
    bpscan("--format", "json", ".", cwd=tmp_path)  # fill the cache
    cached = bpscan("--format", "json", ".", cwd=tmp_path)
    assert serial.stdout == parallel.stdout == cached.stdout
    assert serial.returncode == parallel.returncode == cached.returncode == 1
    assert sum(len(f["findings"]) for f in json.loads(serial.stdout)["files"]) == 12


# --- everyday use (issue 18): stdin, clean usage errors, "did you mean", rule lookup -----------


def test_stdin_reports_the_finding_under_the_stdin_filename(tmp_path: Path) -> None:
    proc = bpscan("--format", "concise", "-", "--stdin-filename", "src/train.py", cwd=tmp_path, input=BUGGY)
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if " BP201 " in line]
    assert [line.split(":")[:2] for line in lines] == [["src/train.py", str(n)] for n in UPDATE_LINES]
    assert "<stdin>" not in proc.stdout
    # without a name the program is reported as <stdin>; a clean program passes
    proc = bpscan("--format", "concise", "-", cwd=tmp_path, input=BUGGY)
    assert proc.returncode == 1 and proc.stdout.startswith(f"<stdin>:{UPDATE_LINES[0]}:")
    proc = bpscan("--format", "concise", "-", cwd=tmp_path, input=CLEAN)
    assert proc.returncode == 0 and "BP201" not in proc.stdout


def test_stdin_filename_ending_in_ipynb_is_read_as_a_notebook(tmp_path: Path) -> None:
    cell = BUGGY.replace("import numpy as np\n", "import numpy as np\n%matplotlib inline\n", 1)
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
          "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# train"},
                    {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                     "source": cell}]}
    proc = bpscan("--format", "concise", "-", "--stdin-filename", "nb.ipynb", cwd=tmp_path, input=json.dumps(nb))
    assert proc.returncode == 1, proc.stderr
    assert "nb.ipynb:cell 2:line " in proc.stdout and "BP201" in proc.stdout


def test_stdin_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    for args in (["-", "a.py"], ["--stdin-filename", "x.py", "a.py"]):
        proc = bpscan(*args, cwd=tmp_path, input="x = 1\n")
        assert proc.returncode == 2 and proc.stdout == ""
        assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["concise", "full", "json"])
def test_missing_file_alone_exits_2_with_one_line_and_no_report(tmp_path: Path, fmt: str) -> None:
    proc = bpscan("--format", fmt, "missing.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["bpscan: error: missing.py: no such file or directory"]
    assert "All checked" not in proc.stdout and "no findings" not in proc.stdout.lower()
    assert proc.stdout == ""


def test_missing_file_beside_a_clean_one_is_not_all_checked(project: Path) -> None:
    proc = bpscan("--format", "concise", "--no-cache", "clean.py", "nope.py", cwd=project)
    assert proc.returncode == 2
    assert "All checked" not in proc.stdout
    assert proc.stdout.strip().endswith("No findings in 1 file (1 path not found).")


def test_rule_accepts_a_unique_prefix_of_a_name_or_code(tmp_path: Path) -> None:
    by_code = bpscan("rule", "BP201", cwd=tmp_path)
    assert by_code.returncode == 0
    for word in ("ascent", "ASCENT-UP", "ascent_update"):
        proc = bpscan("rule", word, cwd=tmp_path)
        assert (proc.returncode, proc.stdout) == (0, by_code.stdout), word
    assert bpscan("rule", "BP6", cwd=tmp_path).stdout == bpscan("rule", "BP601", cwd=tmp_path).stdout
    proc = bpscan("rule", "BP20", cwd=tmp_path)  # ascent-update, update-drops-parameter
    assert proc.returncode == 2 and "BP201 ascent-update" in proc.stderr and "BP202 update-drops-parameter" in proc.stderr
    assert bpscan("rule", "transpose", cwd=tmp_path).stdout.startswith("BP304 missing-transpose")
    proc = bpscan("rule", "update", cwd=tmp_path)  # missing-update, ascent-update, ...
    assert proc.returncode == 2 and "BP101 missing-update" in proc.stderr and "BP201 ascent-update" in proc.stderr


def test_mistyped_rule_suggests_the_close_one(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    for args in (["--select", "BP2O1", "a.py"], ["--ignore", "ascnet-update", "a.py"], ["rule", "BP2O1"]):
        proc = bpscan(*args, cwd=tmp_path)
        assert proc.returncode == 2 and proc.stdout == "", args
        assert len(proc.stderr.strip().splitlines()) == 1
        wanted = "ascent-update" if "ascnet-update" in args else "BP201"
        assert f"did you mean {wanted!r}?" in proc.stderr, proc.stderr
    proc = bpscan("--select", "XYZ123", "a.py", cwd=tmp_path)  # nothing close: no guess
    assert proc.returncode == 2 and "did you mean" not in proc.stderr


def test_unknown_config_key_suggests_the_close_one(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text('[tool.bpscan]\nper-file-ignore = {"a.py" = ["BP201"]}\n')
    proc = bpscan("a.py", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "unknown key 'per-file-ignore' (did you mean 'per-file-ignores'?)" in proc.stderr


def test_rule_examples_show_the_finding_as_a_readable_comment(tmp_path: Path) -> None:
    proc = bpscan("rule", "BP304", cwd=tmp_path)
    assert proc.returncode == 0
    assert "# bp:" not in proc.stdout and "F3[w2]" not in proc.stdout
    flagged = [line.strip() for line in proc.stdout.splitlines() if "# <-" in line]
    assert flagged == ["err_h = delta.dot(w2)                # <- BP304 missing-transpose"]
    assert "        err_h = delta.dot(w2.T)\n" in proc.stdout  # the fix, tag stripped
    from bpscan.reporters.ruledoc import render_rule

    for rule in registry.all_rules():
        assert "# bp:" not in render_rule(rule, color=False), rule.code
        assert "# bp:" not in render_rule(rule, color=True), rule.code


# --- a report that scales (issue 18) ----------------------------------------------------------

TWO_BUGGY = ("article_numpy_prose_updates.py", "dictL_tanh_softmax_fstring_keys_buggy_dW_no_transpose.py")


@pytest.fixture
def two_buggy(tmp_path: Path) -> Path:
    d = tmp_path / "scripts"
    d.mkdir()
    for name in TWO_BUGGY:
        shutil.copy(REPO / "corpus" / name, d / name)
    return tmp_path


def _finding_blocks(out: str) -> list[list[str]]:
    """The lines of each finding: from its `BPxxx name  severity  path` header to the next header,
    file heading or summary."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in out.splitlines():
        if line[:2] == "BP" and line[2:5].isdigit():
            current = [line]
            blocks.append(current)
        elif "────" in line or line.startswith(("Found ", "Compact view")):
            current = None  # a file heading or the summary ends the block
        elif current is not None:
            current.append(line)
    return blocks


def test_directory_report_is_compact(two_buggy: Path) -> None:
    proc = bpscan("--format", "full", "--no-cache", "scripts", cwd=two_buggy)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(bpscan("--format", "json", "--no-cache", "scripts", cwd=two_buggy).stdout)
    count = sum(len(f["findings"]) for f in findings["files"])
    blocks = _finding_blocks(proc.stdout)
    assert len(blocks) == count >= 4
    for block in blocks:
        assert len(block) <= 8, "\n".join(block)
        assert any(line.lstrip().startswith("❱") for line in block)  # the statement itself
        assert any("expected:" in line or "add after" in line for line in block)
    assert "source with formula tags" not in proc.stdout
    assert "layers (forward order" not in proc.stdout
    # only the flagged statements are listed, no code window around them
    code_rows = [line for line in proc.stdout.splitlines() if " │ " in line]
    assert len(code_rows) == count and all(row.lstrip().startswith("❱") for row in code_rows)
    assert "--show-source" in proc.stdout  # says how to get the rest


def test_show_source_restores_the_detailed_view(two_buggy: Path) -> None:
    proc = bpscan("--format", "full", "--no-cache", "--show-source", "scripts", cwd=two_buggy)
    assert proc.returncode == 1
    assert proc.stdout.count("source with formula tags") == 2
    assert proc.stdout.count("layers (forward order") == 2
    assert "• line 39: the error's orientation is fixed here" in proc.stdout
    # one file alone gets the detailed view without asking
    one = bpscan("--format", "full", "--no-cache", f"scripts/{TWO_BUGGY[0]}", cwd=two_buggy)
    assert "source with formula tags" in one.stdout and "layers (forward order" in one.stdout


def test_quiet_prints_the_findings_only(two_buggy: Path) -> None:
    proc = bpscan("--format", "concise", "-q", "--no-cache", "scripts", cwd=two_buggy)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines and all(line.startswith("scripts/") and ": BP" in line for line in lines)
    full = bpscan("--format", "full", "-q", "--no-cache", "scripts", cwd=two_buggy)
    assert full.returncode == 1
    assert "Found" not in full.stdout and "summary" not in full.stdout and "────" not in full.stdout
    assert len(_finding_blocks(full.stdout)) == len(lines)


def test_statistics_counts_findings_per_code(two_buggy: Path) -> None:
    report = json.loads(bpscan("--format", "json", "--no-cache", "scripts", cwd=two_buggy).stdout)
    from collections import Counter

    expected = Counter(f["code"] for r in report["files"] for f in r["findings"])
    assert expected["BP201"] == 2
    proc = bpscan("--statistics", "--no-cache", "scripts", cwd=two_buggy)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    rows = [line.split() for line in lines[:-1]]
    assert {row[1]: int(row[0]) for row in rows} == dict(expected)
    assert rows[0][:3] == ["2", "BP201", "ascent-update"]  # most frequent first
    assert lines[-1] == f"Found {sum(expected.values())} findings in 2 files."
    as_json = json.loads(bpscan("--statistics", "--format", "json", "--no-cache", "scripts", cwd=two_buggy).stdout)
    assert {row["code"]: row["count"] for row in as_json} == dict(expected)
    assert bpscan("--statistics", "-q", "--no-cache", "scripts", cwd=two_buggy).stdout.splitlines() == lines[:-1]
