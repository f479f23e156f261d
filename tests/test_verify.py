"""`bpscan verify` and BP601: hand-written gradients checked numerically, never by running the script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan import annotations
from bpscan.analysis import analyze_source, build_model
from bpscan.source import load_program
from bpscan.verify import verify_model

from corpus_util import CORPUS, corpus_files

CLEAN = [p for p in corpus_files() if annotations.parse(p.read_text(encoding="utf-8")).status == "clean"]


def _checks(path: Path):  # type: ignore[no-untyped-def]
    return verify_model(build_model(load_program(str(path)).text, str(path)))


def test_no_correct_corpus_script_is_reported_as_a_mismatch() -> None:
    complete = 0
    for path in CLEAN:
        checks = _checks(path)
        assert not [c for c in checks if c.verdict == "mismatch"], path.name
        for c in checks:
            if c.verdict == "not verified":
                assert c.reason, f"{path.name}: {c.param} not verified without a reason"
        if checks and all(c.verdict == "ok" for c in checks):
            complete += 1
            assert all(c.rel_error is not None and c.rel_error < 1e-6 or c.reason for c in checks)
    # Today about half of the clean corpus verifies completely (the rest says why not).
    assert complete >= 20, complete


def test_verified_sign_and_direction_follow_the_error_orientation() -> None:
    checks = {c.param: c for c in _checks(CORPUS / "article_numpy_corrected.py")}
    assert {c.verdict for c in checks.values()} == {"ok"}
    # error = t - oz makes the hand-written gradients negative gradients, and += then descends
    assert {c.sign for c in checks.values()} == {"negative gradient"}
    assert {c.update for c in checks.values()} == {"descent"}


MUTANTS = [
    ("upd_clean_np_row_sigmoid_sse.py", "D2 = E2 * A2 * (1 - A2)", "D2 = E2 * A2 * (1 + A2)"),
    ("upd_clean_np_row_sigmoid_sse.py", "D1 = E1 * A1 * (1 - A1)", "D1 = E1 * A1 * (1.5 - A1)"),
    ("article_numpy_corrected.py", "delta = oz * (1 - oz) * error", "delta = oz * (1 + oz) * error"),
    ("upd_clean_np_funcs_y_minus_t.py", "dtanh = 1.0 - hidden ** 2", "dtanh = 1.0 - hidden"),
]


@pytest.mark.parametrize("name,old,new", MUTANTS, ids=[f"{m[0]}:{m[2]}" for m in MUTANTS])
def test_algebraic_mutants_are_caught_on_the_right_line(tmp_path: Path, name: str, old: str, new: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert old in text
    mutated = text.replace(old, new)
    line = next(i for i, ln in enumerate(mutated.splitlines(), 1) if new in ln)
    clean = analyze_source(text, name, verify=True)
    assert [f for f in clean.findings if f.code == "BP601"] == []
    result = analyze_source(mutated, name, verify=True)
    bp601 = [f for f in result.findings if f.code == "BP601"]
    assert bp601, "the mutant must be caught"
    assert {f.line for f in bp601} == {line}
    # no pattern rule names this bug: without --verify the scan is silent
    assert [f for f in analyze_source(mutated, name).findings] == []


def test_verify_command_prints_a_table_and_json(tmp_path: Path) -> None:
    path = CORPUS / "article_numpy_corrected.py"
    proc = subprocess.run([sys.executable, "-m", "bpscan", "verify", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0
    assert re.search(r"w1\s+\d\.\de-\d\d\s+negative gradient\s+descent\s+ok", proc.stdout)
    proc = subprocess.run([sys.executable, "-m", "bpscan", "verify", "--format", "json", str(path)],
                          capture_output=True, text=True)
    data = json.loads(proc.stdout)
    params = data["files"][0]["params"]
    assert {p["param"] for p in params} == {"w1", "w2"} and {p["verdict"] for p in params} == {"ok"}


def test_what_cannot_be_evaluated_is_not_verified_never_passed() -> None:
    checks = _checks(CORPUS / "style_rnn_char_adagrad_clean.py")
    assert checks and all(c.verdict == "not verified" and c.reason for c in checks)
    auto = _checks(CORPUS / "more_torch_autograd_nograd_zero_clean.py")
    assert auto and all(c.verdict == "not verified" and "autograd" in c.reason for c in auto)


def test_verify_never_executes_the_scanned_file(tmp_path: Path) -> None:
    marker = tmp_path / "written.txt"
    script = tmp_path / "evil_train.py"
    script.write_text(
        "import numpy as np, socket\n"
        f"open({str(marker)!r}, 'w').write('ran')\n"
        "socket.create_connection(('127.0.0.1', 9))\n"
        "x, t = np.random.randn(8, 3), np.random.rand(8, 1)\n"
        "w = np.random.randn(3, 1)\n"
        "for i in range(10):\n"
        "    z = 1 / (1 + np.exp(-x.dot(w)))\n"
        "    d = (z - t) * z * (1 - z)\n"
        "    w -= 0.1 * x.T.dot(d)\n",
        encoding="utf-8",
    )
    proc = subprocess.run([sys.executable, "-m", "bpscan", "verify", str(script)], capture_output=True,
                          text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "ok" in proc.stdout
    assert not marker.exists()
