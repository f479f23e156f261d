"""Inline suppressions: which comments count, what they silence, and BP001 for unused ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan import engine, suppress
from bpscan.results import FileResult, Finding

REPO = Path(__file__).resolve().parents[1]


def finding(code: str = "BP201", name: str = "ascent-update", line: int = 3, end_line: int | None = None) -> Finding:
    return Finding(code, name, "error", line, 5, end_line or line, 30, f"{name} here")


def directives(text: str) -> list[suppress.Directive]:
    return suppress.find_directives(text)


# --- reading the comments -------------------------------------------------------------------


def test_noqa_forms_are_read_with_their_codes() -> None:
    text = (
        "a = 1  # noqa: BP201\n"
        "b = 2  # NOQA:BP201,bp101\n"
        "c = 3  # noqa: BP201, BP101 because the sign is handled elsewhere\n"
        "d = 4  # noqa\n"
        "e = 5  # noqa:\n"
    )
    got = [(d.line, d.kind, d.items) for d in directives(text)]
    assert got == [
        (1, "noqa", ("BP201",)),
        (2, "noqa", ("BP201", "BP101")),
        (3, "noqa", ("BP201", "BP101")),
        (4, "noqa", None),
        (5, "noqa", None),
    ]


def test_other_tools_noqa_codes_are_not_ours() -> None:
    text = "a = 1  # noqa: E501\nb = 2  # noqa: E501, BP201\n"
    got = [(d.line, d.items) for d in directives(text)]
    # line 1 belongs to another linter entirely; on line 2 only BP201 is bpscan's business
    assert got == [(2, ("BP201",))]


def test_bpscan_ignore_accepts_names_and_codes() -> None:
    text = "w -= lr * dw  # bpscan: ignore[ascent-update, BP101]\nv = 1  # bpscan: ignore\n"
    got = [(d.line, d.kind, d.items) for d in directives(text)]
    assert got == [(1, "bpscan", ("ascent-update", "BP101")), (2, "bpscan", None)]


def test_text_inside_strings_is_not_a_comment() -> None:
    text = (
        's = "x  # noqa: BP201"\n'
        "doc = '''\n"
        "w -= lr * dw  # bpscan: ignore[ascent-update]\n"
        "'''\n"
    )
    assert directives(text) == []


def test_two_directives_in_one_comment_and_their_columns() -> None:
    text = "w -= lr * dw  # type: ignore  # noqa: BP201  # bpscan: ignore[BP101]\n"
    ds = directives(text)
    assert [(d.kind, d.items) for d in ds] == [("noqa", ("BP201",)), ("bpscan", ("BP101",))]
    assert text[ds[0].column : ds[0].end_column] == "# noqa: BP201"
    assert text[ds[1].column : ds[1].end_column] == "# bpscan: ignore[BP101]"


def test_unparsable_tail_keeps_earlier_comments() -> None:
    text = "a = 1  # noqa: BP201\nb = (\n"
    assert [d.line for d in directives(text)] == [1]


# --- applying them --------------------------------------------------------------------------


def test_noqa_by_code_and_bpscan_ignore_by_name_silence_their_finding() -> None:
    text = "x\ny\nw -= lr * dw  # noqa: BP201\nz\nv -= lr * dv  # bpscan: ignore[ascent-update]\n"
    fs = [finding(line=3), finding(line=5), finding("BP101", "missing-update", line=5)]
    kept, unused = suppress.apply(fs, directives(text))
    assert kept == [fs[2]]  # BP101 on line 5 was not named
    assert unused == []


def test_comment_on_any_line_of_a_multiline_finding_counts() -> None:
    text = "w = (\n    w\n    - lr * dw  # noqa: BP201\n)\nu = 1  # noqa: BP201\n"
    spanning = finding(line=1, end_line=4)
    kept, unused = suppress.apply([spanning], directives(text))
    assert kept == []
    # the second comment (line 5) is outside the span: it suppresses nothing
    assert [(f.code, f.line) for f in unused] == [("BP001", 5)]


def test_a_comment_on_another_line_does_not_suppress() -> None:
    text = "# noqa: BP201\nw -= lr * dw\n"
    f = finding(line=2)
    kept, unused = suppress.apply([f], directives(text))
    assert kept == [f]
    assert [(u.code, u.name, u.severity, u.line) for u in unused] == [
        ("BP001", "unused-suppression", "warning", 1)
    ]


def test_unused_suppression_names_the_idle_code_and_the_fix() -> None:
    line = "    w2 += learning_rate * dw2  # noqa: BP201"
    text = f"for i in r:\n{line}\n"
    kept, unused = suppress.apply([], directives(text), lines=text.splitlines())
    assert kept == []
    (u,) = unused
    assert (u.line, u.column) == (2, line.index("#") + 1)  # 1-based column of the comment
    assert "BP201" in u.message and "# noqa: BP201" in u.message
    assert u.expected == "w2 += learning_rate * dw2"


def test_partly_used_directive_reports_only_the_idle_code() -> None:
    text = "x\nw -= lr * dw  # noqa: BP201, BP101\n"
    kept, unused = suppress.apply([finding(line=2)], directives(text), lines=text.splitlines())
    assert kept == []
    (u,) = unused
    assert "BP101" in u.message and "BP201 or" not in u.message
    assert u.expected == "w -= lr * dw  # noqa: BP201"


def test_bare_noqa_silences_everything_and_is_never_reported() -> None:
    text = "x\nw -= lr * dw  # noqa\nv = 1  # noqa\n"
    fs = [finding(line=2), finding("BP101", "missing-update", line=2)]
    kept, unused = suppress.apply(fs, directives(text))
    assert kept == []
    assert unused == []  # line 3's bare noqa may well be for flake8 or ruff


def test_bare_bpscan_ignore_is_reported_when_idle() -> None:
    text = "x\nw -= lr * dw  # bpscan: ignore\nv = 1  # bpscan: ignore\n"
    kept, unused = suppress.apply([finding(line=2)], directives(text))
    assert kept == []
    assert [u.line for u in unused] == [3]


def test_usage_is_judged_against_every_detected_finding() -> None:
    # BP101 was found but the run does not report it (say --ignore BP101): its noqa is not stale.
    text = "x\nw -= lr * dw  # noqa: BP101\n"
    detected = [finding("BP101", "missing-update", line=2)]
    kept, unused = suppress.apply([], directives(text), detected=detected)
    assert kept == [] and unused == []


def test_unused_warning_can_itself_be_silenced() -> None:
    text = "x\nw -= lr * dw  # noqa: BP201, BP001\nv = 1  # bpscan: ignore[BP201, unused-suppression]\n"
    kept, unused = suppress.apply([], directives(text))
    assert unused == []


def test_unknown_rule_is_called_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import bpscan.registry as registry

    monkeypatch.setattr(registry, "find_rule", lambda key: None)
    text = "v = 1  # bpscan: ignore[ascent-updte]\n"
    (u,) = suppress.apply([], directives(text))[1]
    assert "ascent-updte (unknown rule)" in u.message


# --- through the engine ---------------------------------------------------------------------


def _fake_analysis(findings: list[Finding]):
    def analyze(text: str, path: str = "<string>", cells: object = None) -> FileResult:
        return FileResult(path=path, findings=tuple(findings), source=text)

    return analyze


def test_engine_applies_selection_then_suppressions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    src = tmp_path / "train.py"
    src.write_text(
        "w1 -= lr * dw1  # noqa: BP201\n"
        "w2 -= lr * dw2\n"
        "w3 -= lr * dw3  # noqa: BP103\n"
        "b = 1  # noqa: BP101\n"
    )
    found = [finding(line=1), finding(line=2), finding("BP101", "missing-update", line=4)]
    monkeypatch.setattr("bpscan.analysis.analyze_source", _fake_analysis(found))

    everything = frozenset({"BP001", "BP101", "BP201", "BP103"})
    result = engine.check_file(engine.FileTask(str(src), everything))
    assert [(f.code, f.line) for f in result.findings] == [("BP201", 2), ("BP001", 3)]

    # BP101 ignored for this file: its noqa still matched a real finding, so it is not "unused"
    result = engine.check_file(engine.FileTask(str(src), everything - {"BP101"}))
    assert [(f.code, f.line) for f in result.findings] == [("BP201", 2), ("BP001", 3)]

    # BP001 not selected: stale suppressions are not reported
    result = engine.check_file(engine.FileTask(str(src), frozenset({"BP201"})))
    assert [(f.code, f.line) for f in result.findings] == [("BP201", 2)]


def _bp001_registered() -> bool:
    from bpscan.registry import find_rule

    return find_rule("BP001") is not None


@pytest.mark.skipif(not _bp001_registered(), reason="needs bp001_unused_suppression in rules.RULE_MODULES")
def test_cli_reports_stale_noqa_but_not_strings_or_other_tools(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(
        "import numpy as np\n"
        "w = np.zeros(3)  # noqa: BP201\n"
        "s = '# noqa: BP101'\n"
        "t = 1  # noqa: E501\n"
        "u = 2  # noqa\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    proc = subprocess.run(
        [sys.executable, "-m", "bpscan", "--format", "json", "--no-cache", "train.py"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120,
    )
    doc = json.loads(proc.stdout)
    findings = doc["files"][0]["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("BP001", 2)]
    assert proc.returncode == 1, proc.stderr
