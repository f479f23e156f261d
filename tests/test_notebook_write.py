"""`bpscan annotate` and `bpscan --fix` on notebooks: only code cells' sources change, cell by cell."""

from __future__ import annotations

import ast
import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from bpscan import annotate, cli
from bpscan.config import OPT_IN
from bpscan.engine import FileTask, check_file
from bpscan.registry import all_rules
from corpus_util import code_part

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
ALL = frozenset(r.code for r in all_rules()) - set(OPT_IN)
PROSE = "article_numpy_prose_updates.py"


def _lines(name: str, first: int, last: int) -> str:
    """Lines first..last (1-based, inclusive) of a corpus script."""
    return "\n".join((CORPUS / name).read_text(encoding="utf-8").split("\n")[first - 1 : last])


def _prose_notebook() -> nbformat.NotebookNode:
    """The article's prose version in four cells: definitions (with a magic and an output), a markdown
    cell, the data and weights (with a shell escape), and the training loop (with an output)."""
    nb = nbformat.v4.new_notebook()
    defs = nbformat.v4.new_code_cell("%matplotlib inline\n" + _lines(PROSE, 5, 13), execution_count=1)
    defs.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ready\n")]
    data = nbformat.v4.new_code_cell("!pip install numpy\n" + _lines(PROSE, 16, 25), execution_count=2)
    loop = nbformat.v4.new_code_cell(_lines(PROSE, 27, 49), execution_count=3)
    loop.outputs = [nbformat.v4.new_output("stream", name="stdout", text="0 loss 12.5\n"),
                    nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})]
    nb.cells = [defs, nbformat.v4.new_markdown_cell("## Training — the net learns"), data, loop]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["custom"] = {"keep": [1, 2.5, "ü"]}
    return nb


def _write(path: Path, nb: nbformat.NotebookNode) -> bytes:
    nbformat.write(nb, str(path))
    return path.read_bytes()


def _high(path: Path) -> list:  # type: ignore[type-arg]
    return [f for f in check_file(FileTask(str(path), ALL)).findings if f.confidence == "high"]


def _fix(*args: str) -> int:
    return cli.main(["--fix", "--no-cache", "-q", "--color", "never", *args])


def _without_sources(raw: bytes) -> dict:  # type: ignore[type-arg]
    """The notebook with every code cell's source blanked: what must not change."""
    nb = json.loads(raw)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["source"] = None
    return nb


# --- --fix -----------------------------------------------------------------------------------------


def test_fix_turns_the_prose_notebook_into_the_corrected_one(tmp_path: Path) -> None:
    path = tmp_path / "prose.ipynb"
    before = _write(path, _prose_notebook())
    assert {f.code for f in _high(path)} == {"BP201", "BP302"}

    assert _fix(str(path)) == 0  # every finding fixed: nothing left to report
    after = path.read_bytes()
    assert _high(path) == []
    # only the loop cell's source changed: outputs, metadata, ids, counts, markdown and layout stay
    assert _without_sources(after) == _without_sources(before)
    old, new = before.decode().split("\n"), after.decode().split("\n")
    assert len(old) == len(new) and after.startswith(b'{\n "cells": [\n  {\n')
    changed = [(o, n) for o, n in zip(old, new) if o != n]
    assert changed == [
        ('    "    delta_h[h < 0] = 0  # bp: F1 BP302\\n",', '    "    delta_h[hy < 0] = 0  # bp: F1 BP302\\n",'),
        ('    "    w1 -= learning_rate * dw1  # bp: update[w1] BP201\\n",',
         '    "    w1 += learning_rate * dw1  # bp: update[w1] BP201\\n",'),
        ('    "    w2 -= learning_rate * dw2  # bp: update[w2] BP201"',
         '    "    w2 += learning_rate * dw2  # bp: update[w2] BP201"'),
    ]
    # statement for statement the corrected article
    loop = nbformat.reads(after.decode(), as_version=4).cells[3].source.split("\n")
    assert [code_part(ln) for ln in loop] == [code_part(ln) for ln in _lines("article_numpy_corrected.py", 27, 49).split("\n")]
    # a second run finds nothing to fix
    assert _fix(str(path)) == 0 and path.read_bytes() == after


def test_fix_diff_shows_each_changed_cell_and_writes_nothing(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "prose.ipynb"
    before = _write(path, _prose_notebook())
    assert cli.main(["--fix", "--diff", "--no-cache", str(path)]) == 1
    out = capsys.readouterr()
    assert path.read_bytes() == before
    assert out.out.startswith(f"--- a/{str(path).lstrip('/')}:cell 4\n+++ b/{str(path).lstrip('/')}:cell 4\n@@ ")
    added = [ln for ln in out.out.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    assert added == ["+    delta_h[hy < 0] = 0  # bp: F1 BP302",
                     "+    w1 += learning_rate * dw1  # bp: update[w1] BP201",
                     "+    w2 += learning_rate * dw2  # bp: update[w2] BP201"]
    assert "No newline at end of file" not in out.out  # a cell's last line is not news
    assert "would fix 3 findings in 1 file" in out.err


def test_fix_in_a_later_cell_uses_a_name_from_an_earlier_one(tmp_path: Path) -> None:
    # the forward pass in one cell, the backward pass in the next: the fix names `hy` from cell 1
    forward = ("import numpy as np\nx = np.random.randn(8, 3)\nt = np.random.randn(8, 1)\n"
               "w1 = np.random.randn(3, 4)\nw2 = np.random.randn(4, 1)\nlr = 0.1\n"
               "hy = x.dot(w1)\nh = np.maximum(hy, 0)\nz = h.dot(w2)")
    backward = ("error = z - t\ndw2 = h.T.dot(error)\nerror_h = error.dot(w2.T)\n"
                "delta_h = error_h * (h > 0)\ndw1 = x.T.dot(delta_h)\nw1 += lr * dw1\nw2 -= lr * dw2")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(forward), nbformat.v4.new_markdown_cell("backward"),
                nbformat.v4.new_code_cell(backward)]
    path = tmp_path / "split.ipynb"
    _write(path, nb)
    found = _high(path)
    assert [(f.code, f.cell, f.line) for f in found] == [("BP201", 3, 6)]
    assert _fix(str(path)) == 0
    cells = nbformat.read(str(path), as_version=4).cells
    assert cells[0].source == forward
    assert cells[2].source == backward.replace("w1 += lr * dw1", "w1 -= lr * dw1")


def _cells_at_top_level_statements(source: str) -> list[str]:
    """A script cut into cells before each top-level def or class (its decorators and comments above it)."""
    lines = source.split("\n")
    starts = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            while first > 0 and lines[first - 1].startswith("#"):
                first -= 1
            starts.append(first)
    bounds = sorted({0, *starts, len(lines)})
    return ["\n".join(lines[a:b]) for a, b in zip(bounds, bounds[1:]) if "\n".join(lines[a:b]).strip()]


#: the clean twin writes this fix in other words (as in test_fix): the statement --fix writes
TWIN_WORDS_IT_OTHERWISE = {
    ("opt_functional_rules_buggy_sgd_ascent.py", 17): 'next_w = w - config["learning_rate"] * dw',
}
BP201_TWINS = sorted(p for p in CORPUS.glob("*_buggy*.py") if "BP201" in p.read_text(encoding="utf-8")
                     and (CORPUS / (p.stem[: p.stem.index("_buggy")] + "_clean.py")).exists())


@pytest.mark.parametrize("script", BP201_TWINS, ids=[p.name for p in BP201_TWINS])
def test_buggy_bp201_twins_as_notebooks_fix_to_the_clean_twins_statements(tmp_path: Path, script: Path) -> None:
    source = script.read_text(encoding="utf-8")
    parts = _cells_at_top_level_statements(source)
    assert len(parts) >= 2
    nb = nbformat.v4.new_notebook()
    for i, part in enumerate(parts):
        nb.cells.append(nbformat.v4.new_code_cell(part))
        nb.cells.append(nbformat.v4.new_markdown_cell(f"part {i + 1}"))
    path = tmp_path / (script.stem + ".ipynb")
    _write(path, nb)
    as_py = tmp_path / script.name
    shutil.copyfile(script, as_py)
    assert "BP201" in {f.code for f in _high(path)}

    _fix(str(path))
    _fix(str(as_py))
    assert "BP201" not in {f.code for f in _high(path)}
    # the notebook's cells now hold what --fix writes into the script: the clean twin's statements
    # (test_fix checks the script's against the twin line by line)
    fixed = "\n".join(c.source for c in nbformat.read(str(path), as_version=4).cells if c.cell_type == "code")
    assert fixed.rstrip("\n") == as_py.read_text(encoding="utf-8").rstrip("\n")
    twin = (CORPUS / (script.stem[: script.stem.index("_buggy")] + "_clean.py")).read_text(encoding="utf-8")
    twin_code = {code_part(ln) for ln in twin.split("\n")}
    flagged = [f.line for f in check_file(FileTask(str(script), ALL)).findings if f.code == "BP201"]
    fixed_lines = as_py.read_text(encoding="utf-8").split("\n")
    for n in flagged:
        want = TWIN_WORDS_IT_OTHERWISE.get((script.name, n))
        assert code_part(fixed_lines[n - 1]) == want if want else code_part(fixed_lines[n - 1]) in twin_code, n


def test_a_fix_on_a_magic_line_is_declined_and_the_rest_applied(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    nb = _prose_notebook()
    nb.cells[3].source = nb.cells[3].source.replace("    w2 -= learning_rate", "    %time w2 -= learning_rate")
    path = tmp_path / "timed.ipynb"
    _write(path, nb)
    assert _fix(str(path)) == 1  # the %time update stays reported
    err = capsys.readouterr().err
    assert "timed.ipynb:cell 4:line 23: BP201 not fixed: the statement is on a line IPython rewrites" in err
    source = nbformat.read(str(path), as_version=4).cells[3].source
    assert "w1 += learning_rate * dw1" in source and "%time w2 -= learning_rate * dw2" in source


def test_colab_layout_is_kept(tmp_path: Path) -> None:
    # Colab writes two-space indentation with its keys unsorted; both stay
    nb = json.loads(nbformat.writes(_prose_notebook()))
    colab = {"nbformat": 4, "nbformat_minor": 0, "metadata": nb["metadata"], "cells": nb["cells"]}
    path = tmp_path / "colab.ipynb"
    before = json.dumps(colab, indent=2)
    path.write_text(before, encoding="utf-8")
    assert _fix(str(path)) == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith('{\n  "nbformat": 4,\n  "nbformat_minor": 0,\n  "metadata"')
    changed = [(o, n) for o, n in zip(before.split("\n"), after.split("\n")) if o != n]
    assert len(changed) == 3 and all(o.replace("-=", "+=").replace("[h <", "[hy <") == n for o, n in changed)


def test_a_layout_that_cannot_be_reproduced_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "odd.ipynb"
    text = nbformat.writes(_prose_notebook()).replace('"nbformat": 4', '"nbformat":   4')
    path.write_text(text, encoding="utf-8")
    assert _fix(str(path)) == 1
    assert "its JSON layout is not one bpscan can write back unchanged" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text


def test_without_nbformat_fix_says_so_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "prose.ipynb"
    before = _write(path, _prose_notebook())
    script = tmp_path / "upd_bug_np_momentum_ascent.py"
    shutil.copyfile(CORPUS / script.name, script)
    monkeypatch.setitem(sys.modules, "nbformat", None)  # `import nbformat` now fails
    assert _fix(str(path), str(script)) == 2
    err = capsys.readouterr().err
    assert [ln for ln in err.splitlines() if "nbformat" in ln] == [
        f"bpscan: error: {path}: rewriting a notebook needs nbformat: pip install 'bpscan[notebooks]'"]
    assert path.read_bytes() == before
    assert script.read_bytes() != (CORPUS / script.name).read_bytes()  # the script is still fixed


# --- annotate --------------------------------------------------------------------------------------


def test_annotate_writes_tags_into_the_right_cells_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "prose.ipynb"
    before = _write(path, _prose_notebook())
    assert annotate.main(["--line-length", "1000", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: 9 lines tagged\n"
    after = path.read_bytes()
    assert _without_sources(after) == _without_sources(before)
    old = nbformat.reads(before.decode(), as_version=4).cells
    new = nbformat.reads(after.decode(), as_version=4).cells
    assert [c.source for c in new[:3]] == [c.source for c in old[:3]]  # no backward statement there
    assert new[0].source.startswith("%matplotlib inline\n") and new[2].source.startswith("!pip install numpy\n")
    tagged = {ln.split("  # bp:")[0].strip(): ln[ln.index("# bp-tag:"):] for ln in new[3].source.split("\n")
              if "# bp-tag:" in ln}
    assert tagged["dw2 = hz.T.dot(delta)"] == "# bp-tag: F3: dW = a^T . delta  [layer 2, w2]"
    assert tagged["w1 -= learning_rate * dw1"] == (
        "# bp-tag: update [layer 1, w1] — BP201 ascent-update: expected w1 += learning_rate * dw1")
    # every line of the loop cell is still there, in order, only with a comment added
    assert [ln.split("  # bp-tag:")[0] for ln in new[3].source.split("\n")] == old[3].source.split("\n")
    # a second run changes nothing; --strip gives back the original bytes
    assert annotate.main(["--line-length", "1000", str(path)]) == 0 and path.read_bytes() == after
    assert annotate.main(["--strip", str(path)]) == 0 and path.read_bytes() == before


def test_annotate_above_around_magics_and_diff_per_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nb = _prose_notebook()
    # magics inside the loop cell, one indented in the loop body
    loop = nb.cells[3].source.replace("    # Update weights", "    %env X=1\n    # Update weights")
    nb.cells[3].source = "%%time\n" + loop
    path = tmp_path / "prose.ipynb"
    before = _write(path, nb)
    assert annotate.main(["--diff", "--style", "above", str(path)]) == 0
    out = capsys.readouterr().out
    assert path.read_bytes() == before
    name = str(path).lstrip("/")
    assert out.startswith(f"--- a/{name}:cell 4\n+++ b/{name}:cell 4\n@@ ")
    assert out.count("--- a/") == 1
    added = [ln for ln in out.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    assert added and all(ln.lstrip("+ ").startswith("# bp-tag:") for ln in added)
    assert annotate.main(["--style", "above", str(path)]) == 0
    source = nbformat.read(str(path), as_version=4).cells[3].source
    assert source.startswith("%%time\n") and "\n    %env X=1\n" in source
    assert [ln for ln in source.split("\n") if "# bp-tag:" not in ln] == nb.cells[3].source.split("\n")


def test_annotate_reports_an_unreadable_notebook_in_one_line(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [')
    assert annotate.main([str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"bpscan annotate: {path}: not annotated: malformed notebook: not JSON")
    assert path.read_text() == '{"cells": ['


def test_annotate_without_nbformat_says_so_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "prose.ipynb"
    before = _write(path, _prose_notebook())
    monkeypatch.setitem(sys.modules, "nbformat", None)
    assert annotate.main([str(path)]) == 2
    assert capsys.readouterr().err == (
        f"bpscan annotate: error: {path}: rewriting a notebook needs nbformat: pip install 'bpscan[notebooks]'\n")
    assert path.read_bytes() == before


def test_json_fix_edits_are_in_cell_lines_and_are_what_fix_writes(tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "prose.ipynb"
    _write(path, _prose_notebook())
    proc = subprocess.run([sys.executable, "-m", "bpscan", "--format", "json", "--no-cache", str(path)],
                          cwd=REPO, capture_output=True, text=True)
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert [(f["code"], f["cell"], f["line"], f["fix"]["applicable"]) for f in findings] == [
        ("BP302", 4, 18, True), ("BP201", 4, 22, True), ("BP201", 4, 23, True)]
    lines = nbformat.read(str(path), as_version=4).cells[3].source.split("\n")
    for f in findings:
        for e in reversed(f["fix"]["edits"]):
            line = lines[e["line"] - 1].encode()  # columns count UTF-8 bytes
            new = line[: e["column"] - 1] + e["content"].encode() + line[e["end_column"] - 1 :]
            lines[e["line"] - 1] = new.decode()
    _fix(str(path))
    assert "\n".join(lines) == nbformat.read(str(path), as_version=4).cells[3].source


def test_a_format_3_notebook_is_reported_once_and_left_alone(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    cell = nbformat.v3.new_code_cell(input=(CORPUS / PROSE).read_text(encoding="utf-8"))
    text = nbformat.writes(nbformat.v3.new_notebook(worksheets=[nbformat.v3.new_worksheet(cells=[cell])]), version=3)
    path = tmp_path / "old.ipynb"
    path.write_text(text, encoding="utf-8")
    assert _fix(str(path)) == 1  # the findings remain
    err = capsys.readouterr().err.splitlines()
    assert err == [f"bpscan: {path}: not fixed: only format 4 notebooks are rewritten (this one is format 3)"]
    assert path.read_text(encoding="utf-8") == text
