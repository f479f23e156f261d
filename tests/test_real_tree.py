"""A scan of a directory laid out like a real repository: every readable file analysed, each bad one a one-line diagnostic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bpscan import source

BUGGY = (
    "import numpy as np\n"
    "x, t = np.random.randn(8, 3), np.random.rand(8, 1)\n"
    "w = np.random.randn(3, 1)\n"
    "for i in range(10):\n"
    "    z = 1 / (1 + np.exp(-x.dot(w)))\n"
    "    d = (t - z) * z * (1 - z)\n"
    "    w -= 0.1 * x.T.dot(d)\n"
)


def _tree(root: Path) -> None:
    (root / ".git").mkdir()
    (root / ".git" / "hooks.py").write_text("this is not python (\n", encoding="utf-8")
    (root / "venv" / "lib").mkdir(parents=True)
    (root / "venv" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (root / "venv" / "lib" / "site.py").write_text("syntax error (\n", encoding="utf-8")
    (root / "node_modules" / "pkg").mkdir(parents=True)
    (root / "node_modules" / "pkg" / "x.py").write_text("syntax error (\n", encoding="utf-8")
    (root / "build" / "lib").mkdir(parents=True)
    (root / "build" / "lib" / "copy.py").write_text(BUGGY, encoding="utf-8")
    (root / "src").mkdir()
    (root / "src" / "train.py").write_text(BUGGY, encoding="utf-8")
    (root / "src" / "broken.py").write_text("def f(:\n", encoding="utf-8")
    (root / "src" / "binary.py").write_bytes(b"\x00\x01\x02 not text")
    # a data dump that happens to be named .py, larger than bpscan reads
    with open(root / "src" / "weights_dump.py", "wb") as fh:
        fh.write(b"W = [" + b"0.5, " * (source.MAX_BYTES // 5 + 10) + b"]\n")
    os.symlink(root / "src" / "missing_target.py", root / "src" / "dangling.py")


def test_a_real_repository_tree_scans_to_the_end(tmp_path: Path) -> None:
    _tree(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "bpscan", "--no-cache", "--format", "json", "."],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr  # findings, not a usage or internal error
    doc = json.loads(proc.stdout)
    by_path = {Path(f["path"]).as_posix(): f for f in doc["files"]}
    # the script is analysed and its planted ascent found, also beside the bad files
    assert any(x["code"] == "BP201" for x in by_path["src/train.py"]["findings"])
    # each bad file gets its own diagnostic, and nothing else stops the scan
    for bad in ("src/broken.py", "src/binary.py", "src/weights_dump.py"):
        assert by_path[bad]["error"], bad
    # vendored and tool directories are not scanned
    assert not any(p.startswith((".git/", "venv/", "node_modules/")) for p in by_path)
    # a source name pointing nowhere is said on stderr, in one line
    assert [ln for ln in proc.stderr.splitlines() if "dangling.py" in ln and "broken symbolic link" in ln]
