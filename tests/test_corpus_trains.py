"""The corpus's "clean" labels are themselves checked: each clean script really trains."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from bpscan import annotations
from bpscan.marimo import as_script, is_marimo

from corpus_util import corpus_files, have

CLEAN = [p for p in corpus_files() if annotations.parse(p.read_text(encoding="utf-8")).status == "clean"]
_LOSS = re.compile(r"loss\D{0,12}?(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)", re.IGNORECASE)


def losses(output: str) -> list[float]:
    out = []
    for line in output.splitlines():
        m = _LOSS.search(line)
        if m:
            out.append(float(m.group(1)))
    return out


def test_loss_parser_reads_common_print_styles() -> None:
    text = "step 0 loss 2.5\niteration 10: loss 0.300000\nepoch    5 loss 1e-3\nfinal loss 0.0001"
    assert losses(text) == [2.5, 0.3, 0.001, 0.0001]


RUNNER = Path(__file__).resolve().parent / "_script_runner.py"


@pytest.fixture(scope="module")
def run_script():  # type: ignore[no-untyped-def]
    """`python SCRIPT` in the script's directory. Where the OS can fork, one runner process per
    test process imports NumPy once and forks a child per script (a fresh interpreter's start-up
    and `import numpy` were over half of this module's time)."""
    if not hasattr(os, "fork"):
        def run(script: Path):  # type: ignore[no-untyped-def]
            return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                                  timeout=300, cwd=script.parent)
        yield run
        return
    runner = subprocess.Popen([sys.executable, str(RUNNER)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def run(script: Path):  # type: ignore[no-untyped-def]
        assert runner.stdin is not None and runner.stdout is not None
        runner.stdin.write(json.dumps({"script": str(script), "timeout": 300}) + "\n")
        runner.stdin.flush()
        reply = runner.stdout.readline()
        assert reply, f"the script runner died (status {runner.poll()})"
        return SimpleNamespace(**json.loads(reply))

    try:
        yield run
    finally:
        assert runner.stdin is not None
        runner.stdin.close()
        try:
            runner.wait(timeout=30)
        except subprocess.TimeoutExpired:
            runner.kill()
            runner.wait()


def _marimo_notebook(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return "marimo" in text and is_marimo(ast.parse(text))


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_clean_corpus_script_trains(path, run_script, request) -> None:  # type: ignore[no-untyped-def]
    exp = annotations.parse(path.read_text(encoding="utf-8"))
    missing = [m for m in exp.requires if not have(m)]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    # a library with no training run of its own is trained by its driver, which imports it
    script = path.parent / exp.driver if exp.driver else path
    if not exp.driver and not have("marimo") and _marimo_notebook(path):
        # the program marimo runs: the cells' bodies in their dataflow order (bpscan reads the same program)
        script = path.parent / f".{path.stem}_cells.py"
        script.write_text(ast.unparse(as_script(ast.parse(path.read_text(encoding="utf-8")))), encoding="utf-8")
        request.addfinalizer(script.unlink)
    assert script.is_file(), f"missing driver {script}"
    proc = run_script(script)
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen = losses(proc.stdout)
    assert len(seen) >= 2, f"the script must print its loss at least twice:\n{proc.stdout[-1000:]}"
    first, last = seen[0], seen[-1]
    assert last < 0.9 * first, f"loss did not fall: first {first}, last {last}"
