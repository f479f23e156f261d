"""Security (issue 7, item 5): scanning never imports, runs or evaluates the scanned code, nor writes beside it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from bpscan.analysis import analyze_source
from bpscan.source import load_program, parse_python

REPO = Path(__file__).resolve().parents[1]

needs_cli = pytest.mark.skipif(not (REPO / "bpscan" / "cli.py").exists(), reason="the CLI is not written yet")

#: Module names bpscan (or the analysis) may import; a scanned directory may hold files named so.
SHADOWED_MODULES = ("numpy", "torch", "nbformat", "libcst", "rich", "networkx", "pathspec", "json", "tokenize", "jsonschema")


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A listening socket on 127.0.0.1 that the scanned script would connect to."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def _no_connection(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except (BlockingIOError, socket.timeout):
        return True
    conn.close()
    return False


def _hostile_tree(root: Path, port: int) -> dict[str, Path]:
    """A training script whose top level (and definitions) would delete, write, connect and spawn."""
    markers = {
        "victim": root / "victim.txt",
        "written": root / "written.txt",
        "spawned": root / "spawned.txt",
        "exec": root / "exec.txt",
        "default_arg": root / "default_arg.txt",
        "main": root / "main.txt",
        "victim_dir": root / "victim_dir",
    }
    markers["victim"].write_text("keep me")
    markers["victim_dir"].mkdir()
    (markers["victim_dir"] / "data.txt").write_text("keep me too")
    script = f"""\
import os
import shutil
import socket
import subprocess
import numpy as np

os.remove({str(markers["victim"])!r})
shutil.rmtree({str(markers["victim_dir"])!r})
with open({str(markers["written"])!r}, "w") as fh:
    fh.write("written at import")
conn = socket.create_connection(("127.0.0.1", {port}))
conn.sendall(b"scanned code ran")
subprocess.run(["touch", {str(markers["spawned"])!r}])
exec("open({str(markers["exec"])!r}, 'w').write('x')")
eval("__import__('os').system('touch {markers["exec"]}')")


def step(w, x=open({str(markers["default_arg"])!r}, "w")):
    return w


X = np.random.randn(8, 2)
T = (X[:, :1] > 0).astype(float)
w = np.random.randn(2, 1)
for epoch in range(10):
    y = 1 / (1 + np.exp(-X.dot(w)))
    error = T - y
    delta = y * (1 - y) * error
    dw = X.T.dot(delta)
    w += 0.5 * dw

if __name__ == "__main__":
    open({str(markers["main"])!r}, "w").write("main ran")
"""
    (root / "evil_train.py").write_text(script)
    return markers


def _assert_untouched(markers: dict[str, Path], server: socket.socket) -> None:
    assert markers["victim"].read_text() == "keep me"
    assert (markers["victim_dir"] / "data.txt").read_text() == "keep me too"
    for name in ("written", "spawned", "exec", "default_arg", "main"):
        assert not markers[name].exists(), name
    assert _no_connection(server)


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


def test_the_hostile_script_really_is_hostile(tmp_path: Path, listener: socket.socket) -> None:
    # Guards the tests below: run for real, the script does every harmful thing they check for.
    markers = _hostile_tree(tmp_path, listener.getsockname()[1])
    subprocess.run([sys.executable, str(tmp_path / "evil_train.py")], cwd=tmp_path, timeout=120, check=True)
    assert not markers["victim"].exists() and not markers["victim_dir"].exists()
    for name in ("written", "spawned", "exec", "default_arg", "main"):
        assert markers[name].exists(), name
    listener.settimeout(5)
    conn, _ = listener.accept()
    conn.close()


def test_analysis_in_process_runs_nothing(tmp_path: Path, listener: socket.socket) -> None:
    markers = _hostile_tree(tmp_path, listener.getsockname()[1])
    path = str(tmp_path / "evil_train.py")
    program = load_program(path)
    parse_python(program.text, path)
    analyze_source(program.text, path)
    _assert_untouched(markers, listener)


@needs_cli
@pytest.mark.parametrize("extra", [[], ["--no-cache"], ["--format", "json"], ["-j", "2"]])
def test_cli_scan_runs_nothing_and_writes_nothing(tmp_path: Path, listener: socket.socket, extra: list[str]) -> None:
    scanned = tmp_path / "project"
    scanned.mkdir()
    markers = _hostile_tree(scanned, listener.getsockname()[1])
    # Files named like modules bpscan imports: importing the scanned directory would run them.
    for name in SHADOWED_MODULES:
        (scanned / f"{name}.py").write_text(f"open({str(scanned / (name + '.imported'))!r}, 'w').write('x')\n")
    before = _snapshot(scanned)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    proc = subprocess.run(
        [sys.executable, "-m", "bpscan", *extra, str(scanned)],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    _assert_untouched(markers, listener)
    assert not list(scanned.glob("*.imported"))
    after = {k: v for k, v in _snapshot(scanned).items() if not k.startswith(".bpscan_cache")}
    assert after == before  # nothing scanned was changed, nothing new was written beside it
    if "--no-cache" in extra:
        assert not (scanned / ".bpscan_cache").exists() and not (elsewhere / ".bpscan_cache").exists()


@needs_cli
@pytest.mark.skipif(shutil.which("bpscan") is None, reason="the bpscan console script is not installed")
def test_console_script_run_inside_the_scanned_directory_imports_nothing_from_it(tmp_path: Path) -> None:
    # pre-commit runs the console script with the repository as the working directory.
    for name in SHADOWED_MODULES:
        (tmp_path / f"{name}.py").write_text(f"open({str(tmp_path / (name + '.imported'))!r}, 'w').write('x')\n")
    (tmp_path / "train.py").write_text("import numpy as np\nw = np.zeros(2)\nw -= 0.1 * np.ones(2)\n")
    proc = subprocess.run(
        ["bpscan", "--no-cache", "."], cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env=dict(os.environ, NO_COLOR="1"),
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert not list(tmp_path.glob("*.imported"))


def _hostile_notebook(root: Path) -> dict[str, Path]:
    markers = {"victim": root / "victim.txt", "touched": root / "touched.txt", "magic": root / "magic.txt"}
    markers["victim"].write_text("keep me")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"!rm {markers['victim']}\n!touch {markers['touched']}\nimport numpy as np"),
        nbformat.v4.new_code_cell(f"%%bash\nrm -f {markers['victim']}\ntouch {markers['touched']}"),
        nbformat.v4.new_code_cell(
            f"files = !rm -f {markers['victim']}\n%sx touch {markers['touched']}\n"
            f"get_ipython().system('touch {markers['magic']}')\n%run {root / 'payload.py'}"
        ),
        nbformat.v4.new_code_cell("w = np.zeros(2)\nfor i in range(3):\n    w -= 0.1 * np.ones(2)"),
    ]
    (root / "payload.py").write_text(f"open({str(markers['magic'])!r}, 'w').write('x')\n")
    (root / "hostile.ipynb").write_text(nbformat.writes(nb))
    return markers


def _assert_notebook_untouched(markers: dict[str, Path]) -> None:
    assert markers["victim"].read_text() == "keep me"
    assert not markers["touched"].exists()
    assert not markers["magic"].exists()


def test_notebook_shell_escapes_are_not_executed_in_process(tmp_path: Path) -> None:
    markers = _hostile_notebook(tmp_path)
    program = load_program(str(tmp_path / "hostile.ipynb"))
    assert "rm" not in program.text and "touch" not in program.text.replace("get_ipython().system('touch", "")
    analyze_source(program.text, str(tmp_path / "hostile.ipynb"))
    _assert_notebook_untouched(markers)


@needs_cli
def test_notebook_shell_escapes_are_not_executed_by_the_cli(tmp_path: Path) -> None:
    markers = _hostile_notebook(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    proc = subprocess.run(
        [sys.executable, "-m", "bpscan", "--format", "json", "--no-cache", str(tmp_path / "hostile.ipynb")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    files = json.loads(proc.stdout)["files"]
    assert [f["error"] for f in files] == [None]
    _assert_notebook_untouched(markers)
