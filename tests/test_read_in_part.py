"""A script with a syntax error in a line or two is read without those lines, and says so."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bpscan.analysis import analyze_source
from bpscan.results import READ_IN_PART
from bpscan.source import SourceError

REPO = Path(__file__).resolve().parents[1]

# A layer library whose class was written `def Affine:` (Python stops there: "expected '('"); the methods below
# are the class's, and the rest of the file is plain Python.
_LIBRARY = textwrap.dedent('''
    import numpy as np


    class Relu:
        def __init__(self):
            self.mask = None

        def forward(self, x):
            self.mask = x <= 0
            out = x.copy()
            out[self.mask] = 0
            return out

        def backward(self, dout):
            dout[self.mask] = 0
            return dout


    def Affine:
        def __init__(self, w, b):
            self.w = w
            self.b = b
            self.x = None
            self.dw = None
            self.db = None

        def forward(self, x):
            self.x = x
            return np.dot(x, self.w) + self.b

        def backward(self, dout):
            dx = np.dot(dout, self.w.T)
            self.dw = np.dot(self.x.T, dout)
            self.db = np.sum(dout, axis=0)
            return dx
''')

# A training script whose printing line lost its closing quote; one line further on, an update is missing.
_SCRIPT = textwrap.dedent('''
    import numpy as np

    X = np.random.randn(64, 3)
    y = np.random.randn(64, 1)
    W1 = np.random.randn(3, 8) * 0.1
    b1 = np.zeros((1, 8))
    W2 = np.random.randn(8, 1) * 0.1
    b2 = np.zeros((1, 1))
    lr = 0.1
    for epoch in range(200):
        h = np.tanh(X @ W1 + b1)
        out = h @ W2 + b2
        loss = np.mean((out - y) ** 2)
        d_out = 2 * (out - y) / len(X)
        dW2 = h.T @ d_out
        db2 = d_out.sum(axis=0, keepdims=True)
        d_h = d_out @ W2.T * (1 - h ** 2)
        dW1 = X.T @ d_h
        db1 = d_h.sum(axis=0, keepdims=True)
        W2 -= lr * dW2
        b2 -= lr * db2
        W1 += lr * dW1
        print("epoch", epoch, "loss, loss)
''')


def _line(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_a_class_written_as_def_is_read_as_the_class_its_methods_say() -> None:
    res = analyze_source(_LIBRARY, "layers.py")
    assert res.error is None
    assert any(n.startswith(READ_IN_PART + "syntax error at line " + str(_line(_LIBRARY, "def Affine:")))
               for n in res.notes), res.notes
    kinds = {(t.line, t.kind) for t in res.tags}
    assert (_line(_LIBRARY, "self.dw = np.dot(self.x.T, dout)"), "F3") in kinds
    assert (_line(_LIBRARY, "self.db = np.sum(dout, axis=0)"), "F3") in kinds
    assert (_line(_LIBRARY, "dx = np.dot(dout, self.w.T)"), "F2") in kinds


def test_the_rest_of_a_broken_script_is_checked_but_nothing_is_said_missing() -> None:
    res = analyze_source(_SCRIPT, "train.py")
    assert res.error is None
    note = next(n for n in res.notes if n.startswith(READ_IN_PART))
    assert f"line {_line(_SCRIPT, 'print(')}" in note and "nothing" not in note.split(";")[0]
    codes = {(f.line, f.code) for f in res.findings}
    # the ascent two lines above the slip is found ...
    assert (_line(_SCRIPT, "W1 += lr * dW1"), "BP201") in codes
    # ... but b1 is never updated, and with a line put aside that absence is not claimed
    assert not any(code == "BP101" for _, code in codes)


def test_more_than_a_slip_stays_a_syntax_error() -> None:
    text = _SCRIPT + "".join(f"    w{i} -= = 1\n" for i in range(3))
    with pytest.raises(SourceError, match=r"^syntax error at line \d+"):
        analyze_source(text, "train.py")
    # and a file of a few lines, one of them broken, is not read from what is left
    with pytest.raises(SourceError, match=r"^syntax error at line 3"):
        analyze_source("import numpy as np\nw = np.zeros(3)\nw -= = 1\n", "tiny.py")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "bpscan", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_report_says_which_line_was_put_aside_and_strict_counts_it(tmp_path: Path) -> None:
    (tmp_path / "layers.py").write_text(_LIBRARY, encoding="utf-8")
    proc = _cli("--no-cache", "--format", "concise", "layers.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    line = _line(_LIBRARY, "def Affine:")
    assert f"layers.py: note: read in part: syntax error at line {line}, column" in proc.stdout
    assert proc.stdout.rstrip().endswith("No findings in 1 file (1 read in part).")
    assert _cli("--no-cache", "--strict", "layers.py", cwd=tmp_path).returncode == 1


def test_annotate_leaves_a_file_read_in_part_alone(tmp_path: Path) -> None:
    path = tmp_path / "layers.py"
    path.write_text(_LIBRARY, encoding="utf-8")
    proc = _cli("annotate", "layers.py", cwd=tmp_path)
    assert "not annotated: syntax error at line" in proc.stderr
    assert path.read_text(encoding="utf-8") == _LIBRARY
